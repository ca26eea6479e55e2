// Figure 3's subject: the real dashboard (App, the `large` model, Ink on the
// terminal it is started in) with simulated time. Each tick advances the
// model by the delay the app asked for (1 s), but fires after only
// HVTOP_BENCH_TICK_MS of real time, so 600 ticks — 10 minutes of hvtop at
// 1 Hz — take about a minute. It samples its own memory at chosen ticks and
// writes the samples as JSON to HVTOP_BENCH_OUT, then exits.
// The bench bundles it like the bin and runs it in a pty.
import {writeFileSync} from 'node:fs';
import process from 'node:process';
import {getHeapSpaceStatistics} from 'node:v8';
import {render} from 'ink';
import App from '../../source/app.js';
import {manualClock, timerScheduler, type Scheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import {statusMb} from './proc.js';

const ticks = Number(process.env['HVTOP_BENCH_TICKS'] ?? 600);
const tickMs = Number(process.env['HVTOP_BENCH_TICK_MS'] ?? 60);
const out = process.env['HVTOP_BENCH_OUT'];
if (!out) {
	throw new Error('HVTOP_BENCH_OUT names the file for the results');
}

const created = createModelSource({scenario: 'large', seed: 1});
if (!created.ok) {
	throw new Error(created.error.message);
}

type Sample = {tick: number; rssMb: number; hwmMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; cpuMs: number};
const samples: Sample[] = [];
const clock = manualClock(0);
let tick = 0;
let finish = () => {};
const done = new Promise<void>(resolve => {
	finish = resolve;
});

const sample = () => {
	if (process.env['HVTOP_BENCH_GC'] && 'gc' in globalThis) {
		(globalThis as unknown as {gc: () => void}).gc();
	}

	const memory = process.memoryUsage();
	const cpu = process.cpuUsage();
	samples.push({
		tick,
		rssMb: statusMb(process.pid, 'VmRSS') ?? Number.NaN,
		hwmMb: statusMb(process.pid, 'VmHWM') ?? Number.NaN,
		heapUsedMb: memory.heapUsed / 2 ** 20,
		heapTotalMb: memory.heapTotal / 2 ** 20,
		externalMb: memory.external / 2 ** 20,
		cpuMs: (cpu.user + cpu.system) / 1000,
	});
};

// Model time moves by what the app asked for; real time by tickMs.
const schedule: Scheduler = (callback, delayMs) => timerScheduler(() => {
	clock.advance(delayMs);
	tick++;
	if (tick % 10 === 0) {
		sample();
	}

	if (tick >= ticks) {
		finish();
		return;
	}

	callback();
}, tickMs);

const app = render(<App source={created.value} clock={clock} schedule={schedule} intervalMs={1000} host='bench-vm'/>, {patchConsole: false});
await done;
app.unmount();
const spaces = Object.fromEntries(getHeapSpaceStatistics().map(space => [space.space_name, Math.round(space.space_size / 2 ** 20)]));
writeFileSync(out, JSON.stringify({ticks, tickMs, samples, spaces}));
process.exit(0);
