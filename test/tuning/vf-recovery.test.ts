// A journaled VF change after a crash (recovery at start, `rollback`) and in
// the guard process (run here, against the VF rig): reverted on its own VF
// instance, never on the one host servicing put in its place.
import test from 'ava';
import {connectGuard} from '../../source/tuning/arm.js';
import {runGuard} from '../../source/tuning/guard.js';
import {openJournal, type GuardIdentity} from '../../source/tuning/journal.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {recoverDevice} from '../../source/tuning/recovery.js';
import {currentNetns, realMachine} from '../../source/tuning/scope.js';
import {createChange, step, type Change, type ChangeEvent} from '../../source/tuning/states.js';
import type {ChangeView} from '../../source/tuning/types.js';
import {socketPath} from '../../source/tuning/wire.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {waitUntil} from '../helpers/ink.js';
import {vfName, vfRig, type VfRig} from '../helpers/vf-source.js';
import {tempDir} from './helpers/setup.js';

// Same pid, wrong start time: a guard that died and whose pid was reused.
const deadGuard: GuardIdentity = {pid: process.pid, starttime: 1, mode: 'process'};

const events: ChangeEvent[] = [{type: 'journaled'}, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: {combined: 8}}];

/** Journal a vf-channels change 16 → 8 on instance 1, `steps` states far, as if hvtop and its guard died then. */
async function journaled(dir: string, steps: number, source: 'model' | 'live', guard: GuardIdentity = deadGuard): Promise<Change> {
	const journal = openJournal(dir, {netns: currentNetns(), ...(source === 'live' ? {machine: realMachine} : {})});
	let change = createChange({id: 'bead01', dev: 'eth0', kind: 'vf-channels', vf: {name: vfName, instance: 1}, before: {combined: 16}, after: {combined: 8}, max: {combined: 16}, keepTimeoutMs: 30_000}, realClock.now());
	for (const event of events.slice(0, steps)) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		const written = await journal.append(recordOf(change, {guard}, source, realClock, {combined: 8}));
		if (!written.ok) {
			throw new Error(written.error.message);
		}
	}

	return change;
}

const recover = async (dir: string, vf: VfRig) => recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source: vf.source, revertDelaysMs: [10], kmsg: false});

test('recovery of a VF change found waiting: reverted on the same VF instance', async t => {
	const dir = await tempDir(t);
	const vf = vfRig();
	t.true(vf.vf.setChannels({combined: 8}).ok);
	await journaled(dir, 5, 'model');
	const outcome = await recover(dir, vf);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'REVERTED');
	t.is(vf.vf.settings.channels, 16);
	t.deepEqual(vf.sets.map(s => [s.name, s.instance]), [[vfName, 1]]);
	const last = (await openJournal(dir).read('eth0')).at(-1)!;
	t.is(last.state, 'REVERTED');
	t.deepEqual(last.vf, {name: vfName, instance: 1});
});

test('recovery after servicing replaced the VF: lost, and the new VF is not touched', async t => {
	const dir = await tempDir(t);
	const vf = vfRig();
	t.true(vf.vf.setChannels({combined: 8}).ok);
	await journaled(dir, 5, 'model');
	vf.service();
	// The new VF reads 16, which is `before`: a read of it must not pass for "already reverted".
	const outcome = await recover(dir, vf);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'LOST');
	t.is(vf.sets.length, 0);
	const last = (await openJournal(dir).read('eth0')).at(-1)!;
	t.is(last.state, 'LOST');
	t.is(last.reason, 'vf-gone');
	t.is(last.result?.code, 'EVFLOST');
});

test('recovery of a VF change journaled but never applied, the VF since replaced: not applied', async t => {
	const dir = await tempDir(t);
	const vf = vfRig();
	await journaled(dir, 2, 'model');
	vf.service();
	const outcome = await recover(dir, vf);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'ABORTED');
	t.is(outcome.kind === 'resolved' ? outcome.change.reason : undefined, 'vf-gone');
});

const guard = (dir: string, vf: VfRig) =>
	runGuard(['--state-dir', dir, '--dev', 'eth0', '--id', 'bead01', '--verify-delays', '10', '--revert-delays', '10', '--kmsg', 'off'], {
		createSource: async () => ({ok: true, value: {...vf.source, kind: 'live'}}),
		readIfindex: async () => undefined,
		log() {},
	});

test('guard process: a VF replaced between the plan and the guard is not changed (not applied, vf-gone)', async t => {
	const dir = await tempDir(t);
	const vf = vfRig();
	await journaled(dir, 1, 'live', {...selfIdentity(), mode: 'process'});
	vf.service();
	t.is(await guard(dir, vf), 1);
	const last = (await openJournal(dir).read('eth0')).at(-1)!;
	t.is(last.state, 'ABORTED');
	t.is(last.reason, 'vf-gone');
	t.is(vf.sets.length, 0);
});

test('guard process: the VF is serviced while the change waits; the revert asked for ends lost, the new VF untouched', async t => {
	const dir = await tempDir(t);
	const vf = vfRig();
	await journaled(dir, 1, 'live', {...selfIdentity(), mode: 'process'});
	const running = guard(dir, vf);
	const seen: ChangeView[] = [];
	const link = await connectGuard(socketPath(dir, 'bead01'), 5000, c => seen.push(c));
	if (!link.ok) {
		t.fail(link.error.message);
		return;
	}

	await waitUntil(() => seen.some(c => c.state === 'ARMED'), 'ARMED on the socket', 20_000);
	await link.value.send({type: 'apply'});
	await waitUntil(() => seen.some(c => c.state === 'AWAIT_CONFIRM'), 'AWAIT_CONFIRM on the socket', 20_000);
	t.is(vf.vf.settings.channels, 8);
	vf.service();
	await link.value.send({type: 'revert'});
	t.is(await running, 0);
	await waitUntil(() => seen.at(-1)?.state === 'LOST', 'LOST on the socket', 20_000);
	t.deepEqual(vf.sets.map(s => s.instance), [1], 'no revert reached instance 2');
	t.is(vf.vf.settings.channels, 16);
	t.is((await openJournal(dir).read('eth0')).at(-1)?.state, 'LOST');
});
