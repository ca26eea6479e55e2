import test from 'ava';
import {manaVf, mlx5Vf} from '../../source/drivers/index.js';
import {applyServicing, createVfTraffic, vfAwayAt, type VfDevice} from '../../source/netvsc/vf/index.js';
import type {Result} from '../../source/types.js';
import {flowsFor, vf} from './vf-helpers.js';
import {value} from './helpers.js';

function codeOf(result: Result<unknown>): string {
	return result.ok ? 'ok' : result.error.code;
}

/** Runs `seconds` one-second steps of traffic through the VF. */
function run(device: VfDevice, seconds: number, from = 0, burst = 1): void {
	const traffic = createVfTraffic(device.facts, flowsFor(500));
	for (let s = from; s < from + seconds; s++) {
		device.record(traffic.step(s * 1000, (s + 1) * 1000, {settings: device.settings, share: 1, burst}));
	}
}

const statMap = (device: VfDevice): Map<string, bigint> => new Map(value(device.stats()));

test('ethtool-shaped reads: -l, -g, -x, -c', t => {
	const device = vf(manaVf, 16, 128);
	t.deepEqual(value(device.channels()), {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: 16, rx: 0, tx: 0, other: 0, combined: 16});
	t.deepEqual(value(device.rings()), {rxMax: 8192, txMax: 16_384, rx: 1024, tx: 256, unit: 'descriptors'});
	const rss = value(device.rss());
	t.is(rss.table.length, 128);
	t.is(rss.hfunc, 'toeplitz');
	t.true(rss.key.startsWith('6d:5a:56:da'));
	t.deepEqual(value(device.coalesce()), {rxCqeFrames: 1, rxCqeNsecs: 0});
	value(device.setCoalesce(4));
	t.deepEqual(value(device.coalesce()), {rxCqeFrames: 4, rxCqeNsecs: 2048});
});

test('-S: the driver\'s names in its order, exact counters that add up', t => {
	const device = vf(manaVf, 8);
	run(device, 5);
	const stats = value(device.stats());
	t.deepEqual(stats.map(([name]) => name), manaVf.statNames(8));
	const map = new Map(stats);
	let rx = 0n;
	for (let q = 0; q < 8; q++) {
		rx += map.get(`rx_${q}_packets`)!;
	}

	t.true(rx > 0n);
	t.is(typeof rx, 'bigint');
	// The device total is exactly what the queues counted.
	t.is(map.get('hc_rx_ucast_pkts'), rx);
	const queues = value(device.queueCounters());
	t.is(queues.length, 8);
	t.is(queues[3]!.rxPackets, map.get('rx_3_packets')!);
});

test('servicing: a removed VF reads and sets ENODEV; re-added it is a new epoch with defaults and fresh counters', t => {
	const device = vf(manaVf, 16);
	value(device.setChannels({combined: 8}));
	value(device.setRings({rx: 4096}));
	value(device.setCoalesce(4));
	run(device, 3);
	t.deepEqual(device.changedSettings(), ['channels', 'rx-ring', 'rx-cqe-frames']);
	const removed = value(device.remove());
	t.deepEqual(removed, {kind: 'removed', epoch: 1, name: 'enP30832s1', lost: ['channels', 'rx-ring', 'rx-cqe-frames']});
	t.false(device.present);
	for (const read of [device.channels(), device.rings(), device.rss(), device.coalesce(), device.stats(), device.queueCounters()]) {
		t.is(codeOf(read), 'ENODEV');
	}

	t.is(codeOf(device.setChannels({combined: 4})), 'ENODEV');
	t.is(codeOf(device.setRings({rx: 2048})), 'ENODEV');
	t.is(codeOf(device.setCoalesce(1)), 'ENODEV');
	t.is(codeOf(device.setRxfh({equal: 2})), 'ENODEV');
	t.is(codeOf(device.remove()), 'ENODEV');
	const added = value(device.readd('enP30833s1'));
	t.deepEqual(added, {kind: 'added', epoch: 2, name: 'enP30833s1', lost: ['channels', 'rx-ring', 'rx-cqe-frames']});
	t.is(device.epoch, 2);
	t.is(device.name, 'enP30833s1');
	t.deepEqual(device.settings, device.defaults);
	t.deepEqual(device.changedSettings(), []);
	t.is(value(device.channels()).combined, 16);
	t.is(value(device.rings()).rx, 1024);
	t.true([...statMap(device).values()].every(counter => counter === 0n));
	t.is(codeOf(device.readd()), 'EUSAGE');
});

test('servicing windows: away in [remove, readd), events applied in time order once', t => {
	const windows = [{removeAtMs: 10_000, readdAtMs: 40_000}];
	t.false(vfAwayAt(windows, 9999));
	t.true(vfAwayAt(windows, 10_000));
	t.true(vfAwayAt(windows, 39_999));
	t.false(vfAwayAt(windows, 40_000));
	const device = vf(mlx5Vf, 8);
	value(device.setChannels({combined: 4}));
	t.deepEqual(applyServicing(device, windows, 0, 9000), []);
	t.deepEqual(applyServicing(device, windows, 9000, 10_000).map(event => event.kind), ['removed']);
	t.false(device.present);
	// Both in one step: the VF leaves and comes back.
	const again = vf(mlx5Vf, 8);
	value(again.setChannels({combined: 4}));
	const events = applyServicing(again, windows, 0, 60_000);
	t.deepEqual(events.map(event => [event.kind, event.epoch, event.lost]), [['removed', 1, ['channels']], ['added', 2, ['channels']]]);
	t.is(value(again.channels()).combined, 8);
});

test('no traffic is counted while the VF is absent', t => {
	const device = vf(manaVf, 4);
	value(device.remove());
	run(device, 3);
	value(device.readd());
	t.true([...statMap(device).values()].every(counter => counter === 0n));
});

test('MANA restarts its queue counters on a channel or ring change; the hc_* counters and mlx5\'s channel stats stay', t => {
	const mana = vf(manaVf, 8);
	run(mana, 3);
	const before = statMap(mana);
	value(mana.setRings({rx: 2048}));
	const after = statMap(mana);
	t.is(after.get('rx_0_packets'), 0n);
	t.is(after.get('hc_rx_ucast_pkts'), before.get('hc_rx_ucast_pkts'));
	t.true(before.get('hc_rx_ucast_pkts')! > 0n);

	const mlx5 = vf(mlx5Vf, 8);
	run(mlx5, 3);
	const rx7 = statMap(mlx5).get('rx7_packets')!;
	t.true(rx7 > 0n);
	value(mlx5.setChannels({combined: 4}));
	// Mlx5 keeps showing the channels it opened before (stats_nch), counters intact.
	t.is(statMap(mlx5).get('rx7_packets'), rx7);
	t.deepEqual(value(mlx5.stats()).map(([name]) => name), mlx5Vf.statNames(8));
	t.is(value(mlx5.queueCounters()).length, 4);
});
