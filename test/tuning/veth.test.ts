// The guard on a real kernel device: a veth pair in network namespaces made
// by the test (root only), changed with the real `ethtool -L`. hvtop runs as
// a child process inside the namespace (test/tuning/fixtures/hvtop.ts routes
// set/rollback/guard like the CLI), so it can be killed and hung up on.
import {readFileSync} from 'node:fs';
import test, {type ExecutionContext} from 'ava';
import {createVethPair, netnsSkipReason, type VethPair} from '../helpers/netns.js';
import type {JournalRecord} from '../../source/tuning/journal.js';
import {fixture, hvtop, rxTx, setRxTx} from './helpers/hvtop-run.js';
import {journalRecords} from './helpers/journals.js';
import {sleep, tempDir} from './helpers/setup.js';

const skip = await netnsSkipReason();
const veth = skip ? test.skip : test.serial;
if (skip) {
	test('veth tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

async function records(dir: string, dev: string): Promise<JournalRecord[]> {
	return journalRecords(dir, dev);
}

const session = (pid: number): number => {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
};

const alive = (pid: number): boolean => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
};

async function until(t: ExecutionContext, what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		// eslint-disable-next-line no-await-in-loop
		if (await check()) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(100);
	}

	t.fail(`timed out waiting for ${what}`);
}

const guardOf = async (dir: string, dev: string): Promise<number> => {
	const armed = (await records(dir, dev)).find(r => r.state === 'ARMED');
	return armed?.guard?.pid ?? -1;
};

async function setup(t: ExecutionContext): Promise<{pair: VethPair; dir: string}> {
	const pair = await createVethPair(t, {queues: 4});
	await setRxTx(pair, 1);
	return {pair, dir: await tempDir(t)};
}

veth('keep: the guard runs in its own session and the device keeps the new value', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '3', '--keep-timeout', '10']);
	await run.waitFor(/keep\? \[y\/N]/);
	const guard = await guardOf(dir, pair.devA);
	t.true(guard > 0 && guard !== run.child.pid, 'a separate guard process');
	t.is(session(guard), guard, 'the guard leads its own session (setsid)');
	t.not(session(guard), session(run.child.pid!), 'not the terminal’s session');
	t.deepEqual(await rxTx(pair), {rx: 3, tx: 3});
	run.child.stdin?.write('y\n');
	t.is(await run.exit, 0, run.output());
	t.regex(run.output(), /KEPT\s+hvta0 channels: kept rx 3 tx 3/);
	t.deepEqual(await rxTx(pair), {rx: 3, tx: 3});
	t.deepEqual((await records(dir, pair.devA)).map(r => r.state), ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
	await until(t, 'the guard to exit', () => !alive(guard));
});

veth('no answer: the out-of-process guard reverts at the deadline', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '2', '--keep-timeout', '2']);
	await run.waitFor(/keep\? \[y\/N]/);
	t.deepEqual(await rxTx(pair), {rx: 2, tx: 2});
	t.is(await run.exit, 4, run.output());
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	const last = (await records(dir, pair.devA)).at(-1)!;
	t.is(last.state, 'REVERTED');
	t.is(last.reason, 'deadline');
	t.not(last.guard?.pid, run.child.pid, 'the guard wrote the verdict');
});

veth('SIGKILL of hvtop while waiting: the guard still reverts at the deadline', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '4', '--keep-timeout', '3']);
	await run.waitFor(/keep\? \[y\/N]/);
	const guard = await guardOf(dir, pair.devA);
	run.child.kill('SIGKILL');
	await run.exit;
	t.deepEqual(await rxTx(pair), {rx: 4, tx: 4}, 'still changed right after the kill');
	t.true(alive(guard), 'the guard outlived hvtop');
	await until(t, 'the revert', async () => (await records(dir, pair.devA)).at(-1)?.state === 'REVERTED');
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.is((await records(dir, pair.devA)).at(-1)?.reason, 'deadline');
});

veth('SIGHUP (terminal lost): hvtop tells the guard, which reverts at once', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '2', '--keep-timeout', '30']);
	await run.waitFor(/keep\? \[y\/N]/);
	const at = Date.now();
	run.child.kill('SIGHUP');
	t.is(await run.exit, 4, run.output());
	t.true(Date.now() - at < 10_000, 'well before the 30 s deadline');
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	const last = (await records(dir, pair.devA)).at(-1)!;
	t.is(last.state, 'REVERTED');
	t.is(last.reason, 'session-lost');
});

veth('refusal: rings are not supported on veth; the device is unchanged', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'rings', pair.devA, '--rx', '100']);
	t.is(await run.exit, 3, run.output());
	t.regex(run.output(), /Operation not supported/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.deepEqual(await records(dir, pair.devA), [], 'refused before anything was journaled');
});

veth('refusal by the driver through every state (combined on veth): unchanged, with its message', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['raw-channels', pair.devA, '1']);
	t.is(await run.exit, 0, run.output());
	const final = JSON.parse(run.output().trim().split('\n').at(-1)!) as {state: string; error?: {message: string}};
	t.is(final.state, 'UNCHANGED');
	t.regex(final.error?.message ?? '', /exceeds maximum|Invalid argument/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.deepEqual((await records(dir, pair.devA)).map(r => r.state), ['JOURNALED', 'ARMED', 'APPLYING', 'APPLY_FAILED', 'UNCHANGED']);
});

veth('the lock: a second hvtop is refused with the pending change and its time left', async t => {
	const {pair, dir} = await setup(t);
	const first = hvtop(pair, dir, ['set', 'channels', pair.devA, '2', '--keep-timeout', '20']);
	await first.waitFor(/keep\? \[y\/N]/);
	const id = (await records(dir, pair.devA))[0]!.id;
	const second = hvtop(pair, dir, ['set', 'channels', pair.devA, '3']);
	t.is(await second.exit, 6, second.output());
	t.regex(second.output(), new RegExp(`change ${id} pending on hvta0, \\d+ s left`));
	t.deepEqual(await rxTx(pair), {rx: 2, tx: 2}, 'the second change never ran');
	first.child.stdin?.write('n\n');
	t.is(await first.exit, 4);
	t.is((await records(dir, pair.devA)).at(-1)?.reason, 'admin');
});

veth('rollback while a change waits: its own guard reverts it now', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '3', '--keep-timeout', '30']);
	await run.waitFor(/keep\? \[y\/N]/);
	const rollback = hvtop(pair, dir, ['rollback', pair.devA]);
	t.is(await rollback.exit, 0, rollback.output());
	t.regex(rollback.output(), /reverted to rx 1 tx 1 \(the admin said no\)/);
	t.is(await run.exit, 4);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
});

veth('crash of hvtop and its guard between applying and kept: rollback recovers from the journal', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '3', '--keep-timeout', '30']);
	await run.waitFor(/keep\? \[y\/N]/);
	const guard = await guardOf(dir, pair.devA);
	process.kill(guard, 'SIGKILL');
	run.child.kill('SIGKILL');
	await run.exit;
	await until(t, 'the guard to die', () => !alive(guard));
	t.deepEqual(await rxTx(pair), {rx: 3, tx: 3}, 'left changed by the crash');
	t.is((await records(dir, pair.devA)).at(-1)?.state, 'AWAIT_CONFIRM');
	const rollback = hvtop(pair, dir, ['rollback']);
	t.is(await rollback.exit, 0, rollback.output());
	t.regex(rollback.output(), /found unfinished change \w+: hvta0 channels: reverted to rx 1 tx 1 \(found unfinished at start\)/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	const again = hvtop(pair, dir, ['rollback', pair.devA]);
	t.is(await again.exit, 0);
	t.regex(again.output(), /nothing to roll back on hvta0/);
});

veth('bad values are refused before anything runs', async t => {
	const {pair, dir} = await setup(t);
	for (const [value, pattern] of [['0', /at least 1/], ['9', /at most 4 rx\/tx channels \(the maximum ethtool -l reports\); 9 asked/], ['abc', /whole number, got "abc"/]] as const) {
		const run = hvtop(pair, dir, ['set', 'channels', pair.devA, value]);
		// eslint-disable-next-line no-await-in-loop
		t.is(await run.exit, 2, run.output());
		t.regex(run.output(), pattern);
	}

	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.deepEqual(await records(dir, pair.devA), []);
});

veth('not root: a clear message before anything is attempted', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '2'], {prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all']});
	t.is(await run.exit, 7, run.output());
	t.regex(run.output(), /needs root \(CAP_NET_ADMIN\); nothing was attempted/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.deepEqual(await records(dir, pair.devA), []);
});

veth('the guard is killed while waiting: hvtop notices and undoes the change itself', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '3', '--keep-timeout', '30']);
	await run.waitFor(/keep\? \[y\/N]/);
	process.kill(await guardOf(dir, pair.devA), 'SIGKILL');
	t.is(await run.exit, 4, run.output());
	t.regex(run.output(), /reverted to rx 1 tx 1 \(found unfinished at start\)/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
});

veth('someone runs ethtool -L by hand during the window: diverged, not clobbered', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '2', '--keep-timeout', '2']);
	await run.waitFor(/keep\? \[y\/N]/);
	await setRxTx(pair, 3);
	t.is(await run.exit, 8, run.output());
	t.regex(run.output(), /DIVERGED.*rx 3 tx 3 is neither rx 1 tx 1 nor rx 2 tx 2 \(someone else changed the device meanwhile\); not touched/);
	t.deepEqual(await rxTx(pair), {rx: 3, tx: 3});
});

veth('the device is re-created during the window (new ifindex): diverged, the new device untouched', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '2', '--keep-timeout', '2']);
	await run.waitFor(/keep\? \[y\/N]/);
	for (const argv of [
		['ip', 'link', 'del', pair.devA],
		['ip', 'link', 'add', pair.devA, 'numrxqueues', '4', 'numtxqueues', '4', 'type', 'veth', 'peer', 'name', 'hvtc0', 'numrxqueues', '4', 'numtxqueues', '4'],
	]) {
		// eslint-disable-next-line no-await-in-loop
		const result = await pair.exec(pair.nsA, argv);
		t.is(result.exitCode, 0, result.stderr);
	}

	const fresh = await rxTx(pair);
	t.is(await run.exit, 8, run.output());
	t.regex(run.output(), /the device disappeared or was re-created/);
	t.deepEqual(await rxTx(pair), fresh, 'no ethtool against the new device');
});

veth('the terminal goes away (pty master closed): the change is reverted at once', async t => {
	const {pair, dir} = await setup(t);
	const {spawn: spawnPty} = await import('node-pty');
	const term = spawnPty('ip', ['netns', 'exec', pair.nsA, 'env', `HVTOP_STATE_DIR=${dir}`, process.execPath, '--import=tsx', fixture, 'set', 'channels', pair.devA, '2', '--keep-timeout', '30'], {cols: 100, rows: 30, cwd: process.cwd(), env: {...process.env, LC_ALL: 'C'}});
	let screen = '';
	term.onData(data => {
		screen += data;
	});
	await until(t, 'the keep prompt on the terminal', () => screen.includes('keep? [y/N]'));
	t.deepEqual(await rxTx(pair), {rx: 2, tx: 2});
	const at = Date.now();
	// Closing the master is what a dying sshd does; node-pty has it at runtime, not in its types.
	(term as typeof term & {destroy(): void}).destroy();
	await until(t, 'the revert', async () => (await records(dir, pair.devA)).at(-1)?.state === 'REVERTED');
	t.true(Date.now() - at < 10_000, 'well before the 30 s deadline');
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.is((await records(dir, pair.devA)).at(-1)?.reason, 'session-lost');
});

veth('hvtop dies but its guard lives: the next hvtop reattaches, shows the countdown and can keep', async t => {
	const {pair, dir} = await setup(t);
	const run = hvtop(pair, dir, ['set', 'channels', pair.devA, '3', '--keep-timeout', '30']);
	await run.waitFor(/keep\? \[y\/N]/);
	run.child.kill('SIGKILL');
	await run.exit;
	const second = hvtop(pair, dir, ['attach-keep', pair.devA]);
	t.is(await second.exit, 0, second.output());
	const [first, last] = second.output().trim().split('\n').map(line => JSON.parse(line) as {outcomes?: string[]; current?: string; state?: string});
	t.deepEqual(first, {outcomes: ['pending'], current: 'AWAIT_CONFIRM'});
	t.is(last?.state, 'KEPT');
	t.deepEqual(await rxTx(pair), {rx: 3, tx: 3});
	t.is((await records(dir, pair.devA)).at(-1)?.state, 'KEPT');
});
