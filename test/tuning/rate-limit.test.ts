// The rate limit on changes that re-create the device (microsoft/openvmm#2854):
// which kinds declare it, the wait read from the journal, and the controller
// refusing a second channel or ring change within 30 s before anything is
// journaled — unless forced — across a controller restart on the same state
// dir, while a revert is never refused. On virtual time: the clock gives
// CLOCK_MONOTONIC too, so the journal's times move with it.
import test from 'ava';
import {createController, type Controller} from '../../source/tuning/controller.js';
import {kindOf, kindNames} from '../../source/tuning/kinds/index.js';
import {planChannels} from '../../source/tuning/kinds/channels.js';
import {planRings} from '../../source/tuning/kinds/rings.js';
import {bootId, openJournal, type JournalRecord} from '../../source/tuning/journal.js';
import {lastRecreation, recreateIntervalMs, recreateWait} from '../../source/tuning/rate-limit.js';
import type {Plan} from '../../source/tuning/plan.js';
import type {Source} from '../../source/sources/source.js';
import type {Clock} from '../../source/clock.js';
import {monoNow} from '../../source/clock.js';
import {virtualTime, type VirtualTime} from '../helpers/virtual-timers.js';
import {modelDevice, type ModelDevice} from './helpers/model-device.js';
import {tempDir, waitForState} from './helpers/setup.js';

const unwrap = (result: ReturnType<typeof planChannels>): Plan => {
	if (!result.ok) {
		throw new Error(result.problem.message);
	}

	return result.plan;
};

const channelPlan = (device: ModelDevice, n: number): Plan => unwrap(planChannels('eth0', {ok: true, value: device.channels()}, n));
const ringPlan = (device: ModelDevice, rx: number): Plan => unwrap(planRings('eth0', {ok: true, value: device.rings()}, {rx}));

/** Virtual time whose CLOCK_MONOTONIC moves with it (journal records are stamped with it). */
function monoTime(): {time: VirtualTime; clock: Clock} {
	const time = virtualTime();
	const base = monoNow() - time.clock.now();
	return {time, clock: {now: () => time.clock.now(), mono: () => base + time.clock.now()}};
}

type Rig = {controller: Controller; dir: string; time: VirtualTime; clock: Clock};

async function rig(t: import('ava').ExecutionContext, source: Source, shared?: {dir: string; time: VirtualTime; clock: Clock}): Promise<Rig> {
	const dir = shared?.dir ?? (await tempDir(t));
	const {time, clock} = shared ?? monoTime();
	const controller = createController({source, stateDir: dir, clock, timers: time.timers, keepTimeoutMs: 1000, verifyDelaysMs: [20], revertDelaysMs: [20, 20], kmsg: false});
	t.teardown(async () => controller.close());
	return {controller, dir, time, clock};
}

async function keptChange(r: Rig, plan: Plan, force = false): Promise<void> {
	const started = await r.controller.start(plan, {keepAtOnce: true, ...(force ? {force} : {})});
	if (!started.ok) {
		throw new Error(started.refusal.message);
	}

	const final = await r.controller.settled();
	if (final?.state !== 'KEPT') {
		throw new Error(`not kept: ${final?.state ?? 'none'}`);
	}
}

const records = async (dir: string): Promise<JournalRecord[]> => openJournal(dir).read('eth0');

test('the kinds that re-create the synthetic device declare it; the VF kinds re-create only the VF\'s queues', t => {
	t.deepEqual(Object.fromEntries(kindNames.map(kind => [kind, kindOf(kind).recreates ?? 'nothing'])), {
		channels: 'device',
		rings: 'device',
		'vf-channels': 'vf-queues',
		'vf-rings': 'vf-queues',
		'vf-coalesce': 'nothing',
		// hv_netvsc sets a new table and key on the running device (rndis_filter_set_rss_param): no re-creation.
		rss: 'nothing',
		// netvsc_set_rxfh_fields only sets the transmit hash flag: no re-creation.
		'flow-hash': 'nothing',
		// A CPU move rewrites an attribute; no queue is re-created.
		'channel-cpu': 'nothing',
		'irq-cpu': 'nothing',
		// The VF's table and key are set on the running VF (mana_set_rxfh): no queue is re-created.
		'vf-rss': 'nothing',
	});
});

test('the wait comes from the newest apply or revert of a re-creating kind in this boot', t => {
	const boot = 'boot-a';
	const at = (state: JournalRecord['state'], ms: number, over: Partial<JournalRecord> = {}): JournalRecord => ({
		v: 1, id: 'x', seq: 1, state, ts: '', mono_ns: String(BigInt(ms) * 1_000_000n), boot_id: boot, host: 'h', dev: 'eth0', source: 'model', kind: 'channels',
		before: {combined: 4}, after: {combined: 8}, request: {combined: 8}, max: {combined: 8}, keep_timeout_ms: 30_000, ...over,
	});
	const journal = [
		at('JOURNALED', 100_000),
		at('APPLYING', 101_000),
		at('VERIFYING', 102_000),
		// A keep is no re-creation: it does not restart the interval.
		at('KEPT', 120_000),
		// A VF change and another boot's record do not count.
		at('APPLYING', 125_000, {kind: 'vf-channels'}),
		at('REVERTING', 126_000, {boot_id: 'boot-b'}),
	];
	t.is(lastRecreation(journal, boot), 102_000);
	t.deepEqual(recreateWait(journal, 112_000, boot), {agoMs: 10_000, waitMs: 20_000});
	t.is(recreateWait(journal, 102_000 + recreateIntervalMs, boot), undefined, 'allowed exactly 30 s after');
	t.is(recreateWait([...journal, at('REVERTED', 130_000)], 140_000, boot)?.waitMs, 20_000, 'a revert restarts the interval');
	t.is(recreateWait([], 0, boot), undefined);
});

test('a second channel change within 30 s is refused with the time left, before anything is journaled or applied', async t => {
	const device = modelDevice();
	const r = await rig(t, device.source);
	await keptChange(r, channelPlan(device, 8));
	const journaled = (await records(r.dir)).length;
	r.time.advance(12_000);
	const refused = await r.controller.start(channelPlan(device, 2));
	t.false(refused.ok);
	if (!refused.ok) {
		t.is(refused.refusal.kind, 'rate');
		t.true(refused.refusal.waitMs! > 17_000 && refused.refusal.waitMs! <= 18_000);
		t.regex(refused.refusal.message, /^eth0 was re-created 1[12] s ago: wait 18 s before the next channels change \(a host bug hung guests after rapid repeated channel changes: microsoft\/openvmm#2854\)$/);
	}

	t.is((await records(r.dir)).length, journaled, 'nothing journaled');
	t.is(device.sets.length, 1, 'nothing applied');
	t.is(device.channels().combined, 8);
	// Rings re-create the device too: the same limit, for the same device.
	const rings = await r.controller.start(ringPlan(device, 2048));
	t.is(rings.ok ? 'started' : rings.refusal.kind, 'rate');
	r.time.advance(18_000);
	await keptChange(r, channelPlan(device, 2));
	t.is(device.channels().combined, 2, 'allowed once the 30 s have passed');
});

test('forced, the second change goes through; its revert is never refused', async t => {
	const device = modelDevice();
	const r = await rig(t, device.source);
	await keptChange(r, channelPlan(device, 8));
	const started = await r.controller.start(channelPlan(device, 2), {force: true});
	t.true(started.ok);
	await waitForState(r.controller, 'AWAIT_CONFIRM');
	// Reverting re-creates the device a moment after the apply: always allowed.
	r.controller.revert();
	t.is((await r.controller.settled())?.state, 'REVERTED');
	t.is(device.channels().combined, 8);
	t.deepEqual(device.sets.map(s => s.request), [{combined: 8}, {combined: 2}, {combined: 8}]);
	// The revert counts as a re-creation: the next change waits from it.
	const next = await r.controller.start(channelPlan(device, 4));
	t.is(next.ok ? 'started' : next.refusal.kind, 'rate');
});

test('the interval outlives the controller: a new one on the same state dir reads it from the journal', async t => {
	const device = modelDevice();
	const first = await rig(t, device.source);
	await keptChange(first, channelPlan(device, 8));
	await first.controller.close();
	first.time.advance(5000);
	const second = await rig(t, device.source, first);
	const wait = await second.controller.recreateWait('eth0', 'channels');
	t.is(wait === undefined ? undefined : Math.ceil(wait.waitMs / 1000), 25, 'the dialog is told too');
	t.is(await second.controller.recreateWait('eth0', 'vf-channels'), undefined, 'a VF change does not wait');
	const refused = await second.controller.start(channelPlan(device, 2));
	t.is(refused.ok ? 'started' : refused.refusal.kind, 'rate');
	first.time.advance(25_000);
	await keptChange(second, channelPlan(device, 2));
	t.is(bootId(), (await records(first.dir)).at(-1)!.boot_id);
});

test('a driver without the host bug (virtio_net) is not rate-limited', async t => {
	const device = modelDevice();
	const source: Source = {
		...device.source,
		async snapshot(dev, now) {
			const snap = await device.source.snapshot(dev, now);
			return snap.ok && snap.value.info.ok ? {ok: true, value: {...snap.value, info: {ok: true, value: {...snap.value.info.value, driver: 'virtio_net'}}}} : snap;
		},
	};
	const r = await rig(t, source);
	await keptChange(r, channelPlan(device, 8));
	await keptChange(r, channelPlan(device, 2));
	t.is(device.channels().combined, 2);
});
