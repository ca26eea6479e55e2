// A recording played back behind the Source interface (`hvtop replay FILE`):
// the dashboard, --once and --json read it as they read the model or a NIC,
// labelled REPLAY. Time runs from the first call: `now` minus the first `now`
// is the time into the recording, so the same ticks give the same snapshots
// and the same rates as the run that recorded them. Nothing can be changed.
import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
import {createGunzip} from 'node:zlib';
import {failWith} from '../errors.js';
import type {Result} from '../types.js';
import {decodeLine, recordingFormat, recordingVersion, type RecordingFrame, type RecordingHeader} from './recording.js';
import {unchangeableNeeds, type DeviceSnapshot, type Source} from './source.js';

/** Larger recordings are refused rather than read into memory. */
export const maxRecordingBytes = 1024 * 1024 * 1024;

type Answer = {readonly at: number; readonly result: Result<DeviceSnapshot>};

export type Recording = {
	readonly header: RecordingHeader;
	readonly devices: readonly string[];
	/** Each device's answers, oldest first. */
	readonly answers: ReadonlyMap<string, readonly Answer[]>;
};

const isHeader = (value: unknown): value is RecordingHeader =>
	typeof value === 'object' && value !== null && (value as RecordingHeader).format === recordingFormat;

function addFrame(frame: RecordingFrame, devices: Set<string>, answers: Map<string, Answer[]>): void {
	if ('devices' in frame) {
		for (const device of frame.devices) {
			devices.add(device);
		}

		return;
	}

	const list = answers.get(frame.device) ?? [];
	list.push({at: frame.at, result: 'snapshot' in frame ? {ok: true, value: frame.snapshot} : {ok: false, error: frame.error}});
	answers.set(frame.device, list);
	devices.add(frame.device);
}

const looksLikeFrame = (value: unknown): value is RecordingFrame =>
	typeof value === 'object' && value !== null
	&& (Array.isArray((value as {devices?: unknown}).devices)
		|| (typeof (value as {at?: unknown}).at === 'number' && typeof (value as {device?: unknown}).device === 'string'
			&& ('snapshot' in value || 'error' in value)));

/** Reads a recording; every way it can be wrong is one sentence naming the file (and the line). */
export async function readRecording(file: string): Promise<Result<Recording>> {
	const devices = new Set<string>();
	const answers = new Map<string, Answer[]>();
	let header: RecordingHeader | undefined;
	let bytes = 0;
	let number = 0;
	try {
		const raw = createReadStream(file);
		const input = createGunzip();
		// An error of the file (ENOENT, EACCES) ends the reading with it, not as an uncaught one.
		raw.on('error', error => input.destroy(error));
		const lines = createInterface({input: raw.pipe(input), crlfDelay: Infinity});
		for await (const line of lines) {
			number++;
			bytes += line.length + 1;
			if (bytes > maxRecordingBytes) {
				return failWith('EMSGSIZE', `${file} holds more than ${maxRecordingBytes / 1024 / 1024} MB of recording: replay a shorter one`);
			}

			const value = decodeLine(line);
			if (number === 1) {
				if (!isHeader(value)) {
					return failWith('EPARSE', `${file} is not an hvtop recording (no header line)`);
				}

				if (value.version > recordingVersion) {
					return failWith('EPARSE', `${file} is a version ${value.version} recording; this hvtop reads version ${recordingVersion} and older`);
				}

				header = value;
			} else if (looksLikeFrame(value)) {
				addFrame(value, devices, answers);
			} else {
				return failWith('EPARSE', `${file} line ${number}: not a recording frame`);
			}
		}
	} catch (error) {
		const {code, message} = error as NodeJS.ErrnoException;
		const why = code === 'ENOENT' ? 'no such file' : (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'not a gzip-compressed recording' : message);
		return failWith(code === 'ENOENT' ? 'ENOENT' : 'EPARSE', `${file}${number > 0 ? ` line ${number}` : ''}: ${why}`);
	}

	if (!header) {
		return failWith('EPARSE', `${file} is empty: not an hvtop recording`);
	}

	return {ok: true, value: {header, devices: [...devices], answers}};
}

/** "1:05" — minutes and seconds of recording time. */
const clock = (ms: number): string => {
	const seconds = Math.round(ms / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** The answer in force at `at` (the last at or before it; before the first, the first). */
function answerAt(list: readonly Answer[], at: number): Answer | undefined {
	let low = 0;
	let high = list.length - 1;
	let found = 0;
	while (low <= high) {
		const middle = (low + high) >> 1;
		if (list[middle]!.at <= at) {
			found = middle;
			low = middle + 1;
		} else {
			high = middle - 1;
		}
	}

	return list[found];
}

export function createReplaySource(recording: Recording, file: string): Source {
	const starts = [...recording.answers.values()].flatMap(list => (list.length > 0 ? [list[0]!.at] : []));
	const ends = [...recording.answers.values()].flatMap(list => (list.length > 0 ? [list.at(-1)!.at] : []));
	const recordedStart = starts.length > 0 ? Math.min(...starts) : 0;
	const length = ends.length > 0 ? Math.max(...ends) - recordedStart : 0;
	// Recording time = recordedStart + offset + (now − anchor) × speed, re-anchored at each speed change or seek.
	let anchor: number | undefined;
	let offset = 0;
	let speed = 1;
	let lastNow = 0;
	const into = (now: number): number => Math.min(length, offset + ((now - (anchor ?? now)) * speed));
	const where = (): string => `replay at ${clock(into(lastNow))} of ${clock(length)}, speed ×${speed >= 1 ? speed : `1/${1 / speed}`}`;
	const reanchor = () => {
		offset = into(lastNow);
		anchor = lastNow;
	};

	const refused = async () => failWith<never>('EOPNOTSUPP', `a recording cannot be changed: this is a replay of ${file}`);
	return {
		kind: 'replay',
		needs: unchangeableNeeds,
		label: `REPLAY of ${recording.header.label} (${file})`,
		async devices() {
			return recording.devices;
		},
		async snapshot(device, now) {
			anchor ??= now;
			lastNow = Math.max(lastNow, now);
			const answer = answerAt(recording.answers.get(device) ?? [], recordedStart + into(now));
			return answer ? answer.result : failWith('ENODEV', `${device} is not in the recording ${file}`);
		},
		replay: {
			speed(faster) {
				reanchor();
				speed = Math.min(16, Math.max(1 / 8, faster ? speed * 2 : speed / 2));
				return where();
			},
			seek(ms) {
				reanchor();
				offset = Math.min(length, Math.max(0, offset + ms));
				return where();
			},
		},
		setChannels: refused,
		setRings: refused,
		setCoalesce: refused,
		async close() {
			// Nothing is open once the recording is read.
		},
	};
}
