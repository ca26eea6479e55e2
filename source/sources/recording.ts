// The recording format (`--record FILE`, `hvtop replay FILE`): what a source
// delivered, one JSON line per answer, gzip-compressed. The first line names
// the format and its version; every later line is the device list or one
// device's snapshot (or why it could not be read) at the source's own time.
// 64-bit counters are written as decimal strings ({"$n": "…"}), exactly.
import {createWriteStream, type WriteStream} from 'node:fs';
import {createGzip, type Gzip} from 'node:zlib';
import type {DeviceSnapshot, Source} from './source.js';
import type {OpError, Result} from '../types.js';

export const recordingFormat = 'hvtop-recording';
export const recordingVersion = 1;

export type RecordingHeader = {
	readonly format: typeof recordingFormat;
	readonly version: number;
	/** The recorded source's label and kind (a replay says what it replays). */
	readonly label: string;
	readonly kind: Source['kind'];
	readonly started: string;
};

export type RecordingFrame =
	| {readonly devices: readonly string[]}
	| {readonly at: number; readonly device: string; readonly snapshot: DeviceSnapshot}
	| {readonly at: number; readonly device: string; readonly error: OpError};

/** JSON with exact 64-bit integers: a bigint becomes {"$n": "digits"}. */
export function encodeLine(value: unknown): string {
	return JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'bigint' ? {$n: entry.toString()} : entry));
}

/** The reverse of encodeLine; throws on text that is not JSON (the reader says which line). */
export function decodeLine(text: string): unknown {
	return JSON.parse(text, (_key, entry: unknown) => {
		if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
			const keys = Object.keys(entry);
			const digits = (entry as {$n?: unknown}).$n;
			if (keys.length === 1 && typeof digits === 'string' && /^-?\d{1,40}$/.test(digits)) {
				return BigInt(digits);
			}
		}

		return entry;
	});
}

/** Records a source's answers as it is used; closing the returned source ends the file. */
export function recordingSource(inner: Source, file: string, maxBytes: number, onStop: (why: string) => void): Source {
	const out: WriteStream = createWriteStream(file, {flags: 'wx', mode: 0o600});
	const gzip: Gzip = createGzip();
	gzip.pipe(out);
	let written = 0;
	let stopped = false;
	let lastDevices = '';
	const failed = (error: Error) => {
		stop(`recording stopped: ${file}: ${error.message}`);
	};

	out.on('error', failed);
	const stop = (why: string) => {
		if (!stopped) {
			stopped = true;
			gzip.end();
			onStop(why);
		}
	};

	const write = (value: unknown) => {
		if (stopped) {
			return;
		}

		const line = `${encodeLine(value)}\n`;
		written += line.length;
		gzip.write(line);
		if (written >= maxBytes) {
			stop(`recording stopped at ${Math.round(maxBytes / 1024 / 1024)} MB (uncompressed) in ${file}: the rest is not recorded`);
		}
	};

	write({format: recordingFormat, version: recordingVersion, label: inner.label, kind: inner.kind, started: new Date().toISOString()} satisfies RecordingHeader);
	return {
		...inner,
		async devices() {
			const devices = await inner.devices();
			const key = devices.join('\n');
			if (key !== lastDevices) {
				lastDevices = key;
				write({devices});
			}

			return devices;
		},
		async snapshot(device: string, now: number): Promise<Result<DeviceSnapshot>> {
			const result = await inner.snapshot(device, now);
			write(result.ok ? {at: now, device, snapshot: result.value} : {at: now, device, error: result.error});
			return result;
		},
		async close() {
			stop('');
			await new Promise<void>(resolve => {
				if (out.closed) {
					resolve();
				} else {
					out.once('close', () => {
						resolve();
					});
				}
			});
			await inner.close();
		},
	};
}
