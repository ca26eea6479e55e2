// Non-interactive output for scripts and pipes: --once (a text table) and
// --json (JSON Lines). Takes the first snapshot, waits one interval so there
// are rates, then prints `count` times.
import {setTimeout as sleep} from 'node:timers/promises';
import type {Clock} from './clock.js';
import type {Options} from './options.js';
import {onceText} from './output/once.js';
import {readingToJsonLine} from './output/json.js';
import {pollAll, type Readings} from './poll.js';
import type {Source} from './sources/source.js';

export type BatchIo = {
	readonly stdout: NodeJS.WritableStream;
	readonly columns: number;
	readonly wallTime: () => Date;
};

export async function runBatch(source: Source, options: Options, clock: Clock & {advance?: (ms: number) => void}, io: BatchIo): Promise<number> {
	const devices = options.device === undefined ? await source.devices() : [options.device];
	let readings: Readings = await pollAll(source, devices, new Map(), clock.now());
	const count = options.count ?? 1;
	for (let round = 0; round < count; round++) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(options.intervalMs);
		clock.advance?.(options.intervalMs);
		// eslint-disable-next-line no-await-in-loop
		readings = await pollAll(source, devices, readings, clock.now());
		const ordered = devices.flatMap(name => readings.get(name) ?? []);
		if (options.mode === 'json') {
			const time = io.wallTime();
			io.stdout.write(ordered.map(reading => `${readingToJsonLine(reading, source, time)}\n`).join(''));
		} else {
			io.stdout.write(`${round > 0 ? '\n' : ''}${onceText(ordered, source, {units: 'bits', columns: io.columns})}\n`);
		}
	}

	return [...readings.values()].every(r => r.snapshot) ? 0 : 1;
}
