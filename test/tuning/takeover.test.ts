// Issue 12 item 12: a guard that is alive but does not act (stopped with
// SIGSTOP, hung) must not leave a change applied past its deadline. Recovery
// (at the next start, `rollback`, and hvtop's own watch) notices a guard past
// its deadline by the grace, stops it for good and reverts in its place.
// Here the guard is a real stopped process; the device is the netvsc model.
import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import test from 'ava';
import {watchDeadline} from '../../source/tuning/deadline-watch.js';
import {openJournal, type GuardIdentity} from '../../source/tuning/journal.js';
import {identityOf, isAlive} from '../../source/tuning/proc.js';
import {recoverDevice} from '../../source/tuning/recovery.js';
import {monotonicClock as realClock, type Timers} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step} from '../../source/tuning/states.js';
import type {ChangeView} from '../../source/tuning/types.js';
import {modelDevice} from './helpers/model-device.js';
import {sleep, tempDir} from './helpers/setup.js';

const procState = (pid: number): string | undefined => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0];
	} catch {
		return undefined;
	}
};

/** A real process standing in for the guard, stopped with SIGSTOP (killed in teardown). */
async function stoppedGuard(t: {teardown(fn: () => void): void}): Promise<{child: ChildProcess; identity: GuardIdentity; exited: Promise<NodeJS.Signals | null>}> {
	const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {stdio: 'ignore'});
	t.teardown(() => {
		child.kill('SIGKILL');
	});
	const exited = new Promise<NodeJS.Signals | null>(resolve => {
		child.once('exit', (_code, signal) => {
			resolve(signal);
		});
	});
	await new Promise(resolve => child.once('spawn', resolve));
	child.kill('SIGSTOP');
	while (procState(child.pid!) !== 'T') {
		// eslint-disable-next-line no-await-in-loop
		await sleep(10);
	}

	return {child, identity: {...identityOf(child.pid!)!, mode: 'process'}, exited};
}

/** Journal a change waiting for keep whose deadline was `lateMs` ago, guarded by `guard`. */
async function waitingSince(dir: string, guard: GuardIdentity, lateMs: number): Promise<void> {
	const journal = openJournal(dir);
	const keepTimeoutMs = 1000;
	const then = realClock.now() - lateMs - keepTimeoutMs;
	let change = createChange({id: 'c0ffee', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs}, then);
	for (const event of [{type: 'journaled'}, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: {combined: 8}}] as const) {
		change = step(change, event, then);
		// eslint-disable-next-line no-await-in-loop
		await journal.append(recordOf(change, {guard}, 'model', realClock, {combined: 8}));
	}
}

test('a stopped guard 10 s past its deadline: stopped for good, and the change reverted here (says why)', async t => {
	const dir = await tempDir(t);
	const {identity, exited} = await stoppedGuard(t);
	await waitingSince(dir, identity, 10_000);
	const device = modelDevice({combined: 8});
	const {source} = device;
	const outcome = await recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, revertDelaysMs: [5], kmsg: false, guardGraceMs: 5000});
	t.is(outcome.kind, 'resolved');
	if (outcome.kind === 'resolved') {
		t.is(outcome.change.state, 'REVERTED');
		t.is(outcome.change.reason, 'guard-missed');
		t.regex(outcome.change.error?.message ?? '', new RegExp(`its guard \\(pid ${identity.pid}\\) was 1\\d s past the deadline and was stopped`));
	}

	t.is(await exited, 'SIGKILL', 'the guard can never wake up and act after us');
	t.false(isAlive(identity));
	t.is(device.channels().combined, 4);
	t.is((await openJournal(dir).read('eth0')).at(-1)?.reason, 'guard-missed');
});

test('a stopped guard within the grace: still its change (pending), nothing touched', async t => {
	const dir = await tempDir(t);
	const {identity} = await stoppedGuard(t);
	await waitingSince(dir, identity, 1000);
	const device = modelDevice({combined: 8});
	const {source} = device;
	const outcome = await recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, kmsg: false, guardGraceMs: 5000});
	t.is(outcome.kind, 'pending');
	t.true(isAlive(identity));
	t.is(device.sets.length, 0);
});

test('an hvtop guarding in-process past its deadline is never killed by another hvtop', async t => {
	const dir = await tempDir(t);
	const {identity} = await stoppedGuard(t);
	await waitingSince(dir, {...identity, mode: 'in-process'}, 10_000);
	const device = modelDevice({combined: 8});
	const {source} = device;
	const outcome = await recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, kmsg: false, guardGraceMs: 5000});
	t.is(outcome.kind, 'pending');
	t.true(isAlive(identity));
	t.is(device.sets.length, 0);
});

/** Timers on an injected clock: `advance` fires what is due. */
function fakeTime() {
	let now = 0;
	const due = new Map<number, {at: number; fn: () => void}>();
	let next = 1;
	const timers: Timers = {
		setTimeout(fn, ms) {
			due.set(next, {at: now + ms, fn});
			return next++;
		},
		clearTimeout(handle) {
			due.delete(handle as number);
		},
	};
	return {
		clock: {now: () => now},
		timers,
		pending: () => due.size,
		advance(ms: number) {
			now += ms;
			for (const [id, timer] of [...due]) {
				if (timer.at <= now) {
					due.delete(id);
					timer.fn();
				}
			}
		},
	};
}

const waiting = (deadline: number): ChangeView => ({id: 'c0ffee', dev: 'eth0', kind: 'channels', state: 'AWAIT_CONFIRM', before: {combined: 4}, after: {combined: 8}, deadline, history: []});

test('hvtop’s watch on its guard: fires only past deadline + grace, follows an extension, stops at the end', t => {
	const time = fakeTime();
	const missed: ChangeView[] = [];
	const watch = watchDeadline({...time, graceMs: 5000, onMissed: c => missed.push(c)});
	watch.update(waiting(30_000));
	watch.update(waiting(30_000));
	t.is(time.pending(), 1, 'a repeated update does not add timers');
	time.advance(35_000);
	t.is(missed.length, 0, 'the grace is not over at deadline + 5 s');
	watch.update(waiting(60_000));
	time.advance(30_000);
	t.is(missed.length, 0, 'an extension moves the watch');
	time.advance(200);
	t.is(missed.length, 1);
	watch.update(waiting(100_000));
	watch.update({...waiting(100_000), state: 'KEPT'});
	time.advance(200_000);
	t.is(missed.length, 1, 'a finished change is not watched');
	t.is(time.pending(), 0);
});
