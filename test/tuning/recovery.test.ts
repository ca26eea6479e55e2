// Crash recovery from the journal: a change found unfinished at start is
// resolved by reading the device back, or left alone when that is unsafe.
import {appendFile, readFile, writeFile} from 'node:fs/promises';
import test from 'ava';
import {changeFromRecords} from '../../source/tuning/journal-codec.js';
import {openJournal, type GuardIdentity} from '../../source/tuning/journal.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {recoverDevice} from '../../source/tuning/recovery.js';
import {currentNetns} from '../../source/tuning/scope.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step, type Change, type ChangeEvent} from '../../source/tuning/states.js';
import type {ChangeState} from '../../source/tuning/types.js';
import type {Source} from '../../source/sources/source.js';
import {modelDevice} from './helpers/model-device.js';
import {rig, tempDir} from './helpers/setup.js';

// Same pid, wrong start time: a guard that died and whose pid was reused.
const deadGuard: GuardIdentity = {pid: process.pid, starttime: 1, mode: 'process'};

const path: Array<[ChangeEvent, ChangeState]> = [
	[{type: 'journaled'}, 'JOURNALED'],
	[{type: 'armed'}, 'ARMED'],
	[{type: 'apply'}, 'APPLYING'],
	[{type: 'applied'}, 'VERIFYING'],
	[{type: 'readback', values: {combined: 8}}, 'AWAIT_CONFIRM'],
];

/** Journal a change up to `until`, as if hvtop and its guard died right after. */
async function crashedAt(dir: string, until: ChangeState, guard: GuardIdentity = deadGuard, keepTimeoutMs = 30_000, netns = currentNetns()): Promise<Change> {
	// Written in this namespace, as the model's controller here would.
	const journal = openJournal(dir, {netns});
	let change: Change = createChange({id: 'c0ffee', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs}, realClock.now());
	for (const [event, state] of path) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		const written = await journal.append(recordOf(change, {guard}, 'model', realClock, {combined: 8}));
		if (!written.ok) {
			throw new Error(written.error.message);
		}

		if (state === until) {
			break;
		}
	}

	return change;
}

const recover = async (dir: string, source: Source) =>
	recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, revertDelaysMs: [10], kmsg: false});

test('a change of another network namespace is left alone, whatever the device of that name here reads (issue 12 item 2)', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await crashedAt(dir, 'AWAIT_CONFIRM', deadGuard, 30_000, '1');
	const outcome = await recoverDevice('eth0', {journal: openJournal(dir, {netns: currentNetns()}), stateDir: dir, source, revertDelaysMs: [10], kmsg: false});
	t.is(outcome.kind, 'unresolved');
	if (outcome.kind === 'unresolved') {
		t.regex(outcome.message, /change c0ffee belongs to network namespace 1, not to network namespace \d+; not touching it from here/);
	}

	t.is(device.sets.length, 0);
	t.is((await openJournal(dir).read('eth0')).at(-1)?.state, 'AWAIT_CONFIRM');
});

test('crash between "applying" and "kept" (waiting for keep): the device is reverted', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await crashedAt(dir, 'AWAIT_CONFIRM');
	const outcome = await recover(dir, source);
	t.is(outcome.kind, 'resolved');
	if (outcome.kind === 'resolved') {
		t.is(outcome.change.state, 'REVERTED');
		t.is(outcome.change.reason, 'recovery');
	}

	t.is(device.channels().combined, 4);
	const records = await openJournal(dir).read('eth0');
	t.is(records.at(-1)?.state, 'REVERTED');
	t.is(records.at(-1)?.guard?.pid, process.pid);
});

test('crash right after ethtool ran (last record APPLYING): decided by read-back', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await crashedAt(dir, 'APPLYING');
	const outcome = await recover(dir, source);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'REVERTED');
	t.is(device.channels().combined, 4);
});

test('read-back equals before: REVERTED as a no-op, nothing run', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await crashedAt(dir, 'APPLYING');
	const outcome = await recover(dir, source);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'REVERTED');
	t.is(device.sets.length, 0);
});

test('read-back is neither: DIVERGED, the device is not touched', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 2});
	const {source} = device;
	await crashedAt(dir, 'AWAIT_CONFIRM');
	const outcome = await recover(dir, source);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'DIVERGED');
	t.is(device.sets.length, 0);
	t.is(device.channels().combined, 2);
});

test('a journal from a previous boot: SUPERSEDED, no action', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await crashedAt(dir, 'AWAIT_CONFIRM');
	const file = openJournal(dir).file('eth0');
	const text = await readFile(file, 'utf8');
	await writeFile(file, text.replaceAll(/"boot_id":"[^"]+"/g, '"boot_id":"00000000-0000-0000-0000-000000000000"'));
	const outcome = await recover(dir, source);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'SUPERSEDED');
	t.is(device.sets.length, 0);
});

test('a live guard: pending, with its time left; nothing done', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await crashedAt(dir, 'AWAIT_CONFIRM', {...selfIdentity(), mode: 'process'}, 20_000);
	const outcome = await recover(dir, source);
	t.is(outcome.kind, 'pending');
	if (outcome.kind === 'pending') {
		t.true(outcome.secondsLeft! > 15 && outcome.secondsLeft! <= 20);
	}

	t.is(device.sets.length, 0);
});

test('journaled but never applied: ABORTED', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	await crashedAt(dir, 'ARMED');
	const outcome = await recover(dir, source);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'ABORTED');
	t.is(device.sets.length, 0);
});

test('a torn last line (crash mid-write) is skipped, the records before it count', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await crashedAt(dir, 'AWAIT_CONFIRM');
	await appendFile(openJournal(dir).file('eth0'), '{"v":1,"id":"c0ffee","seq":6,"sta');
	const records = await openJournal(dir).read('eth0');
	t.is(records.length, 5);
	t.is(changeFromRecords(records, 'c0ffee')?.change.state, 'AWAIT_CONFIRM');
	const outcome = await recover(dir, source);
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'REVERTED');
});

test('a new change first resolves a dead change, then proceeds; a live one blocks it', async t => {
	const device = modelDevice({combined: 8});
	const {source} = device;
	const dir = await tempDir(t);
	await crashedAt(dir, 'AWAIT_CONFIRM');
	const {controller} = await rig(t, source, {stateDir: dir});
	const plan = {dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 2}, request: {combined: 2}, max: {combined: 8}, effects: [], warnings: []} as const;
	// Recovery's revert just re-created the device: the new change goes past the rate limit (rate-limit.test.ts).
	const started = await controller.start(plan, {keepAtOnce: true, force: true});
	t.true(started.ok);
	t.is((await controller.settled())?.state, 'KEPT');
	t.is(device.channels().combined, 2);

	const other = await tempDir(t);
	await crashedAt(other, 'AWAIT_CONFIRM', {...selfIdentity(), mode: 'process'});
	const blocked = await rig(t, source, {stateDir: other});
	const refused = await blocked.controller.start(plan);
	t.false(refused.ok);
	if (!refused.ok) {
		t.regex(refused.refusal.message, /change c0ffee pending on eth0, \d+ s left/);
	}
});
