// Issue 12 item 3 on a real veth in a test-made netns, with the state dir on a
// real small tmpfs the test mounts (root only): journal first is enforced by
// the real guard process, and recovery decides from the device, not from the
// last record that happened to reach the disk.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {createVethPair, netnsSkipReason, type VethPair} from '../helpers/netns.js';
import {mountTmpfs} from '../helpers/tmpfs.js';
import {isAlive} from '../../source/tuning/proc.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step} from '../../source/tuning/states.js';
import {alive, hvtop, records, rxTx, setRxTx, until, vethJournal} from './helpers/veth-hvtop.js';

const skip = await netnsSkipReason();
const veth = skip ? test.skip : test.serial;
if (skip) {
	test('veth journal tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

async function setup(t: ExecutionContext): Promise<{pair: VethPair; dir: string}> {
	const pair = await createVethPair(t, {queues: 4});
	await setRxTx(pair, 1);
	const dir = await mountTmpfs(t, 256);
	// Runs before the unmount (teardowns run in reverse): a guard left by a failed test must not write on.
	t.teardown(async () => {
		const armed = (await records(pair, dir, pair.devA).catch(() => [])).find(r => r.state === 'ARMED');
		if (armed?.guard && isAlive(armed.guard)) {
			process.kill(armed.guard.pid, 'SIGKILL');
		}
	});
	return {pair, dir};
}

const finalOrWaiting = /"state":"(AWAIT_CONFIRM|KEPT|REVERTED|REVERT_FAILED|UNCHANGED|DIVERGED|SUPERSEDED|ABORTED)"/;

veth('the state dir fills up once the guard is armed: the guard applies nothing and says why', async t => {
	const {pair, dir} = await setup(t);
	const filler = path.join(dir, 'filler');
	const run = hvtop(pair, dir, ['fill-on-armed', pair.devA, '2', filler]);
	// The first of: a final state, or waiting for keep (where the old guard got, with the device changed).
	await run.waitFor(finalOrWaiting);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1}, 'ethtool -L never ran');
	t.is(await run.exit, 0, run.output());
	const lines = run.output().trim().split('\n').map(line => JSON.parse(line) as {state: string; reason?: string; error?: string});
	t.like(lines.at(-1), {state: 'ABORTED', reason: 'journal'});
	t.regex(lines.at(-1)?.error ?? '', /no space left on device.*nothing was applied/i);
	t.false(lines.some(l => l.state === 'APPLYING' || l.state === 'AWAIT_CONFIRM'), 'nobody heard of a state the journal does not hold');
	const written = await records(pair, dir, pair.devA);
	t.deepEqual(written.map(r => r.state), ['JOURNALED', 'ARMED'], 'the disk was full for everything after ARMED');

	// Space again: rollback reads the device back and finds nothing to undo.
	await rm(filler);
	const guard = written[1]!.guard!.pid;
	await until(t, 'the guard to exit', () => !alive(guard));
	const rollback = hvtop(pair, dir, ['rollback', pair.devA]);
	t.is(await rollback.exit, 0, rollback.output());
	t.regex(rollback.output(), /not applied \(found unfinished at start\)/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
});

veth('the journal stops at ARMED but the device holds the new value: rollback reverts it (never "not applied")', async t => {
	const {pair, dir} = await setup(t);
	// What the old guard left on a full disk: ethtool ran, every record after ARMED was lost, then it died.
	const journal = await vethJournal(pair, dir);
	const dead = {pid: process.pid, starttime: 1, mode: 'process' as const};
	let change = createChange({id: 'c0ffee', dev: pair.devA, kind: 'channels', before: {rx: 1, tx: 1}, after: {rx: 2, tx: 2}, max: {rx: 4, tx: 4}, keepTimeoutMs: 30_000}, realClock.now());
	for (const event of [{type: 'journaled'}, {type: 'armed'}] as const) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		t.true((await journal.append(recordOf(change, {guard: dead}, 'live', realClock, {rx: 2, tx: 2}))).ok);
	}

	await setRxTx(pair, 2);
	const rollback = hvtop(pair, dir, ['rollback', pair.devA]);
	t.is(await rollback.exit, 0, rollback.output());
	t.notRegex(rollback.output(), /not applied/);
	t.regex(rollback.output(), /reverted to rx 1 tx 1 \(found unfinished at start\)/);
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
	t.is((await records(pair, dir, pair.devA)).at(-1)?.state, 'REVERTED');
});
