// The per-tick stats path of `--scenario large` for both devices: computeRates,
// pushRates, queueSparklines (width 30) and advice, timed apart from the model
// that feeds it. Modes: hot (ticks back to back), cold (a gap between ticks,
// so caches and JIT feedback cool as at 1 Hz), alloc (bytes allocated per
// tick: gc() first, then used heap after; needs --expose-gc and a young
// generation large enough for one tick). JSON out. Not part of `npm run bench`;
// bundle it as the bench does, e.g.
//   esbuild scripts/bench/stats-tick.ts --bundle --platform=node --format=esm --outfile=/tmp/stats-tick.js
//   node --max-semi-space-size=1 /tmp/stats-tick.js hot 300
//   node --max-semi-space-size=1 /tmp/stats-tick.js cold 150 50
//   node --expose-gc --max-semi-space-size=64 /tmp/stats-tick.js alloc 200
import process from 'node:process';
import {adviseReading} from '../../source/advice/index.js';
import {isFreshSample, type DeviceReading} from '../../source/stats/reading.js';
import {createModelSource} from '../../source/sources/model.js';
import {computeRates, createHistory, pushRates, type RateHistory} from '../../source/stats/index.js';
import {queueSparklines} from '../../source/views/sparkline.js';
import {median, percentile, sleep} from './stats.js';

const mode = process.argv[2] ?? 'hot';
const ticks = Number(process.argv[3] ?? 300);
const gapMs = Number(process.argv[4] ?? 50);
const warmup = mode === 'cold' ? 10 : 50;
const gc = (globalThis as {gc?: () => void}).gc;
if (mode === 'alloc' && !gc) {
	throw new Error('alloc needs --expose-gc');
}

const created = createModelSource({scenario: 'large', seed: 1});
if (!created.ok) {
	throw new Error(created.error.message);
}

const source = created.value;
const devices = await source.devices();
const readings = new Map<string, DeviceReading>();
const histories = new Map<string, RateHistory>(devices.map(name => [name, createHistory()]));
const parts = {rates: [] as number[], history: [] as number[], sparklines: [] as number[], advice: [] as number[], tick: [] as number[]};
const bytes: number[] = [];
const partBytes = {rates: [] as number[], history: [] as number[], sparklines: [] as number[], advice: [] as number[]};
const heap = () => process.memoryUsage().heapUsed;
let sink = 0;
let now = 0;
for (let i = 0; i < warmup + ticks; i++) {
	now += 1000;
	const snapshots = [];
	for (const name of devices) {
		// eslint-disable-next-line no-await-in-loop
		const snapshot = await source.snapshot(name, now);
		if (snapshot.ok) {
			snapshots.push(snapshot.value);
		}
	}

	if (mode === 'cold') {
		// eslint-disable-next-line no-await-in-loop
		await sleep(gapMs);
	}

	gc?.();
	const before = process.memoryUsage().heapUsed;
	const t0 = performance.now();
	const fresh: DeviceReading[] = [];
	for (const snapshot of snapshots) {
		const reading = {name: snapshot.name, snapshot, rates: computeRates(readings.get(snapshot.name)?.snapshot, snapshot)};
		readings.set(snapshot.name, reading);
		fresh.push(reading);
	}

	const t1 = performance.now();
	const h1 = heap();
	for (const reading of fresh) {
		if (reading.rates && isFreshSample(reading)) {
			pushRates(histories.get(reading.name)!, reading.rates);
		}
	}

	const t2 = performance.now();
	const h2 = heap();
	for (const reading of fresh) {
		sink += queueSparklines(histories.get(reading.name)!, 30).size;
	}

	const t3 = performance.now();
	const h3 = heap();
	for (const reading of fresh) {
		sink += adviseReading(reading, {history: histories.get(reading.name)!}).length;
	}

	const t4 = performance.now();
	const after = process.memoryUsage().heapUsed;
	if (i >= warmup) {
		parts.rates.push(t1 - t0);
		parts.history.push(t2 - t1);
		parts.sparklines.push(t3 - t2);
		parts.advice.push(t4 - t3);
		parts.tick.push(t4 - t0);
		bytes.push(after - before);
		partBytes.rates.push(h1 - before);
		partBytes.history.push(h2 - h1);
		partBytes.sparklines.push(h3 - h2);
		partBytes.advice.push(after - h3);
	}
}

const ms = (values: number[]) => Number(median(values).toFixed(4));
process.stdout.write(`${JSON.stringify({
	mode,
	ticks,
	devices: devices.length,
	tickMedianMs: ms(parts.tick),
	tickP90Ms: Number(percentile(parts.tick, 0.9).toFixed(4)),
	ratesMs: ms(parts.rates),
	historyMs: ms(parts.history),
	sparklinesMs: ms(parts.sparklines),
	adviceMs: ms(parts.advice),
	...(mode === 'alloc' ? {bytesPerTickMedian: median(bytes), bytesPerTickMin: Math.min(...bytes), bytesByPart: Object.fromEntries(Object.entries(partBytes).map(([k, v]) => [k, median(v)]))} : {}),
	sink,
})}\n`);
