// Figure 6: one model tick of `--scenario large`: the machine simulating one
// second (eth0: 64 channels, 10 000 flows; eth1: 8 channels, 4000 flows),
// then reading eth0 the way the live source reads a NIC. Also timed: eth1's
// read and the rates of both, i.e. the rest of the app's data tick. JSON out.
// Bundled by the bench like the bin, so no tsx helpers distort it.
import process from 'node:process';
import {pollDevice} from '../../source/poll.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {createModelSource} from '../../source/sources/model.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {computeRates} from '../../source/stats/index.js';
import {median, percentile} from './stats.js';

const ticks = Number(process.argv[2] ?? 300);
const warmup = 50;
const created = createModelSource({scenario: 'large', seed: 1});
if (!created.ok) {
	throw new Error(created.error.message);
}

const source = created.value;
const devices = await source.devices();
const [main = 'eth0'] = devices;
const previous = new Map<string, DeviceReading>();
const samples = {advance: [] as number[], readMain: [] as number[], readOthers: [] as number[], rates: [] as number[], tick: [] as number[]};
let now = 0;
for (let i = 0; i < warmup + ticks; i++) {
	now += 1000;
	const t0 = performance.now();
	source.machine.advance(now);
	const t1 = performance.now();
	const snapshots = new Map<string, DeviceSnapshot>();
	// eslint-disable-next-line no-await-in-loop
	const mainSnapshot = await source.snapshot(main, now);
	const t2 = performance.now();
	for (const name of devices.slice(1)) {
		// eslint-disable-next-line no-await-in-loop
		const snapshot = await source.snapshot(name, now);
		if (snapshot.ok) {
			snapshots.set(name, snapshot.value);
		}
	}

	const t3 = performance.now();
	if (mainSnapshot.ok) {
		snapshots.set(main, mainSnapshot.value);
	}

	for (const [name, snapshot] of snapshots) {
		previous.set(name, {name, snapshot, rates: computeRates(previous.get(name)?.snapshot, snapshot)});
	}

	const t4 = performance.now();
	if (i >= warmup) {
		samples.advance.push(t1 - t0);
		samples.readMain.push(t2 - t1);
		samples.readOthers.push(t3 - t2);
		samples.rates.push(t4 - t3);
		samples.tick.push(t4 - t0);
	}
}

// The same data path as the app, as a cross-check of the split above.
const check = await pollDevice(source, previous.get(main), main, now + 1000);
process.stdout.write(`${JSON.stringify({
	ticks,
	device: main,
	queues: check.rates?.queues.length ?? 0,
	devices: devices.length,
	advanceMedianMs: median(samples.advance),
	readMainMedianMs: median(samples.readMain),
	modelTickMedianMs: median(samples.advance.map((a, i) => a + samples.readMain[i]!)),
	modelTickP90Ms: percentile(samples.advance.map((a, i) => a + samples.readMain[i]!), 0.9),
	readOthersMedianMs: median(samples.readOthers),
	ratesMedianMs: median(samples.rates),
	appTickMedianMs: median(samples.tick),
})}\n`);
