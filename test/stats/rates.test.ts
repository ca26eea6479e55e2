import test from 'ava';
import {computeRates} from '../../source/stats/rates.js';
import {cpu, queue, queues, snapshot, softirq} from './helpers.js';

const u32 = 2n ** 32n;

test('rates divide by the real elapsed time', t => {
	const prev = snapshot({at: 10_000, queues: [queue(0, 1000, 500, 64_000, 32_000)]});
	const next = snapshot({at: 11_500, queues: [queue(0, 4000, 2000, 256_000, 128_000)]});
	const r = computeRates(prev, next);
	t.is(r.elapsedSeconds, 1.5);
	t.is(r.at, 11_500);
	t.is(r.name, 'eth0');
	t.false(r.reset);
	t.like(r.queues[0], {index: 0, rxPps: 2000, rxBps: 128_000, txPps: 1000, txBps: 64_000});
	t.deepEqual(r.totals, {rxPps: 2000, rxBps: 128_000, txPps: 1000, txBps: 64_000});
});

test('64-bit counters above 2^53 are exact', t => {
	const big = 2n ** 60n;
	const prev = snapshot({at: 0, queues: [queue(0, big, big, big, big)]});
	const next = snapshot({at: 1000, queues: [queue(0, big + 3000n, big + 1n, big + 7n, big)]});
	t.like(computeRates(prev, next).queues[0], {rxPps: 3000, txPps: 1, rxBps: 7, txBps: 0});
});

test('a channel change (epoch bump, counters dropped) rates the new values', t => {
	const prev = snapshot({at: 0, epoch: 3, queues: queues(4, () => 9_000_000n)});
	const next = snapshot({at: 2000, epoch: 4, queues: queues(2, i => (i + 1) * 1000)});
	const r = computeRates(prev, next);
	t.true(r.reset);
	t.deepEqual(r.queues.map(q => q.rxPps), [500, 1000]);
	t.true(r.queues.every(q => q.rxPps >= 0 && q.txPps >= 0 && q.rxBps >= 0 && q.txBps >= 0));
});

test('a decrease without an epoch change is a reset, never negative', t => {
	const prev = snapshot({at: 0, queues: [queue(0, 5_000_000, 10), queue(1, 100, 10)]});
	const next = snapshot({at: 1000, queues: [queue(0, 300, 20), queue(1, 200, 20)]});
	const r = computeRates(prev, next);
	t.false(r.reset);
	t.like(r.queues[0], {rxPps: 300, txPps: 10});
	t.like(r.queues[1], {rxPps: 100, txPps: 10});
});

test('32-bit counters wrap: vf_tx_dropped and softirqs', t => {
	const vf = (txDropped: bigint) => ({rxPackets: 0n, rxBytes: 0n, txPackets: 0n, txBytes: 0n, txDropped});
	const prev = snapshot({at: 0, vfTraffic: vf(u32 - 10n), softirqs: [softirq(0, u32 - 1000n, 0, u32 - 1n, 5)]});
	const next = snapshot({at: 1000, vfTraffic: vf(30n), softirqs: [softirq(0, 500, 0, 2, 1)]});
	const r = computeRates(prev, next);
	t.is(r.vf?.dropsPerSec, 40);
	t.like(r.cpus[0], {cpu: 0, netRxPerSec: 1500, dropsPerSec: 3});
	// 5 → 1 is no plausible wrap: a reset, counted from 0.
	t.is(r.cpus[0]?.squeezesPerSec, 1);
});

test('a queue that appears counts from 0 only after an epoch change', t => {
	const prev = snapshot({at: 0, queues: [queue(0, 100)]});
	const same = snapshot({at: 1000, queues: [queue(0, 200), queue(1, 5000)]});
	t.deepEqual(computeRates(prev, same).queues.map(q => [q.index, q.rxPps]), [[0, 100], [1, 0]]);

	const bumped = snapshot({at: 1000, epoch: 1, queues: [queue(0, 200), queue(1, 5000)]});
	t.deepEqual(computeRates(prev, bumped).queues.map(q => [q.index, q.rxPps]), [[0, 200], [1, 5000]]);
});

test('a queue that vanishes is just absent', t => {
	const prev = snapshot({at: 0, queues: queues(4, () => 100)});
	const next = snapshot({at: 1000, queues: [queue(0, 300), queue(2, 150)]});
	const r = computeRates(prev, next);
	t.deepEqual(r.queues.map(q => q.index), [0, 2]);
	t.deepEqual(r.queues.map(q => q.rxPps), [200, 50]);
});

test('queues are sorted by index whatever the input order', t => {
	const prev = snapshot({at: 0, queues: [queue(2, 0), queue(0, 0), queue(1, 0)]});
	const next = snapshot({at: 1000, queues: [queue(1, 10), queue(2, 20), queue(0, 30)]});
	t.deepEqual(computeRates(prev, next).queues.map(q => [q.index, q.rxPps]), [[0, 30], [1, 10], [2, 20]]);
});

test('shares sum to 1 with traffic and are 0 when idle', t => {
	const prev = snapshot({at: 0, queues: [queue(0, 0, 0), queue(1, 0, 0), queue(2, 0, 0)]});
	const next = snapshot({at: 1000, queues: [queue(0, 70, 30), queue(1, 200, 0), queue(2, 33, 0)]});
	const r = computeRates(prev, next);
	const sum = r.queues.reduce((s, q) => s + q.share, 0);
	t.true(Math.abs(sum - 1) < 1e-12);
	t.is(r.queues[1]?.share, 200 / 333);

	const idle = computeRates(prev, snapshot({at: 1000, queues: prev.queues}));
	t.true(idle.queues.every(q => q.share === 0));
	t.is(idle.imbalance, 1);
});

test('imbalance: one hot queue of 8 is 8, an even spread is 1', t => {
	const prev = snapshot({at: 0, queues: queues(8, () => 0)});
	t.is(computeRates(prev, snapshot({at: 1000, queues: queues(8, i => (i === 5 ? 1000 : 0))})).imbalance, 8);
	t.is(computeRates(prev, snapshot({at: 1000, queues: queues(8, () => 1000)})).imbalance, 1);
});

test('without a comparable previous snapshot every rate is 0', t => {
	const next = snapshot({
		at: 5000,
		queues: [queue(0, 100, 100)],
		cpus: [cpu(0, {rx: 100})],
		softirqs: [softirq(0, 10)],
		errors: [['tx_busy', 7n]],
		vfTraffic: {rxPackets: 5n, rxBytes: 5n, txPackets: 5n, txBytes: 5n, txDropped: 5n},
		channelCpu: [0],
	});
	const cases = [
		undefined,
		snapshot({at: 5000}), // Elapsed 0.
		snapshot({at: 6000}), // Elapsed < 0.
		snapshot({at: 4000, name: 'eth1'}), // Another device.
		snapshot({at: Number.NaN}),
	];
	for (const prev of cases) {
		const r = computeRates(prev, next);
		t.is(r.elapsedSeconds, 0);
		t.false(r.reset);
		t.is(r.imbalance, 1);
		t.deepEqual(r.totals, {rxPps: 0, rxBps: 0, txPps: 0, txBps: 0});
		t.deepEqual(r.queues, [{index: 0, rxPps: 0, rxBps: 0, txPps: 0, txBps: 0, share: 0, cpu: 0}]);
		t.deepEqual(r.errors, [{name: 'tx_busy', value: 7n, rate: 0, rising: false}]);
		t.deepEqual(r.vf, {rxPps: 0, rxBps: 0, txPps: 0, txBps: 0, dropsPerSec: 0});
		t.like(r.cpus[0], {cpu: 0, rxPps: 0, netRxPerSec: 0, queues: [0]});
	}
});

test('an epoch change after another device is not a reset', t => {
	const r = computeRates(snapshot({at: 0, name: 'eth1', epoch: 1}), snapshot({at: 1000, epoch: 2}));
	t.false(r.reset);
});

test('error counters: value, rate and rising, across an epoch change', t => {
	const prev = snapshot({at: 0, epoch: 0, errors: [['tx_busy', 10n], ['stop_queue', 4n], ['wake_queue', 4n]]});
	const next = snapshot({at: 2000, epoch: 1, errors: [['tx_busy', 10n], ['stop_queue', 8n], ['wake_queue', 4n], ['vlan_error', 3n]]});
	t.deepEqual(computeRates(prev, next).errors, [
		{name: 'tx_busy', value: 10n, rate: 0, rising: false},
		// Global counters survive re-creation: a delta, not the new value.
		{name: 'stop_queue', value: 8n, rate: 2, rising: true},
		{name: 'wake_queue', value: 4n, rate: 0, rising: false},
		// First seen: no baseline.
		{name: 'vlan_error', value: 3n, rate: 0, rising: false},
	]);
});

test('the VF path has its own rates; no VF, no vf field', t => {
	const vf = (n: bigint) => ({rxPackets: n, rxBytes: n * 1000n, txPackets: n * 2n, txBytes: n * 500n, txDropped: 0n});
	const r = computeRates(snapshot({at: 0, vfTraffic: vf(100n)}), snapshot({at: 1000, epoch: 1, vfTraffic: vf(300n)}));
	t.deepEqual(r.vf, {rxPps: 200, rxBps: 200_000, txPps: 400, txBps: 100_000, dropsPerSec: 0});

	const none = computeRates(snapshot({at: 0}), snapshot({at: 1000}));
	t.false('vf' in none);
});

test('CPU rates follow channelCpu; CPUs with no channel still appear, sorted', t => {
	const prev = snapshot({
		at: 0,
		queues: queues(3, () => 0),
		channelCpu: [2, 0, 2],
		cpus: [cpu(2), cpu(0), cpu(1)],
		softirqs: [softirq(0, 0), softirq(1, 0), softirq(2, 0), softirq(3, 0)],
	});
	const next = snapshot({
		at: 1000,
		queues: [queue(0, 100), queue(1, 40), queue(2, 60)],
		channelCpu: [2, 0, 2],
		cpus: [cpu(2, {rx: 160}, {rx: 1000}), cpu(0, {rx: 40}), cpu(1, {}, {rx: 7, tx: 3})],
		softirqs: [softirq(0, 50), softirq(1, 10), softirq(2, 90), softirq(3, 1)],
	});
	const r = computeRates(prev, next);
	t.deepEqual(r.cpus.map(c => [c.cpu, c.queues]), [[0, [1]], [1, []], [2, [0, 2]], [3, []]]);
	t.like(r.cpus[2], {cpu: 2, rxPps: 1160, rxBps: 116_000, vfRxPps: 1000, netRxPerSec: 90});
	t.like(r.cpus[1], {cpu: 1, rxPps: 7, vfRxPps: 7, txPps: 3, vfTxPps: 3, netRxPerSec: 10});
	// CPU 3 has only softirq counters.
	t.like(r.cpus[3], {cpu: 3, rxPps: 0, vfRxPps: 0, netRxPerSec: 1, queues: []});
	t.deepEqual(r.queues.map(q => q.cpu), [2, 0, 2]);
});

test('a CPU named only by channelCpu gets its queues\' traffic', t => {
	const prev = snapshot({at: 0, queues: queues(2, () => 0), channelCpu: [4, 6]});
	const next = snapshot({at: 500, queues: queues(2, i => (i + 1) * 100), channelCpu: [4, 6]});
	const r = computeRates(prev, next);
	t.deepEqual(r.cpus.map(c => [c.cpu, c.rxPps, c.queues]), [[4, 200, [0]], [6, 400, [1]]]);
});

test('a channel moved to another CPU: CPU rates come from the queues, not the jump', t => {
	// Queue 1 (with a long history) moves from CPU 1 to CPU 0; the kernel moves its whole history.
	const prev = snapshot({
		at: 0,
		queues: [queue(0, 1_000_000), queue(1, 5_000_000)],
		channelCpu: [0, 1],
		cpus: [cpu(0, {rx: 1_000_000}), cpu(1, {rx: 5_000_000})],
	});
	const next = snapshot({
		at: 1000,
		queues: [queue(0, 1_000_100), queue(1, 5_000_300)],
		channelCpu: [0, 0],
		cpus: [cpu(0, {rx: 6_000_400}), cpu(1, {rx: 0})],
	});
	const r = computeRates(prev, next);
	t.deepEqual(r.cpus.map(c => [c.cpu, c.rxPps, c.queues]), [[0, 400, [0, 1]], [1, 0, []]]);
});

test('an epoch change restarts the synthetic part of CPU counters, not the VF part', t => {
	const prev = snapshot({at: 0, epoch: 0, queues: [queue(0, 8000)], channelCpu: [0], cpus: [cpu(0, {rx: 8000}, {rx: 50_000})]});
	const next = snapshot({at: 1000, epoch: 1, queues: [queue(0, 300)], channelCpu: [0], cpus: [cpu(0, {rx: 300}, {rx: 51_000})]});
	const r = computeRates(prev, next);
	t.like(r.cpus[0], {rxPps: 1300, vfRxPps: 1000});
});

test('a glitch far beyond any NIC counts as 0', t => {
	const prev = snapshot({at: 0, queues: [queue(0, 0)]});
	const next = snapshot({at: 1000, queues: [queue(0, 2n ** 62n)]});
	t.is(computeRates(prev, next).queues[0]?.rxPps, 0);
	// The limit is an option.
	t.is(computeRates(prev, snapshot({at: 1000, queues: [queue(0, 5000)]}), {maxPerSecond: 1000}).queues[0]?.rxPps, 0);
});

test('a queue counter that steps back slightly gives no rate for that interval, not a restart spike', t => {
	const prev = snapshot({at: 0, queues: [queue(0, 1_000_000, 10), queue(1, 100, 10)]});
	const next = snapshot({at: 1000, queues: [queue(0, 999_200, 20), queue(1, 200, 20)]});
	const r = computeRates(prev, next);
	t.false(r.reset);
	t.like(r.queues[0], {rxPps: 0, txPps: 10});
	t.like(r.queues[1], {rxPps: 100, txPps: 10});
});
