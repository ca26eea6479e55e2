// Issue 12 item 12 on a real veth in a test-made netns: the real guard
// process is stopped with SIGSTOP while the change waits for keep. hvtop must
// notice that the guard missed its deadline, say so, stop it for good and
// revert itself — both the hvtop still waiting, and a later `rollback` after
// hvtop died. (The fixture's grace is 1 s; no sleeps: every wait is for an
// explicit state.)
import test, {type ExecutionContext} from 'ava';
import {createVethPair, netnsSkipReason, type VethPair} from '../helpers/netns.js';
import {alive, guardPid, hvtop, records, rxTx, setRxTx, until} from './helpers/veth-hvtop.js';
import {tempDir} from './helpers/setup.js';

const skip = await netnsSkipReason();
const veth = skip ? test.skip : test.serial;
if (skip) {
	test('veth stop tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

async function setup(t: ExecutionContext): Promise<{pair: VethPair; dir: string}> {
	const pair = await createVethPair(t, {queues: 4});
	await setRxTx(pair, 1);
	return {pair, dir: await tempDir(t)};
}

/** SIGSTOP the guard; teardown kills it, stopped or not. */
async function stopGuard(t: ExecutionContext, pair: VethPair, dir: string, dev: string): Promise<number> {
	const pid = await guardPid(pair, dir, dev);
	t.true(pid > 0);
	t.teardown(() => {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	});
	process.kill(pid, 'SIGSTOP');
	return pid;
}

veth('the guard is stopped while hvtop waits: past the deadline hvtop says so, stops it and reverts', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '2', '--keep-timeout', '2']);
	await run.waitFor(/keep\? \[y\/N]/);
	const guard = await stopGuard(t, pair, dir, pair.devA);
	t.deepEqual(await rxTx(pair), {rx: 2, tx: 2});
	await run.waitFor(/the guard missed its deadline; hvtop took over/, 20_000);
	t.is(await run.exit, 4, run.output());
	t.regex(run.output(), /REVERTED\s+hvta0 channels: reverted to rx 1 tx 1 \(the guard missed its deadline; hvtop took over\): its guard \(pid \d+\) was \d+ s past the deadline and was stopped/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	await until(t, 'the stopped guard to be gone', () => !alive(guard));
	const last = (await records(pair, dir, pair.devA)).at(-1)!;
	t.is(last.state, 'REVERTED');
	t.is(last.reason, 'guard-missed');
	t.not(last.guard?.pid, guard, 'hvtop wrote the verdict, not the guard');
});

veth('hvtop dies and its guard is stopped: a later rollback takes over once the deadline is missed', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '3', '--keep-timeout', '2']);
	await run.waitFor(/keep\? \[y\/N]/);
	const guard = await stopGuard(t, pair, dir, pair.devA);
	run.child.kill('SIGKILL');
	await run.exit;
	const waiting = (await records(pair, dir, pair.devA)).at(-1)!;
	t.is(waiting.state, 'AWAIT_CONFIRM');
	// Within the grace the guard still owns the change.
	const lateEnough = BigInt(waiting.deadline_mono_ns!) + 1_100_000_000n;
	await until(t, 'the deadline and the grace to pass', () => process.hrtime.bigint() > lateEnough);
	t.deepEqual(await rxTx(pair), {rx: 3, tx: 3}, 'the stopped guard left it applied');
	const rollback = hvtop(pair, dir, ['rollback', pair.devA]);
	t.is(await Promise.race([rollback.exit, new Promise(resolve => {
		setTimeout(resolve, 20_000, 'no answer in 20 s');
	})]), 0, rollback.output());
	t.regex(rollback.output(), /found unfinished change \w+: hvta0 channels: reverted to rx 1 tx 1 \(the guard missed its deadline; hvtop took over\)/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.false(alive(guard), 'stopped for good before hvtop acted');
});
