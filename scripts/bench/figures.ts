// The seven figures of issue 8, each measured the way the README's
// Performance section describes. Each returns what the table prints; a
// figure that cannot run here (no root) says why instead of a value.
import {execFile} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {binEnv, binNodeFlags} from '../bundle.js';
import {compileBench, cacheDir} from './compile.js';
import {measureCpu, type CpuRun} from './cpu.js';
import {isCompleteFrame} from './frame.js';
import {netnsSkipReason, traffic, vethQueues, withLiveWorker, withVeth} from './live.js';
import {childEnv, startInPty} from './pty.js';
import {median, sleep, spread} from './stats.js';
import {timeToFirstFrame} from './startup.js';

export type Figure = {
	readonly id: string;
	/** The figure's row in issue 8's table. */
	readonly number: number;
	readonly title: string;
	readonly target: string;
	readonly value?: string;
	readonly met?: boolean;
	/** Why the figure was not measured here. */
	readonly skipped?: string;
	readonly details: readonly string[];
};

export type BenchContext = {
	/** The bin as `npm run build` makes it (bundled by scripts/bundle.ts). */
	readonly bin: string;
	readonly reps: number;
	readonly log: (line: string) => void;
};

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const spreadText = (values: readonly number[], digits = 2, unit = '') => {
	const s = spread(values);
	return `min ${fixed(s.min, digits)}${unit} / median ${fixed(s.median, digits)}${unit} / max ${fixed(s.max, digits)}${unit} (n=${values.length})`;
};

async function runJson<T>(file: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<T> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [file, ...args], {timeout: 600_000, maxBuffer: 16 << 20, env: childEnv(env)}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`${file} failed: ${error.message}\n${stderr}`));
				return;
			}

			resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as T);
		});
	});
}

const tableOnScreen = (lines: readonly string[]) => lines.some(line => /\bQ\s+CPU\s+rx pps/.test(line));

export async function dashboardCpu(context: BenchContext): Promise<Figure> {
	const runs: CpuRun[] = [];
	for (let rep = 0; rep < context.reps; rep++) {
		context.log(`cpu: run ${rep + 1}/${context.reps} (3 s warm-up + 20 s)`);
		// eslint-disable-next-line no-await-in-loop
		runs.push(await measureCpu([context.bin, '--scenario', 'large'], {ready: isCompleteFrame}));
	}

	const cpu = median(runs.map(run => run.cpuPercent));
	// An admin leaves hvtop running for hours: the same window once V8 has
	// compiled what is hot (it keeps compiling for a minute or two at 1 Hz).
	context.log('cpu: one more run after a 60 s warm-up (steady state)');
	const steady = await measureCpu([context.bin, '--scenario', 'large'], {ready: isCompleteFrame, warmupMs: 60_000});
	return {
		id: 'cpu',
		number: 1,
		title: 'CPU, dashboard, model large (64 queues), 120x40 pty, 1 Hz, 20 s',
		target: '≤ 1 % of one core',
		value: `${fixed(cpu)} %`,
		met: cpu <= 1,
		details: [
			`${spreadText(runs.map(run => run.cpuPercent), 2, ' %')}; process tree, utime+stime (children included) / wall`,
			`peak RSS ${spreadText(runs.map(run => run.peakRssMb ?? Number.NaN), 0, ' MB')}; output ${fixed(median(runs.map(run => run.outBytesPerSecond)), 0)} B/s to the terminal`,
			`steady state (the same 20 s window after a 60 s warm-up instead of 3 s): ${fixed(steady.cpuPercent)} %`,
		],
	};
}

export async function liveCpu(context: BenchContext): Promise<Figure> {
	const base = {id: 'live-cpu', number: 2, title: `CPU, dashboard, live veth (${vethQueues} queues) in a netns with traffic, 1 Hz, 20 s`, target: '≤ 2 % of one core'};
	const skip = await netnsSkipReason();
	if (skip) {
		return {...base, skipped: skip, details: ['watch -n1 ethtool -S: skipped too']};
	}

	return withVeth(async pair => {
		const hvtop: CpuRun[] = [];
		const watch: CpuRun[] = [];
		const notes = new Set<string>();
		for (let rep = 0; rep < context.reps; rep++) {
			for (const [label, argv, ready, into] of [
				['hvtop', ['ip', 'netns', 'exec', pair.nsA, context.bin, '--live', '--device', pair.devA], tableOnScreen, hvtop],
				['watch', ['ip', 'netns', 'exec', pair.nsA, 'watch', '-n1', '/usr/sbin/ethtool', '-S', pair.devA], (lines: readonly string[]) => lines.some(line => line.includes('NIC statistics')), watch],
			] as const) {
				context.log(`live cpu: ${label} run ${rep + 1}/${context.reps} (3 s warm-up + 20 s, with traffic)`);
				const flowing = traffic(pair, 25);
				// eslint-disable-next-line no-await-in-loop
				into.push(await measureCpu(argv, {ready}));
				// eslint-disable-next-line no-await-in-loop
				const note = await flowing;
				if (note) {
					notes.add(note);
				}
			}
		}

		const cpu = median(hvtop.map(run => run.cpuPercent));
		const watchCpu = median(watch.map(run => run.cpuPercent));
		return {
			...base,
			value: `${fixed(cpu)} %`,
			met: cpu <= 2,
			details: [
				`hvtop --live: ${spreadText(hvtop.map(run => run.cpuPercent), 2, ' %')}; peak RSS ${fixed(median(hvtop.map(run => run.peakRssMb ?? Number.NaN)), 0)} MB`,
				`watch -n1 ethtool -S on the same veth, same harness: ${spreadText(watch.map(run => run.cpuPercent), 2, ' %')} → hvtop/watch = ${fixed(cpu / watchCpu, 1)}×`,
				`traffic: UDP, 1000 B datagrams at 2000/s from A to B for 25 s per run (${[...notes].join('; ')})`,
			],
		};
	});
}

type MemoryResult = {ticks: number; tickMs: number; samples: Array<{tick: number; rssMb: number; hwmMb: number; heapUsedMb: number}>};

async function fastDashboard(file: string, flags: readonly string[], extra: Record<string, string>): Promise<MemoryResult> {
	const out = `${cacheDir}/memory-${process.pid}.json`;
	rmSync(out, {force: true});
	const run = startInPty([process.execPath, ...flags, file], {env: childEnv({...binEnv, HVTOP_BENCH_OUT: out, HVTOP_BENCH_TICKS: '600', HVTOP_BENCH_TICK_MS: '50', ...extra})});
	const deadline = Date.now() + 300_000;
	while (run.alive() && Date.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(200);
	}

	await run.stop();
	const result = JSON.parse(readFileSync(out, 'utf8')) as MemoryResult;
	rmSync(out, {force: true});
	return result;
}

export async function memory(context: BenchContext): Promise<Figure> {
	const {file} = await compileBench('scripts/bench/fast-dashboard.tsx');
	const flags = binNodeFlags;
	context.log('memory: 600 simulated ticks (1 s of model time each, 50 ms apart), natural GC');
	const natural = await fastDashboard(file, flags, {});
	context.log('memory: the same with a full GC before each sample (live heap)');
	const forced = await fastDashboard(file, [...flags, '--expose-gc'], {HVTOP_BENCH_GC: '1'});
	const at = (result: MemoryResult, tick: number) => result.samples.find(sample => sample.tick === tick)!;
	const hwm = at(natural, 600).hwmMb;
	const heapGrowth = at(forced, 600).heapUsedMb - at(forced, 60).heapUsedMb;
	const timeline = natural.samples.filter(sample => sample.tick % 60 === 0);
	return {
		id: 'memory',
		number: 3,
		title: 'Peak RSS (VmHWM), dashboard, model large, after 10 min of simulated ticks',
		target: '≤ 90 MB, no growth after 1 min',
		value: `${fixed(hwm, 0)} MB`,
		met: hwm <= 90 && heapGrowth <= 1,
		details: [
			`simulated: the real App and Ink in a pty, model time +1 s per tick, ticks 50 ms apart (600 ticks ≈ 30 s); started like the bin: ${[...Object.entries(binEnv).map(([name, value]) => `${name}=${value}`), 'node', ...flags].join(' ')}`,
			`VmHWM at 1 min ${fixed(at(natural, 60).hwmMb, 0)} MB, at 10 min ${fixed(hwm, 0)} MB; VmRSS at 1 min ${fixed(at(natural, 60).rssMb, 0)} MB, at 10 min ${fixed(at(natural, 600).rssMb, 0)} MB`,
			`VmRSS every simulated minute: ${timeline.map(sample => fixed(sample.rssMb, 0)).join(' ')} MB`,
			`live heap after full GC: ${fixed(at(forced, 60).heapUsedMb, 1)} MB at 1 min, ${fixed(at(forced, 600).heapUsedMb, 1)} MB at 10 min (growth ${fixed(heapGrowth, 1)} MB; ≤ 1 MB counts as none)`,
			'caveat: ticks 50 ms apart leave V8 no idle time, so its memory reducer never runs; at 1 Hz RSS settles lower',
		],
	};
}

export async function startup(context: BenchContext): Promise<Figure> {
	const runs = Math.max(5, (context.reps * 2) + 1);
	const times: number[] = [];
	const cpu: number[] = [];
	await timeToFirstFrame([context.bin, '--scenario', 'large']); // Warms the page cache; not counted.
	for (let i = 0; i < runs; i++) {
		context.log(`startup: run ${i + 1}/${runs}`);
		// eslint-disable-next-line no-await-in-loop
		const first = await timeToFirstFrame([context.bin, '--scenario', 'large']);
		if (first === undefined) {
			throw new Error('no complete frame within 10 s');
		}

		times.push(first.ms);
		cpu.push(first.cpuMs);
	}

	const value = median(times);
	return {
		id: 'startup',
		number: 4,
		title: 'Start to first complete frame (queue table with rates), model large, pty',
		target: '≤ 600 ms',
		value: `${fixed(value, 0)} ms`,
		met: value <= 600,
		details: [
			`${spreadText(times, 0, ' ms')} wall, from spawn to the frame on the emulated screen`,
			`CPU used by then ${spreadText(cpu, 0, ' ms')} (10 ms steps); the rest is the app's 250 ms wait for a second snapshot (rates need two) and, on a busy machine, waiting for a core`,
		],
	};
}

type RenderResult = {renders: number} & Record<'120x40' | '120x70', {updateMedianMs: number; updateP90Ms: number; inkOutputMedianMs: number; bytesPerFrame: number}>;

export async function render(context: BenchContext): Promise<Figure> {
	const compiled = await compileBench('scripts/bench/render-frame.tsx');
	context.log('render: 230 updates at 120x40 and at 120x70');
	const result = await runJson<RenderResult>(compiled.file);
	const small = result['120x40'];
	const tall = result['120x70'];
	return {
		id: 'render',
		number: 5,
		title: 'One render of the 64-queue dashboard (new data → frame written), 120x40',
		target: '≤ 5 ms',
		value: `${fixed(small.updateMedianMs)} ms`,
		met: small.updateMedianMs <= 5,
		details: [
			`median of ${result.renders} after 30 warm-up; p90 ${fixed(small.updateP90Ms)} ms; Ink's own output step ${fixed(small.inkOutputMedianMs)} ms; ${small.bytesPerFrame} B per frame`,
			`120x70 (all 64 queue rows on screen): ${fixed(tall.updateMedianMs)} ms, p90 ${fixed(tall.updateP90Ms)} ms, Ink ${fixed(tall.inkOutputMedianMs)} ms`,
			`includes rates, history and advice for the tick; React ${compiled.reactDevelopment ? 'DEVELOPMENT build (wrong!)' : 'production build (the development build is not in the bundle)'}`,
		],
	};
}

type TickResult = {ticks: number; queues: number; advanceMedianMs: number; readMainMedianMs: number; modelTickMedianMs: number; modelTickP90Ms: number; readOthersMedianMs: number; ratesMedianMs: number; appTickMedianMs: number};

export async function modelTick(context: BenchContext): Promise<Figure> {
	const {file} = await compileBench('scripts/bench/model-tick.ts');
	context.log('model tick: 350 ticks');
	const result = await runJson<TickResult>(file);
	return {
		id: 'tick',
		number: 6,
		title: `One model tick, ${result.queues} channels × 10 000 flows (simulate 1 s + read eth0)`,
		target: '≤ 2 ms',
		value: `${fixed(result.modelTickMedianMs)} ms`,
		met: result.modelTickMedianMs <= 2,
		details: [
			`median of ${result.ticks}; p90 ${fixed(result.modelTickP90Ms)} ms; simulate ${fixed(result.advanceMedianMs)} ms + read eth0 ${fixed(result.readMainMedianMs)} ms`,
			`the app's whole data tick (also eth1's read and both devices' rates): ${fixed(result.appTickMedianMs)} ms`,
		],
	};
}

type Measured = {samples: number[]; selfCpuMs: number; childCpuMs: number};

export async function livePoll(context: BenchContext): Promise<Figure> {
	const base = {id: 'poll', number: 7, title: `One live poll of one device (veth, ${vethQueues} queues: every ethtool call and file read)`, target: '≤ 5 ms wall'};
	const skip = await netnsSkipReason();
	if (skip) {
		return {...base, skipped: skip, details: []};
	}

	const {file} = await compileBench('test/helpers/live-worker.ts');
	return withVeth(async pair => withLiveWorker(pair, file, async call => {
		const created = await call<{ok: boolean; error?: {message: string}}>('create', {devices: [pair.devA]});
		if (!created.ok) {
			throw new Error(`live source: ${created.error?.message ?? 'failed'}`);
		}

		const begin = performance.now();
		await call('snapshot', pair.devA, 0);
		const first = performance.now() - begin;
		context.log('live poll: 20 warm-up + 200 polls');
		await call('measure', pair.devA, 20, 1000);
		const flowing = traffic(pair, 3);
		const measured = await call<Measured>('measure', pair.devA, 200, 100_000);
		await flowing;
		const wall = median(measured.samples);
		const n = measured.samples.length;
		return {
			...base,
			value: `${fixed(wall)} ms`,
			met: wall <= 5,
			details: [
				`${spreadText(measured.samples, 2, ' ms')} wall, with traffic; the first poll (all ethtool reads) took ${fixed(first, 1)} ms`,
				`CPU per poll ${fixed(measured.selfCpuMs / n)} ms node + ${fixed(measured.childCpuMs / n)} ms children (ethtool); source bundled like the bin`,
			],
		};
	}));
}
