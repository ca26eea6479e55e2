import test from 'ava';
import {computeRates} from '../../source/stats/rates.js';
import {fakeManaVf, fakeSnapshot, type FakeDevice} from '../helpers/fake-source.js';

const device = (vf: FakeDevice['vfDevice']): FakeDevice => ({name: 'eth0', rxPps: [10, 10], vf: vf?.name, ...(vf ? {vfDevice: vf} : {})});

test('VF queue rates: per queue, role, CPU, shares and totals from consecutive vfDevice snapshots', t => {
	const d = device({name: 'enP30832s1', txPps: Array.from({length: 16}, () => 5)});
	const r = computeRates(fakeSnapshot(d, 10_000), fakeSnapshot(d, 12_000));
	const vf = r.vfDevice!;
	t.like(vf, {name: 'enP30832s1', driver: 'mana', instance: 1, replaced: false});
	t.is(vf.queues.length, 16);
	t.like(vf.queues[3], {index: 3, role: 'combined', cpu: 3, rxPps: 4000, rxBps: 4000 * 1500, txPps: 5, txBps: 500});
	// 16 queues at 1000…16000 rx + 5 tx each.
	t.is(vf.totals.rxPps, 136_000);
	t.is(vf.totals.txPps, 80);
	t.is(vf.queues[15]!.share, (16_000 + 5) / (136_000 + 80));
	t.true(vf.imbalance > 1.8 && vf.imbalance < 1.9);
});

test('VF rates are BigInt-exact above 2^53', t => {
	const big = 2n ** 60n;
	const d = device({name: 'enP1', offset: big, rxPps: [3, 7]});
	const vf = computeRates(fakeSnapshot(d, 1000), fakeSnapshot(d, 2000)).vfDevice!;
	// 2^60 + 3 and 2^60 + 6 are not doubles apart by 3: only BigInt gets this right.
	t.deepEqual(vf.queues.map(q => q.rxPps), [3, 7]);
	t.deepEqual(vf.queues.map(q => q.rxBps), [4500, 10_500]);
});

test('a new VF instance (servicing) is a restart: rates 0, replaced, never negative', t => {
	const before = fakeSnapshot(device({name: 'enP1', instance: 4, offset: 10n ** 12n, discardsPerSecond: 50}), 100_000);
	const after = fakeSnapshot(device({name: 'enP2', instance: 5, discardsPerSecond: 50}), 101_000);
	const vf = computeRates(before, after).vfDevice!;
	t.true(vf.replaced);
	t.is(vf.instance, 5);
	t.true(vf.queues.every(q => q.rxPps === 0 && q.txPps === 0 && q.rxBps === 0 && q.txBps === 0));
	t.deepEqual(vf.errors.map(e => e.rate), [0, 0]);
	// The same instance again: rates resume.
	const next = fakeSnapshot(device({name: 'enP2', instance: 5, discardsPerSecond: 50}), 102_000);
	const resumed = computeRates(after, next).vfDevice!;
	t.false(resumed.replaced);
	t.is(resumed.queues[0]!.rxPps, 1000);
});

test('a VF queue counter that fell (driver re-created its queues) is a reset, not a negative rate', t => {
	const prev = fakeSnapshot(device({name: 'enP1', offset: 10n ** 9n}), 1000);
	const next = fakeSnapshot(device({name: 'enP1'}), 2000);
	const vf = computeRates(prev, next).vfDevice!;
	t.true(vf.queues.every(q => q.rxPps >= 0 && q.rxBps >= 0));
	t.is(vf.queues[0]!.rxPps, 2000);
});

test('VF error counters: hc_rx_discards_no_wqe rising', t => {
	const d = device({name: 'enP1', discardsPerSecond: 250});
	const vf = computeRates(fakeSnapshot(d, 4000), fakeSnapshot(d, 6000)).vfDevice!;
	t.deepEqual(vf.errors.map(e => [e.name, e.value, e.rate, e.rising]), [['hc_rx_discards_no_wqe', 1500n, 250, true], ['hc_tx_err_gdma', 0n, 0, false]]);
});

test('no VF, no vf rates; a VF that vanished is named once as removed', t => {
	const plain = device(undefined);
	const none = computeRates(fakeSnapshot(plain, 1000), fakeSnapshot(plain, 2000));
	t.false('vfDevice' in none);
	t.false('vfRemoved' in none);
	const withVf = fakeSnapshot(device({name: 'enP7'}), 1000);
	const gone = computeRates(withVf, fakeSnapshot(plain, 2000));
	t.is(gone.vfRemoved, 'enP7');
	t.false('vfDevice' in gone);
});

test('the first snapshot has VF rates of 0 and CPUs from the queues', t => {
	const vf = computeRates(undefined, fakeSnapshot(device({name: 'enP1', cpus: [undefined, 9]}), 1000)).vfDevice!;
	t.false(vf.replaced);
	t.is(vf.queues[0]!.cpu, undefined);
	t.is(vf.queues[1]!.cpu, 9);
	t.true(vf.queues.every(q => q.rxPps === 0));
	t.is(fakeManaVf({name: 'x'}, 0).queues.length, 16);
});

test('a VF back after a servicing (the previous snapshot had none) is a new instance: replaced, rates 0', t => {
	const away = fakeSnapshot(device(undefined), 5000);
	const back = computeRates(away, fakeSnapshot(device({name: 'enP9', instance: 2}), 6000));
	t.true(back.vfDevice!.replaced);
	t.true(back.vfDevice!.queues.every(q => q.rxPps === 0));
	// Named but not read through its driver (a source that reads it only on screen): no servicing said.
	const named = fakeSnapshot({name: 'eth0', rxPps: [1], vf: 'enP9'}, 5000);
	t.false(computeRates(named, fakeSnapshot(device({name: 'enP9', instance: 2}), 6000)).vfDevice!.replaced);
	t.false('vfRemoved' in computeRates(fakeSnapshot(device({name: 'enP9'}), 6000), fakeSnapshot({name: 'eth0', rxPps: [1], vf: 'enP9'}, 7000)));
});

test('per-queue drops, where the driver counts them, get rates; absent where it does not', t => {
	const withDrops = (at: number, drops: bigint) => {
		const s = fakeSnapshot(device({name: 'enP1', rxPps: [10, 10]}), at);
		return {...s, vfDevice: {...s.vfDevice!, queues: s.vfDevice!.queues.map(q => (q.index === 0 ? {...q, rxDrops: drops} : q))}};
	};

	const vf = computeRates(withDrops(1000, 5n), withDrops(3000, 45n)).vfDevice!;
	t.is(vf.queues[0]!.rxDropsPerSec, 20);
	t.false('rxDropsPerSec' in vf.queues[1]!);
	t.false('txDropsPerSec' in vf.queues[0]!);
});
