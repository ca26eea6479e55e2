// One model snapshot of both devices of `--scenario large` (eth0: 64 channels ×
// 10 000 flows; eth1: VF, 4000 flows), as the app takes them once a second:
// time and bytes allocated per snapshot, hot (back to back) and cold-ish (one
// snapshot per `gapMs` setTimeout gap, from a fresh process, as the app starts).
// JSON out; bytes are heapUsed deltas: run with a large young generation so
// few samples hold a scavenge (those come out negative and are dropped):
//   node --max-semi-space-size=64 --import=tsx scripts/bench/model-snapshot.ts [snapshots] [gapMs]
// CPU per snapshot is the process's (GC threads included), gaps excluded.
import process from 'node:process';
import {createModelSource} from '../../source/sources/model.js';
import {median} from './stats.js';

const count = Number(process.argv[2] ?? 300);
const gapMs = Number(process.argv[3] ?? 50);
const created = createModelSource({scenario: 'large', seed: 1});
if (!created.ok) {
	throw new Error(created.error.message);
}

const source = created.value;
const devices = await source.devices();
let now = 0;
let sink = 0;

async function once(): Promise<{ms: number; bytes: number}> {
	now += 1000;
	const heap0 = process.memoryUsage().heapUsed;
	const t0 = performance.now();
	for (const name of devices) {
		// eslint-disable-next-line no-await-in-loop
		const snapshot = await source.snapshot(name, now);
		sink += snapshot.ok ? snapshot.value.stats.ok ? snapshot.value.stats.value.length : 0 : 0;
	}

	const ms = performance.now() - t0;
	return {ms, bytes: process.memoryUsage().heapUsed - heap0};
}

/** `skip` first snapshots run but are not counted (start-up: first compiles, routing tables). */
async function run(n: number, gap: number, skip = 0) {
	const ms: number[] = [];
	const bytes: number[] = [];
	let cpu0 = process.cpuUsage();
	for (let i = -skip; i < n; i++) {
		if (i === 0) {
			cpu0 = process.cpuUsage();
		}

		if (gap > 0) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, gap);
			});
		}

		// eslint-disable-next-line no-await-in-loop
		const sample = await once();
		if (i < 0) {
			continue;
		}

		ms.push(sample.ms);
		if (sample.bytes >= 0) {
			bytes.push(sample.bytes);
		}
	}

	const cpu = process.cpuUsage(cpu0);
	return {
		medianMs: median(ms),
		medianKiB: Math.round(median(bytes) / 1024),
		cpuMsPerSnapshot: (cpu.user + cpu.system) / 1000 / n,
	};
}

// Cold first, from a fresh process as the app starts (after 10 snapshots); then hot, after a warm-up.
const cold = await run(Math.min(count, 120), gapMs, 10);
await run(50, 0);
const hot = await run(count, 0);
process.stdout.write(`${JSON.stringify({devices, hot, cold, sink: sink > 0})}\n`);
