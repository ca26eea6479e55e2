// The guard's own rules, run in-process against the netvsc model (its socket is
// real): arming, apply on request, keep over the socket, the stale-guard rule,
// the arm timeout; and the controller's refusals when no guard can be armed.
import path from 'node:path';
import test from 'ava';
import {connectGuard} from '../../source/tuning/arm.js';
import {runGuard} from '../../source/tuning/guard.js';
import {openJournal} from '../../source/tuning/journal.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step} from '../../source/tuning/states.js';
import type {ChangeView} from '../../source/tuning/types.js';
import {socketPath} from '../../source/tuning/wire.js';
import {currentNetns, realMachine} from '../../source/tuning/scope.js';
import type {Source} from '../../source/sources/source.js';
import {modelDevice} from './helpers/model-device.js';
import {waitUntil} from '../helpers/ink.js';
import {rig, tempDir} from './helpers/setup.js';

async function journaled(dir: string, id: string, before = 4, after = 8, netns = currentNetns()): Promise<void> {
	const change = step(createChange({id, dev: 'eth0', kind: 'channels', before: {combined: before}, after: {combined: after}, max: {combined: 8}, keepTimeoutMs: 5000}, realClock.now()), {type: 'journaled'}, realClock.now());
	// Journaled in this namespace for the real machine, as a live hvtop here would.
	const written = await openJournal(dir, {netns, machine: realMachine}).append(recordOf(change, {guard: {...selfIdentity(), mode: 'process'}}, 'live', realClock, {combined: after}));
	if (!written.ok) {
		throw new Error(written.error.message);
	}
}

const guard = (dir: string, id: string, source: Source, extra: string[] = []) =>
	runGuard(['--state-dir', dir, '--dev', 'eth0', '--id', id, '--verify-delays', '10', '--revert-delays', '10', '--kmsg', 'off', ...extra], {
		createSource: async () => ({ok: true, value: source}),
		readIfindex: async () => undefined,
		log() {},
	});

test('guard: armed, applies when told, keeps over the socket, then exits', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await journaled(dir, 'aaaaaa');
	const running = guard(dir, 'aaaaaa', source);
	const seen: ChangeView[] = [];
	const link = await connectGuard(socketPath(dir, 'aaaaaa'), 5000, c => seen.push(c));
	t.true(link.ok);
	if (!link.ok) {
		return;
	}

	await waitUntil(() => seen.some(c => c.state === 'ARMED'), 'ARMED on the socket', 20_000);

	t.is(device.sets.length, 0, 'nothing applied before hvtop says so');
	await link.value.send({type: 'apply'});
	await waitUntil(() => seen.some(c => c.state === 'AWAIT_CONFIRM'), 'AWAIT_CONFIRM on the socket', 20_000);

	await link.value.send({type: 'keep'});
	t.is(await running, 0);
	await waitUntil(() => seen.at(-1)?.state === 'KEPT', 'KEPT on the socket', 20_000);

	t.is(seen.at(-1)?.state, 'KEPT', 'the last word on the socket');
	t.is(device.channels().combined, 8);
	const records = await openJournal(dir).read('eth0');
	t.deepEqual(records.map(r => r.state), ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
	t.is(records[1]?.guard?.socket, socketPath(dir, 'aaaaaa'));
});

test('guard: a change journaled in another network namespace is not acted on (issue 12 item 2)', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await journaled(dir, 'aaaaaa', 4, 8, '1');
	t.is(await guard(dir, 'aaaaaa', source), 1);
	t.is(device.sets.length, 0);
	t.deepEqual((await openJournal(dir).read('eth0')).map(r => r.state), ['JOURNALED'], 'wrote nothing');
});

test('guard: a stale guard (not the device’s pending change) exits without acting', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await journaled(dir, 'aaaaaa');
	await journaled(dir, 'bbbbbb', 4, 2);
	t.is(await guard(dir, 'aaaaaa', source), 0);
	t.is(device.sets.length, 0);
	t.is((await openJournal(dir).read('eth0')).length, 2, 'wrote nothing');
});

test('guard: hvtop never says apply → not applied (ABORTED) after the arm timeout', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await journaled(dir, 'aaaaaa');
	t.is(await guard(dir, 'aaaaaa', source, ['--arm-timeout', '200']), 0);
	t.is(device.sets.length, 0);
	const last = (await openJournal(dir).read('eth0')).at(-1);
	t.is(last?.state, 'ABORTED');
	t.is(last?.reason, 'guard');
});

test('guard: the device changed since the plan → not applied', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await journaled(dir, 'aaaaaa', 6, 8);
	t.is(await guard(dir, 'aaaaaa', source), 1);
	t.is(device.sets.length, 0);
	t.is((await openJournal(dir).read('eth0')).at(-1)?.reason, 'manual');
});

test('controller: the guard cannot be started → refused, never applied', async t => {
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	const {controller, dir} = await rig(t, source, {guard: 'process', guardCommand: [path.join('/nonexistent', 'hvtop'), 'guard'], useSystemd: false, readIfindex: async () => undefined, isRoot: () => true});
	const plan = {dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, request: {combined: 8}, max: {combined: 8}, effects: [], warnings: []} as const;
	const result = await controller.start(plan);
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.refusal.kind, 'guard');
		t.regex(result.refusal.message, /nothing was changed/);
	}

	t.is(device.sets.length, 0);
	t.is((await openJournal(dir).read('eth0')).at(-1)?.state, 'ABORTED');
});

test('controller: a guard that never arms within the timeout → ABORTED before anything runs', async t => {
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	const {controller, dir} = await rig(t, source, {guard: 'process', guardCommand: [process.execPath, '-e', 'setTimeout(() => {}, 5000)', '--'], useSystemd: false, armTimeoutMs: 500, readIfindex: async () => undefined, isRoot: () => true});
	const plan = {dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, request: {combined: 8}, max: {combined: 8}, effects: [], warnings: []} as const;
	const started = Date.now();
	const result = await controller.start(plan);
	t.false(result.ok);
	t.true(Date.now() - started < 3000);
	t.is(device.sets.length, 0);
	const last = (await openJournal(dir).read('eth0')).at(-1);
	t.is(last?.state, 'ABORTED');
	t.is(last?.reason, 'guard');
});

test('controller: a live change as non-root is refused before anything is attempted', async t => {
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	const {controller, dir} = await rig(t, source, {isRoot: () => false});
	const result = await controller.start({dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, request: {combined: 8}, max: {combined: 8}, effects: [], warnings: []});
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.refusal.kind, 'permission');
		t.regex(result.refusal.message, /needs root/);
	}

	t.is(device.sets.length, 0);
	t.deepEqual(await openJournal(dir).read('eth0'), []);
});
