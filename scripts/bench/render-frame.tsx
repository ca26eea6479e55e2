// Figure 5: one render of the dashboard for a 64-queue device (`--scenario
// large`). The real App runs in Ink with a stepped clock: each sample is one
// tick from "the snapshots are read" to "the frame is written" — rates,
// history, advice, React, Yoga, Ink's output and its diff — into a fake
// terminal that swallows the bytes. The model's own tick is figure 6.
// The bench bundles this file exactly as the bin is bundled (scripts/bundle.ts),
// so it runs production code: React's production build, no tsx helpers.
//   npm run bench -- --only render
import process from 'node:process';
import {render} from 'ink';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import type {Source} from '../../source/sources/source.js';
import {median, percentile, sleep} from './stats.js';
import {FakeTerminal} from '../../test/helpers/fake-terminal.js';
import {SilentKeyboard} from '../../test/helpers/silent-keyboard.js';

const renders = Number(process.argv[2] ?? 200);
const warmup = 30;

type Sample = {total: number; ink: number};

async function measure(columns: number, rows: number): Promise<{samples: Sample[]; bytesPerFrame: number}> {
	const created = createModelSource({scenario: 'large', seed: 1});
	if (!created.ok) {
		throw new Error(created.error.message);
	}

	// Note when the tick's data is in: the sample starts there.
	let dataAt = 0;
	const model = created.value;
	const source: Source = {
		...model,
		async snapshot(device, now) {
			const result = await model.snapshot(device, now);
			dataAt = performance.now();
			return result;
		},
	};
	const clock = manualClock(0);
	const schedule = manualScheduler();
	const stdout = new FakeTerminal(columns, rows);
	let inkMs = Number.NaN;
	const instance = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='bench-vm'/>, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: new SilentKeyboard() as unknown as NodeJS.ReadStream,
		patchConsole: false,
		exitOnCtrlC: false,
		// Samples are spaced beyond this, so every tick renders at once.
		maxFps: 1000,
		onRender({renderTime}) {
			inkMs = renderTime;
		},
	});

	const step = async (): Promise<Sample> => {
		const framed = new Promise<void>(resolve => {
			stdout.onFrame = resolve;
		});
		inkMs = Number.NaN;
		clock.advance(1000);
		if (!schedule.runPending()) {
			throw new Error('the app loop scheduled no tick');
		}

		await framed;
		stdout.onFrame = undefined;
		return {total: stdout.lastWrite - dataAt, ink: inkMs};
	};

	await sleep(20); // The first tick starts on mount.
	const samples: Sample[] = [];
	let bytesBefore = stdout.bytes;
	for (let i = 0; i < warmup + renders; i++) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(Number(process.env['BENCH_GAP_MS'] ?? 3)); // Lets GC and timers run between frames, as between ticks in the app.
		// eslint-disable-next-line no-await-in-loop
		const sample = await step();
		if (i === warmup - 1) {
			bytesBefore = stdout.bytes;
		}

		if (i >= warmup) {
			samples.push(sample);
		}
	}

	const bytesPerFrame = (stdout.bytes - bytesBefore) / renders;
	instance.unmount();
	instance.cleanup();
	return {samples, bytesPerFrame};
}

const result: Record<string, unknown> = {renders};
for (const [label, columns, rows] of [['120x40', 120, 40], ['120x70', 120, 70]] as const) {
	// eslint-disable-next-line no-await-in-loop
	const {samples, bytesPerFrame} = await measure(columns, rows);
	result[label] = {
		updateMedianMs: median(samples.map(s => s.total)),
		updateP90Ms: percentile(samples.map(s => s.total), 0.9),
		inkOutputMedianMs: median(samples.map(s => s.ink)),
		bytesPerFrame: Math.round(bytesPerFrame),
	};
}

process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
