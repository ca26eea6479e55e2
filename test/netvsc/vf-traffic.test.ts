import {performance} from 'node:perf_hooks';
import test from 'ava';
import fc from 'fast-check';
import {manaVf, mlx5Vf} from '../../source/drivers/index.js';
import {toeplitzHash, ipv4Bytes, rssInput} from '../../source/netvsc/toeplitz.js';
import {createVfTraffic, defaultVfSettings, setVfChannels, setVfRings, setVfRxfh, type VfSettings} from '../../source/netvsc/vf/index.js';
import {flowsFor, host, vf} from './vf-helpers.js';
import {value} from './helpers.js';

const up = {rdmaHoldsPort: false, portUp: true};
const sum = (values: Float64Array): number => values.reduce((a, b) => a + b, 0);

test('a flow\'s receive queue is the VF table entry its Toeplitz hash selects (4-tuple, TCP and UDP)', t => {
	const flows = flowsFor(300, 3);
	const settings = defaultVfSettings(manaVf, host(16, 128));
	const traffic = createVfTraffic(manaVf, flows);
	for (let i = 0; i < flows.count; i++) {
		const input = rssInput(ipv4Bytes(flows.remoteIp[i]!), ipv4Bytes(flows.localIp), {source: flows.remotePort[i]!, destination: flows.localPort[i]!});
		const hash = toeplitzHash(settings.key, input);
		t.is(traffic.rxQueueOf(i, settings), settings.table[hash & 127]!);
	}
});

test('traffic follows the VF\'s RSS table: queues the table leaves out receive nothing', t => {
	const flows = flowsFor(2000, 4);
	const traffic = createVfTraffic(manaVf, flows);
	const base = defaultVfSettings(manaVf, host(8));
	const even = traffic.step(0, 1000, {settings: base, share: 1, burst: 1});
	t.true([...even.rxPackets].every(packets => packets > 0));
	const weighted = value(setVfRxfh(manaVf, base, {weights: [1, 1, 0, 0, 0, 0, 0, 2]}, up));
	const demand = traffic.step(1000, 2000, {settings: weighted, share: 1, burst: 1});
	t.deepEqual([2, 3, 4, 5, 6].map(q => demand.rxPackets[q]), [0, 0, 0, 0, 0]);
	t.true(demand.rxPackets[7]! > demand.rxPackets[0]!);
	// MANA sends by the same table.
	t.deepEqual([2, 3, 4, 5, 6].map(q => demand.txPackets[q]), [0, 0, 0, 0, 0]);
});

test('mlx5 picks TX queues by hash over the channels, whatever the table says', t => {
	const traffic = createVfTraffic(mlx5Vf, flowsFor(2000, 4));
	const settings = value(setVfRxfh(mlx5Vf, defaultVfSettings(mlx5Vf, host(8)), {equal: 1}, up));
	const demand = traffic.step(0, 1000, {settings, share: 1, burst: 1});
	t.true(demand.rxPackets[0]! > 0);
	t.deepEqual([...demand.rxPackets].slice(1), [0, 0, 0, 0, 0, 0, 0]);
	t.true([...demand.txPackets].every(packets => packets > 0));
});

test('share scales the VF path; share 0 carries nothing', t => {
	const traffic = createVfTraffic(manaVf, flowsFor(500));
	const settings = defaultVfSettings(manaVf, host(8));
	const full = sum(traffic.step(0, 1000, {settings, share: 1, burst: 1}).rxPackets);
	const traffic2 = createVfTraffic(manaVf, flowsFor(500));
	const half = sum(traffic2.step(0, 1000, {settings, share: 0.5, burst: 1}).rxPackets);
	t.true(Math.abs(half - (full / 2)) < 1e-6 * full);
	t.is(sum(traffic2.step(1000, 2000, {settings, share: 0, burst: 1}).rxPackets), 0);
});

test('a small receive ring under a burst drops, the default ring does not; the drop counter rises', t => {
	const burst = {rxPps: 4_000_000};
	const settingsFor = (rx: number): VfSettings => value(setVfRings(manaVf, defaultVfSettings(manaVf, host(8)), {rx}));
	const dropped = (rx: number, factor: number): number =>
		sum(createVfTraffic(manaVf, flowsFor(1000, 5, burst)).step(0, 1000, {settings: settingsFor(rx), share: 1, burst: factor}).rxDropped);
	t.is(dropped(1024, 1), 0);
	t.true(dropped(128, 4) > 0);
	t.true(dropped(128, 8) > dropped(128, 4));
	t.true(dropped(512, 4) < dropped(128, 4));
	t.is(dropped(8192, 4), 0);

	for (const facts of [manaVf, mlx5Vf]) {
		const device = vf(facts, 8);
		value(device.setRings({rx: 128}));
		const traffic = createVfTraffic(facts, flowsFor(1000, 5, burst));
		for (let s = 0; s < 5; s++) {
			device.record(traffic.step(s * 1000, (s + 1) * 1000, {settings: device.settings, share: 1, burst: 6}));
		}

		const drops = new Map(value(device.stats())).get(facts.rxNoBufferStat)!;
		t.true(drops > 0n, facts.name);
	}
});

test('property: packets are conserved — delivered plus dropped is what the flows sent, for any ring and burst', t => {
	const flows = flowsFor(300, 7, {rxPps: 2_000_000});
	fc.assert(fc.property(fc.integer({min: 128, max: 8192}), fc.double({min: 1, max: 20, noNaN: true}), (rx, burst) => {
		const settings = value(setVfRings(manaVf, defaultVfSettings(manaVf, host(8)), {rx}));
		const reference = createVfTraffic(manaVf, flows).step(0, 1000, {settings: defaultVfSettings(manaVf, host(8)), share: 1, burst: 1});
		const expected = sum(reference.rxPackets);
		const demand = createVfTraffic(manaVf, flows).step(0, 1000, {settings, share: 1, burst});
		return Math.abs(sum(demand.rxPackets) + sum(demand.rxDropped) - expected) < 1e-6 * expected;
	}), {numRuns: 50});
	t.pass();
});

test('determinism: the same seed and steps give the same counters; another seed does not', t => {
	const counters = (seed: number) => {
		const device = vf(manaVf, 8);
		const traffic = createVfTraffic(manaVf, flowsFor(800, seed));
		for (let s = 0; s < 10; s++) {
			if (s === 5) {
				value(device.setChannels({combined: 4}));
			}

			device.record(traffic.step(s * 1000, (s + 1) * 1000, {settings: device.settings, share: 0.97, burst: 1}));
		}

		return value(device.stats());
	};

	t.deepEqual(counters(11), counters(11));
	t.notDeepEqual(counters(11), counters(12));
});

test('a changed channel count re-routes flows onto the open queues only', t => {
	const traffic = createVfTraffic(manaVf, flowsFor(2000, 8));
	const settings = value(setVfChannels(manaVf, defaultVfSettings(manaVf, host(16)), {combined: 5}, up));
	const demand = traffic.step(0, 1000, {settings, share: 1, burst: 1});
	t.is(demand.queues, 5);
	t.is(demand.rxPackets.length, 5);
	t.true([...demand.rxPackets].every(packets => packets > 0));
});

test('speed: a step of 64 queues × 10 000 flows stays well under a millisecond', t => {
	const flows = flowsFor(10_000, 9);
	const settings = defaultVfSettings(manaVf, host(64, 512));
	const wide = value(setVfChannels(manaVf, settings, {combined: 64}, up));
	const traffic = createVfTraffic(manaVf, flows);
	traffic.step(0, 1000, {settings: wide, share: 1, burst: 1}); // Routing and hashing, once
	const times: number[] = [];
	for (let s = 1; s <= 60; s++) {
		const start = performance.now();
		traffic.step(s * 1000, (s + 1) * 1000, {settings: wide, share: 1, burst: 1});
		times.push(performance.now() - start);
	}

	times.sort((a, b) => a - b);
	const median = times[times.length >> 1]!;
	t.true(median < 1, `median ${median.toFixed(3)} ms`);
	t.log(`median step ${median.toFixed(3)} ms`);
});
