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
	const recordedStart = starts.length > 0 ? Math.min(...starts) : 0;
	let firstNow: number | undefined;
	const refused = async () => failWith<never>('EOPNOTSUPP', `a recording cannot be changed: this is a replay of ${file}`);
	return {
		kind: 'replay',
		needs: unchangeableNeeds,
		label: `REPLAY of ${recording.header.label} (${file})`,
		async devices() {
			return recording.devices;
		},
		async snapshot(device, now) {
			firstNow ??= now;
			const answer = answerAt(recording.answers.get(device) ?? [], recordedStart + (now - firstNow));
			return answer ? answer.result : failWith('ENODEV', `${device} is not in the recording ${file}`);
		},
		setChannels: refused,
		setRings: refused,
		setCoalesce: refused,
		async close() {
			// Nothing is open once the recording is read.
		},
	};
}
