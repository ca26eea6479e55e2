// The guarded change on the real netvsc model source and its fault injection
// (host grants fewer, host refuses sub-channels, attach fails and the driver
// restores, attach and restore both fail, drain timeout): every path a demo
// can show.
import test from 'ava';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {type Plan} from '../../source/tuning/plan.js';
import {planChannels} from '../../source/tuning/kinds/channels.js';
import {planRings} from '../../source/tuning/kinds/rings.js';
import type {Channels, Rings} from '../../source/types.js';
import {rig} from './helpers/setup.js';

function model(): ModelSource {
	const made = createModelSource({scenario: 'balanced', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	return made.value;
}

async function read(source: ModelSource, dev = 'eth0'): Promise<{channels: Channels; rings: Rings}> {
	const snap = await source.snapshot(dev, performance.now());
	if (!snap.ok || !snap.value.channels.ok || !snap.value.rings.ok) {
		throw new Error('unreadable model device');
	}

	return {channels: snap.value.channels.value, rings: snap.value.rings.value};
}

async function channelsPlan(source: ModelSource, n: number): Promise<Plan> {
	const result = planChannels('eth0', {ok: true, value: (await read(source)).channels}, n);
	if (!result.ok) {
		throw new Error(result.problem.message);
	}

	return result.plan;
}

const fast = {verifyDelaysMs: [10], revertDelaysMs: [10, 10], keepTimeoutMs: 400} as const;

test('model: keep, and the per-queue epoch moves (counters restarted)', async t => {
	const source = model();
	const {controller, waitFor} = await rig(t, source, fast);
	const before = await source.snapshot('eth0', performance.now());
	await controller.start(await channelsPlan(source, 4));
	await waitFor('AWAIT_CONFIRM');
	controller.keep();
	t.is((await controller.settled())?.state, 'KEPT');
	t.is((await read(source)).channels.combined, 4);
	const after = await source.snapshot('eth0', performance.now());
	t.true(before.ok && after.ok && after.value.epoch > before.value.epoch);
});

test('model: revert at the deadline', async t => {
	const source = model();
	const {controller, waitFor, time} = await rig(t, source, fast);
	await controller.start(await channelsPlan(source, 2));
	await waitFor('AWAIT_CONFIRM');
	time.advance(fast.keepTimeoutMs);
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'deadline');
	t.is((await read(source)).channels.combined, 8);
});

test('model fault: the host grants fewer sub-channels → read-back differs → reverted', async t => {
	const source = model();
	source.injectFault('eth0', {kind: 'grant-fewer', subChannels: 1});
	const {controller} = await rig(t, source, fast);
	await controller.start(await channelsPlan(source, 4));
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'readback');
	t.deepEqual((await read(source)).channels.combined, 8);
});

test('model fault: attach fails and the driver restores → refused, unchanged, errno shown', async t => {
	const source = model();
	source.injectFault('eth0', {kind: 'attach-fails', errno: 'ENOMEM'});
	const {controller} = await rig(t, source, fast);
	await controller.start(await channelsPlan(source, 4));
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.error?.code, 'ENOMEM');
	t.is((await read(source)).channels.combined, 8);
});

test('model fault: the drain times out → refused (ETIMEDOUT), unchanged', async t => {
	const source = model();
	source.injectFault('eth0', {kind: 'drain-timeout'});
	const {controller} = await rig(t, source, fast);
	await controller.start(await channelsPlan(source, 4));
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.error?.code, 'ETIMEDOUT');
});

test('model fault: the host refuses sub-channels → 1 channel, max 1 → the revert is refused too → REVERT_FAILED', async t => {
	const source = model();
	source.injectFault('eth0', {kind: 'refuse-subchannels'});
	const {controller} = await rig(t, source, fast);
	await controller.start(await channelsPlan(source, 4));
	const final = await controller.settled();
	t.is(final?.state, 'REVERT_FAILED');
	t.regex(final?.error?.message ?? '', /exceeds maximum/);
	t.is(final?.attempts, 2);
	t.is((await read(source)).channels.combined, 1);
});

test('model fault: attach and restore both fail → device gone → REVERT_FAILED with the driver’s errno', async t => {
	const source = model();
	source.injectFault('eth0', {kind: 'attach-and-restore-fail', errno: 'EIO'});
	const {controller} = await rig(t, source, fast);
	await controller.start(await channelsPlan(source, 4));
	const final = await controller.settled();
	t.is(final?.state, 'REVERT_FAILED');
	t.is(final?.reason, 'refused');
	t.truthy(final?.error?.message);
});

test('model: refusals with the device unchanged (0, above max, rx-jumbo)', async t => {
	const source = model();
	const before = await read(source);
	const plans: Plan[] = [
		{dev: 'eth0', kind: 'channels', before: {combined: 8}, after: {combined: 0}, request: {combined: 0}, max: {combined: 8}, effects: [], warnings: []},
		{dev: 'eth0', kind: 'channels', before: {combined: 8}, after: {combined: 9}, request: {combined: 9}, max: {combined: 8}, effects: [], warnings: []},
		{dev: 'eth0', kind: 'rings', before: {rx: 9709, tx: 170}, after: {rx: 9709, tx: 170}, request: {rxJumbo: 1}, max: {rx: 18_811, tx: 2560}, floor: 10, effects: [], warnings: []},
	];
	for (const plan of plans) {
		// eslint-disable-next-line no-await-in-loop
		const {controller} = await rig(t, source, fast);
		// eslint-disable-next-line no-await-in-loop
		await controller.start(plan);
		// eslint-disable-next-line no-await-in-loop
		const final = await controller.settled();
		t.is(final?.state, 'UNCHANGED', JSON.stringify(plan.request));
		t.is(final?.error?.code, 'EINVAL');
		t.regex(final?.error?.message ?? '', /maximum|no RX or TX channel/);
	}

	t.deepEqual(await read(source), before);
});

test('model: rings clamped (tx 5 → 10) are accepted and shown as clamped', async t => {
	const source = model();
	const planned = planRings('eth0', {ok: true, value: (await read(source)).rings}, {tx: 5});
	if (!planned.ok) {
		t.fail(planned.problem.message);
		return;
	}

	const {controller, waitFor} = await rig(t, source, fast);
	await controller.start(planned.plan);
	const waiting = await waitFor('AWAIT_CONFIRM');
	t.true(waiting.clamped);
	t.deepEqual(waiting.readback, {rx: 9709, tx: 10});
	controller.keep();
	t.is((await controller.settled())?.state, 'KEPT');
});

test('model source, hang: the set never answers (the caller\'s timeout ends it); the device is unchanged', async t => {
	const source = model();
	source.injectFault('eth0', {kind: 'hang'});
	const answered = await Promise.race([
		source.setChannels('eth0', {combined: 4}, 1000).then(() => true),
		new Promise<false>(resolve => {
			setImmediate(() => resolve(false));
		}),
	]);
	t.false(answered, 'a model change answers synchronously, so a settled promise would have won the race');
	t.is((await read(source)).channels.combined, 8);
	t.deepEqual(await source.setChannels('eth0', {combined: 4}, 2000), {ok: true, value: (await read(source)).channels}, 'the next request is answered');
});
