// Every state and outcome of a change, driven through the controller with the
// in-process guard against the netvsc model (its driver rules and faults), on
// virtual time.
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {openJournal} from '../../source/tuning/journal.js';
import {readLock} from '../../source/tuning/lock.js';
import {type Plan} from '../../source/tuning/plan.js';
import {planChannels} from '../../source/tuning/kinds/channels.js';
import {planRings} from '../../source/tuning/kinds/rings.js';
import {modelDevice, netvscChannels, netvscRings, type ModelDevice} from './helpers/model-device.js';
import {waitUntil} from '../helpers/ink.js';
import {rig, tempDir} from './helpers/setup.js';

const channelPlan = (device: ModelDevice, n: number | string): Plan => {
	const result = planChannels('eth0', {ok: true, value: device.channels()}, n);
	if (!result.ok) {
		throw new Error(result.problem.message);
	}

	return result.plan;
};

/** A plan that skips validation, to reach the driver's own refusals. */
const rawPlan = (over: Partial<Plan>): Plan => ({
	dev: 'eth0',
	kind: 'channels',
	before: {combined: 4},
	after: {combined: 4},
	request: {combined: 4},
	max: {combined: 8},
	effects: [],
	warnings: [],
	...over,
});

const journalStates = async (dir: string, dev = 'eth0') => (await openJournal(dir).read(dev)).map(r => r.state);

test('keep: every state is journaled in order and the device keeps the new value', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, dir, waitFor, updates} = await rig(t, source);
	const started = await controller.start(channelPlan(device, 8));
	t.true(started.ok);
	const waiting = await waitFor('AWAIT_CONFIRM');
	t.truthy(waiting.deadline);
	t.deepEqual(waiting.readback, {combined: 8});
	controller.keep();
	const final = await controller.settled();
	t.is(final?.state, 'KEPT');
	t.is(device.channels().combined, 8);
	t.deepEqual(await journalStates(dir), ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
	t.deepEqual(updates.map(u => u.state), ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
	t.is(await readLock(dir, 'eth0'), undefined, 'lock released');
	const records = await openJournal(dir).read('eth0');
	const first = records[0]!;
	t.is(first.dev, 'eth0');
	t.is(first.kind, 'channels');
	t.deepEqual(first.before, {combined: 4});
	t.deepEqual(first.after, {combined: 8});
	t.regex(first.boot_id, /^[\da-f-]{36}$/);
	t.is(first.guard?.pid, process.pid);
	t.true(first.guard!.starttime > 0);
	t.deepEqual(records.map(r => r.seq), [1, 2, 3, 4, 5, 6]);
	t.truthy(records.find(r => r.state === 'AWAIT_CONFIRM')?.deadline_mono_ns);
});

test('revert at the deadline', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, dir, time, waitFor} = await rig(t, source, {keepTimeoutMs: 300});
	await controller.start(channelPlan(device, 2));
	await waitFor('AWAIT_CONFIRM');
	time.advance(299);
	t.is(controller.current()?.state, 'AWAIT_CONFIRM', 'not a moment before the deadline');
	time.advance(1);
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'deadline');
	t.is(device.channels().combined, 4);
	t.deepEqual(await journalStates(dir), ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'REVERTING', 'REVERTED']);
});

test('admin says no: reverted at once', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, waitFor} = await rig(t, source, {keepTimeoutMs: 30_000});
	await controller.start(channelPlan(device, 6));
	const waiting = await waitFor('AWAIT_CONFIRM');
	controller.revert();
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'admin');
	t.true(controller.clock.now() < waiting.deadline! - 29_000, 'at once: the virtual clock moved only by the short pauses');
	t.is(device.channels().combined, 4);
});

test('session lost while waiting: reverted at once', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, waitFor} = await rig(t, source, {keepTimeoutMs: 30_000});
	await controller.start(channelPlan(device, 6));
	await waitFor('AWAIT_CONFIRM');
	await controller.sessionLost();
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'session-lost');
});

for (const [name, plan, message] of [
	['combined 0', rawPlan({after: {combined: 0}, request: {combined: 0}}), /no RX or TX channel/],
	['above max', rawPlan({after: {combined: 9}, request: {combined: 9}}), /exceeds maximum/],
	['rings rx-jumbo', rawPlan({kind: 'rings', before: {rx: 9709, tx: 170}, after: {rx: 9709, tx: 170}, request: {rxJumbo: 1}, max: {rx: 18_811, tx: 2560}, floor: 10}), /ring size exceeds maximum/],
] as const) {
	test(`driver refusal (${name}) is shown with the device unchanged`, async t => {
		const device = modelDevice();
		const {source} = device;
		const {controller, dir} = await rig(t, source);
		await controller.start(plan);
		const final = await controller.settled();
		t.is(final?.state, 'UNCHANGED');
		t.is(final?.reason, 'refused');
		t.regex(final?.error?.message ?? '', message);
		t.is(final?.error?.code, 'EINVAL');
		t.deepEqual(device.channels(), netvscChannels());
		t.deepEqual(device.rings(), netvscRings());
		t.is(device.sets.length, 1, 'no revert was needed or run');
		t.deepEqual(await journalStates(dir), ['JOURNALED', 'ARMED', 'APPLYING', 'APPLY_FAILED', 'UNCHANGED']);
	});
}

test('read-back differs (host granted fewer sub-channels) → reverted', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'grant-fewer', subChannels: 2});
	const {controller} = await rig(t, source);
	await controller.start(channelPlan(device, 8));
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'readback');
	t.is(device.channels().combined, 4);
	t.deepEqual(device.sets.map(s => s.request), [{combined: 8}, {combined: 4}]);
});

test('attach fails and the driver restores: refused, unchanged, driver errno shown', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'attach-fails', errno: 'EIO'});
	const {controller} = await rig(t, source);
	await controller.start(channelPlan(device, 8));
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.reason, 'refused');
	t.is(final?.error?.code, 'EIO');
	t.is(final?.error?.message, 'Input/output error');
	t.is(device.channels().combined, 4, 'the driver put the old channels back');
	t.is(device.sets.length, 1, 'nothing to revert');
});

test('attach and restore both fail: the revert is retried, then REVERT_FAILED is loud', async t => {
	// A live device (the model never writes to the kernel log: kmsg.test.ts), guarded in-process here.
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	device.fault({kind: 'attach-and-restore-fail'});
	const {controller, dir} = await rig(t, source, {guard: 'in-process', isRoot: () => true, readIfindex: async () => undefined});
	await controller.start(channelPlan(device, 8));
	const final = await controller.settled();
	t.is(final?.state, 'REVERT_FAILED');
	t.is(final?.attempts, 2);
	const kmsg = await readFile(path.join(dir, 'kmsg'), 'utf8');
	t.regex(kmsg, /^<3>hvtop: REVERT FAILED on eth0: change [\da-f]+ could not restore channels combined 4/);
	const records = await openJournal(dir).read('eth0');
	t.is(records.at(-1)?.state, 'REVERT_FAILED');
	t.truthy(records.at(-1)?.result?.message);
	// The sticky banner at the next start.
	const again = await rig(t, source, {stateDir: dir});
	const outcomes = await again.controller.recover();
	t.is(outcomes[0]?.kind, 'alarm');
});

test('a revert that fails twice with EBUSY, then succeeds → REVERTED with the retries journaled', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, dir, waitFor} = await rig(t, source, {keepTimeoutMs: 30_000});
	await controller.start(channelPlan(device, 8));
	await waitFor('AWAIT_CONFIRM');
	const busy = {kind: 'fail', errno: 'EBUSY'} as const;
	device.fault(busy);
	device.fault(busy);
	controller.revert();
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(device.channels().combined, 4);
	const records = await openJournal(dir).read('eth0');
	t.true(records.some(r => r.state === 'REVERTING' && r.attempts === 2 && r.result?.code === 'EBUSY'));
});

test('ethtool hangs: cut off at the apply budget, read back, unchanged', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'hang'});
	const {controller, time} = await rig(t, source, {applyBudgetMs: 200});
	await controller.start(channelPlan(device, 8));
	await waitUntil(() => time.pending() > 0, 'the apply budget to be set');
	time.advance(200);
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.error?.code, 'ETIMEDOUT');
});

test('rings clamped by the driver (tx 5 → 10) are accepted and shown as clamped', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, waitFor} = await rig(t, source);
	const planned = planRings('eth0', {ok: true, value: device.rings()}, {rx: 1024, tx: 5});
	t.true(planned.ok);
	if (!planned.ok) {
		return;
	}

	await controller.start(planned.plan);
	const waiting = await waitFor('AWAIT_CONFIRM');
	t.true(waiting.clamped);
	t.deepEqual(waiting.readback, {rx: 1024, tx: 10});
	controller.keep();
	const final = await controller.settled();
	t.is(final?.state, 'KEPT');
	t.true(final?.clamped);
});

test('--yes keeps as soon as the read-back matches', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller} = await rig(t, source);
	await controller.start(channelPlan(device, 8), {keepAtOnce: true});
	const final = await controller.settled();
	t.is(final?.state, 'KEPT');
});

test('the lock: a second change on the device is refused with the pending id and time left', async t => {
	const device = modelDevice();
	const {source} = device;
	const first = await rig(t, source, {keepTimeoutMs: 20_000});
	const second = await rig(t, source, {stateDir: first.dir});
	await first.controller.start(channelPlan(device, 8));
	const waiting = await first.waitFor('AWAIT_CONFIRM');
	const refused = await second.controller.start(channelPlan(device, 2));
	t.false(refused.ok);
	if (!refused.ok) {
		t.is(refused.refusal.kind, 'locked');
		t.regex(refused.refusal.message, new RegExp(`^change ${waiting.id} pending on eth0, 20 s left$`));
	}

	const busy = await first.controller.start(channelPlan(device, 2));
	t.false(busy.ok);
	t.is(device.sets.length, 1, 'the second change never reached the device');
	first.controller.keep();
	await first.controller.settled();
	// The lock is free again; the rate limit (the device was just re-created) is another test's: forced past it.
	const after = await second.controller.start(channelPlan(device, 2), {force: true});
	t.true(after.ok, 'free again once the first change ended');
	second.controller.revert();
	await second.controller.settled();
});

test('journal write failure: the change is refused before anything is applied', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	// The lock dir works; the journal dir is a file.
	await writeFile(path.join(dir, 'journal'), 'not a directory');
	const {controller, updates} = await rig(t, source, {stateDir: dir});
	const result = await controller.start(channelPlan(device, 8));
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.refusal.kind, 'journal');
		t.regex(result.refusal.message, /cannot write the change journal.*nothing was changed/);
	}

	t.is(device.sets.length, 0);
	t.is(updates.at(-1)?.state, 'ABORTED');
	t.is(updates.at(-1)?.reason, 'journal');
	t.is(await readLock(dir, 'eth0'), undefined, 'lock released');
});

test('state dir not writable at all: refused, nothing applied', async t => {
	const device = modelDevice();
	const {source} = device;
	const base = await tempDir(t);
	const notADir = path.join(base, 'file');
	await writeFile(notADir, 'not a directory');
	const {controller} = await rig(t, source, {stateDir: notADir});
	const result = await controller.start(channelPlan(device, 8));
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.refusal.kind, 'journal');
		t.regex(result.refusal.message, /nothing was changed/);
	}

	t.is(device.sets.length, 0);
});

test('someone else changes the device during the window: DIVERGED, not clobbered', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, waitFor, time} = await rig(t, source, {keepTimeoutMs: 300});
	await controller.start(channelPlan(device, 8));
	await waitFor('AWAIT_CONFIRM');
	t.true(device.setByHand({combined: 2}, time.clock.now()).ok);
	time.advance(300);
	const final = await controller.settled();
	t.is(final?.state, 'DIVERGED');
	t.is(final?.reason, 'manual');
	t.is(device.channels().combined, 2);
	t.is(device.sets.length, 1);
});

test('the device disappears during the window: DIVERGED, no ethtool against it', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, waitFor, time} = await rig(t, source, {keepTimeoutMs: 300});
	await controller.start(channelPlan(device, 8));
	await waitFor('AWAIT_CONFIRM');
	// Someone else's change loses the device: the attach and its restore both fail (the device is detached).
	device.fault({kind: 'attach-and-restore-fail'});
	t.false(device.setByHand({combined: 2}, time.clock.now()).ok);
	time.advance(300);
	const final = await controller.settled();
	t.is(final?.state, 'DIVERGED');
	t.is(final?.reason, 'device-gone');
	t.is(device.sets.length, 1);
});

test('extend pushes the deadline out', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, waitFor, time} = await rig(t, source, {keepTimeoutMs: 400});
	await controller.start(channelPlan(device, 8));
	const waiting = await waitFor('AWAIT_CONFIRM');
	controller.extend(600);
	await waitUntil(() => controller.current()?.deadline === waiting.deadline! + 600, 'the deadline to move');
	time.advance(500);
	t.is(controller.current()?.state, 'AWAIT_CONFIRM', 'still waiting past the first deadline');
	time.advance(500);
	const final = await controller.settled();
	t.is(final?.reason, 'deadline');
});

test('keep pressed as the deadline fires: exactly one outcome', async t => {
	for (const lead of [0, 5, 10]) {
		const device = modelDevice();
		const {source} = device;
		// eslint-disable-next-line no-await-in-loop
		const {controller, dir, waitFor, time} = await rig(t, source, {keepTimeoutMs: 200});
		// eslint-disable-next-line no-await-in-loop
		await controller.start(channelPlan(device, 8));
		// eslint-disable-next-line no-await-in-loop
		const waiting = await waitFor('AWAIT_CONFIRM');
		time.advance(Math.max(0, waiting.deadline! - controller.clock.now() - lead));
		controller.keep();
		// eslint-disable-next-line no-await-in-loop
		const final = await controller.settled();
		// eslint-disable-next-line no-await-in-loop
		const states = await journalStates(dir);
		const terminal = states.filter(s => ['KEPT', 'REVERTED'].includes(s));
		t.is(terminal.length, 1, `lead ${lead}: ${states.join(',')}`);
		t.is(terminal[0], final?.state);
		t.is(device.channels().combined, final?.state === 'KEPT' ? 8 : 4);
	}
});

test('cancel while the apply is in flight: waits for it to land, then undoes it', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'hang'});
	const {controller, waitFor, time} = await rig(t, source, {applyBudgetMs: 300});
	await controller.start(channelPlan(device, 8));
	await waitFor('APPLYING');
	// In flight: cancel waits for the apply to land, then it is undone (here: timed out, unchanged).
	controller.cancel();
	await waitUntil(() => time.pending() > 0, 'the apply budget to be set');
	time.advance(300);
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
});
