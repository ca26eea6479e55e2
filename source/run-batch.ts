// Non-interactive output for scripts and pipes: --once (a text table) and
// --json (JSON Lines). Takes the first snapshot, waits one interval so there
// are rates, then prints `count` times.
import {setTimeout as sleep} from 'node:timers/promises';
import type {Clock} from './clock.js';
import type {Options} from './options.js';
import {onceText, sourceHeading} from './output/once.js';
import {readingToJsonLine} from './output/json.js';
import {adviceText, viewText} from './output/views-text.js';
import {createHistory, markReset, pushRates, type RateHistory} from './stats/index.js';
import {pollAll} from './poll.js';
import {isFreshSample, type Readings} from './stats/reading.js';
import type {Source} from './sources/source.js';
import {trafficError} from './sources/traffic-error.js';
import {visibleLines} from './visible.js';

export type BatchIo = {
	readonly stdout: NodeJS.WritableStream;
	readonly columns: number;
	readonly wallTime: () => Date;
	/** True once the reader is gone (e.g. `hvtop --json | head -1`): stop printing. */
	readonly readerGone?: () => boolean;
};

export async function runBatch(source: Source, options: Options, clock: Clock & {advance?: (ms: number) => void}, io: BatchIo): Promise<number> {
	const devices = options.device === undefined ? await source.devices() : [options.device];
	let readings: Readings = await pollAll(source, devices, new Map(), clock.now());
	const histories = new Map<string, RateHistory>(devices.map(name => [name, createHistory()]));
	const count = options.count ?? 1;
	for (let round = 0; round < count; round++) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(options.intervalMs);
		if (io.readerGone?.()) {
			return 0;
		}

		clock.advance?.(options.intervalMs);
		// eslint-disable-next-line no-await-in-loop
		readings = await pollAll(source, devices, readings, clock.now());
		const ordered = devices.flatMap(name => readings.get(name) ?? []);
		for (const reading of ordered) {
			const history = histories.get(reading.name) ?? createHistory();
			if (reading.rates && isFreshSample(reading)) {
				pushRates(history, reading.rates);
			} else if (reading.rates?.reset) {
				// As the dashboard does: the re-creation is left out and marks the next sample.
				markReset(history);
			}
		}

		if (options.mode === 'json') {
			const time = io.wallTime();
			const view = options.viewGiven ? options.view : undefined;
			io.stdout.write(ordered.map(reading => `${readingToJsonLine(reading, source, time, {view, history: histories.get(reading.name)})}\n`).join(''));
		} else {
			const table = options.view === 'queues'
				? onceText(ordered, source, {units: 'bits', columns: io.columns})
				: `${sourceHeading(source)}\n\n${viewText(options.view, ordered, {units: 'bits', columns: io.columns, histories})}`;
			const advice = adviceText(ordered, {columns: io.columns, histories});
			// Text for a terminal or a log: outside strings in it are made visible-safe (--json is exact).
			io.stdout.write(visibleLines(`${round > 0 ? '\n' : ''}${table}\n\n${advice}\n`));
		}
	}

	// A device (or its traffic counters) that could not be read on the last round fails the run, even if an earlier round worked.
	return [...readings.values()].every(r => r.snapshot && !r.error && !trafficError(r.snapshot)) ? 0 : 1;
}
