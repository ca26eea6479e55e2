// The RSS kind carried through the controller on the netvsc model (virtual
// time): the rss-skew table reset to the driver's own, read back and kept, or
// reverted at the deadline to the very table it had (and its "set by hand"
// flag); the simulated traffic follows the table; and the channels plan and the
// model agree that a hand-set table blocks a shrink until it is reset.
import test from 'ava';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {planChange, type KindInput} from '../../source/tuning/kinds/index.js';
import type {ChangeKind} from '../../source/tuning/types.js';
import type {Plan} from '../../source/tuning/plan.js';
import {equalTable, weightTable} from '../../source/ethtool/rxfh.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {rig} from './helpers/setup.js';

const skewed = weightTable(128, [4, 1, 1, 1, 1, 1, 1, 1]);

function model(scenario: string): ModelSource {
	const made = createModelSource({scenario, seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	return made.value;
}

async function snap(source: ModelSource, now: number, dev = 'eth0'): Promise<DeviceSnapshot> {
	const taken = await source.snapshot(dev, now);
	if (!taken.ok) {
		throw new Error(taken.error.message);
	}

	return taken.value;
}

async function planOn(source: ModelSource, kind: ChangeKind, input: KindInput, now = 1000): Promise<Plan> {
	const planned = planChange(kind, 'eth0', await snap(source, now), input);
	if (!planned.ok) {
		throw new Error(planned.problem.message);
	}

	return planned.plan;
}

const rssOf = async (source: ModelSource, now: number) => {
	const {rss} = await snap(source, now);
	if (!rss.ok) {
		throw new Error(rss.error.message);
	}

	return rss.value;
};

test('rss-skew: reset to the driver\'s table, read back and kept; the "set by hand" flag is cleared', async t => {
	const source = model('rss-skew');
	t.deepEqual((await rssOf(source, 500)).table, skewed);
	const {controller, waitFor, time} = await rig(t, source);
	t.true((await controller.start(await planOn(source, 'rss', {spread: 'default'}))).ok);
	await waitFor('AWAIT_CONFIRM');
	controller.keep();
	t.is((await controller.settled())?.state, 'KEPT');
	const after = await rssOf(source, time.clock.now());
	t.deepEqual(after.table, equalTable(128, 8));
	t.is(after.configured, false);
});

test('rss-skew: not kept, reverted at the deadline to the same weight table, set by hand again', async t => {
	const source = model('rss-skew');
	const {controller, waitFor, time} = await rig(t, source);
	await controller.start(await planOn(source, 'rss', {spread: 'equal', equal: '4'}));
	await waitFor('AWAIT_CONFIRM');
	t.deepEqual((await rssOf(source, time.clock.now())).table, equalTable(128, 4));
	time.advance(1000);
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'deadline');
	const back = await rssOf(source, time.clock.now());
	t.deepEqual(back.table, skewed);
	t.is(back.configured, true);
});

test('balanced: a key change is reverted to the old key, and a default table stays the driver\'s (flag clear)', async t => {
	const source = model('balanced');
	const before = await rssOf(source, 500);
	const key = before.key.split(':').map(byte => (0xFF - Number.parseInt(byte, 16)).toString(16).padStart(2, '0')).join(':');
	const {controller, waitFor, time} = await rig(t, source);
	await controller.start(await planOn(source, 'rss', {spread: 'equal', equal: '2', key}));
	await waitFor('AWAIT_CONFIRM');
	t.is((await rssOf(source, time.clock.now())).key, key);
	controller.revert();
	t.is((await controller.settled())?.state, 'REVERTED');
	const back = await rssOf(source, time.clock.now());
	t.is(back.key, before.key);
	t.deepEqual(back.table, before.table);
	t.is(back.configured, false);
});

test('the traffic follows the table: equal 2 on a 4-channel device moves every received packet to queues 0–1', async t => {
	const source = model('balanced');
	t.true(source.machine.setChannels('eth0', {combined: 4}, 0).ok);
	const rxOf = (from: DeviceSnapshot, to: DeviceSnapshot) => to.queues.map((q, i) => q.rxPackets - (from.queues[i]?.rxPackets ?? 0n));
	const a = await snap(source, 1000);
	const b = await snap(source, 6000);
	t.true(rxOf(a, b).every(n => n > 0n), 'all four queues receive before');
	t.true((await source.setRss!('eth0', {equal: 2}, 6000)).ok);
	const c = await snap(source, 6000);
	const d = await snap(source, 16_000);
	const rx = rxOf(c, d);
	t.true(rx[0]! > 0n && rx[1]! > 0n, 'queues 0 and 1 receive');
	t.deepEqual(rx.slice(2), [0n, 0n], 'queues 2 and 3 receive nothing');
});

test('a hand-set table blocks a shrink in the plan and in the model alike, until it is reset', async t => {
	const source = model('rss-skew');
	const refused = planChange('channels', 'eth0', await snap(source, 1000), {count: '4'});
	t.false(refused.ok);
	t.regex(refused.ok ? '' : refused.problem.message, /reset the table first: hvtop set rss eth0 default/);
	// The model's ethtool core refuses the same, with its message.
	const direct = source.machine.setChannels('eth0', {combined: 4}, 1000);
	t.false(direct.ok);
	t.regex(direct.ok ? '' : direct.error.message, /too low for existing indirection table \(7\)/);
	t.true((await source.setRss!('eth0', {reset: true}, 1000)).ok);
	t.true(planChange('channels', 'eth0', await snap(source, 1000), {count: '4'}).ok);
	t.true(source.machine.setChannels('eth0', {combined: 4}, 1000).ok);
});

test('the model refuses what netvsc refuses: an entry above the channels (EINVAL), a key of the wrong length (EINVAL); a VF name sets the VF\'s own table', async t => {
	const source = model('balanced');
	const high = await source.setRss!('eth0', {equal: 9}, 1000);
	t.is(high.ok ? undefined : high.error.code, 'EINVAL');
	const short = await source.setRss!('eth0', {key: '6d:5a'}, 1000);
	t.is(short.ok ? undefined : short.error.code, 'EINVAL');
	// A VF's own table (mana): set on the VF, never on the netvsc device.
	const mana = model('mana');
	const before = await snap(mana, 1000);
	const vf = await mana.setRss!('enP30832s1', {equal: 2}, 1000);
	t.deepEqual(vf.ok ? new Set(vf.value.table) : undefined, new Set([0, 1]));
	const after = await snap(mana, 1000);
	t.deepEqual(after.rss.ok && after.rss.value.table, before.rss.ok && before.rss.value.table);
});
