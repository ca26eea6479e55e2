// `ethtool -X` on a real veth in namespaces the test makes: veth has no RSS
// table, so the kernel refuses `-x`/`-X`. hvtop refuses before anything is
// journaled or written (exit 3, with ethtool's words), and the live source's
// setRss stops at its read (nothing written). Root only; skipped elsewhere.
import test from 'ava';
import type {Result, Rss} from '../../source/types.js';
import {createVethPair, netnsSkipReason} from '../helpers/netns.js';
import {startLiveWorker} from '../helpers/live-worker-client.js';
import {hvtop, rxTx, setRxTx} from '../tuning/helpers/hvtop-run.js';
import {journalRecords} from '../tuning/helpers/journals.js';
import {tempDir} from '../tuning/helpers/setup.js';

const skip = await netnsSkipReason();
const veth = skip ? test.serial.skip : test.serial;
if (skip) {
	console.warn(`test/live/veth-rss: skipped — ${skip}`);
}

veth('veth: ethtool -X is not supported; hvtop set rss refuses before anything is journaled, the device unchanged (exit 3)', async t => {
	const pair = await createVethPair(t, {queues: 4});
	await setRxTx(pair, 2);
	// The kernel's own answer, so the test knows what it checks hvtop against.
	const direct = await pair.exec(pair.nsA, ['ethtool', '-X', pair.devA, 'equal', '2']);
	t.not(direct.exitCode, 0, 'veth refuses ethtool -X');
	t.regex(direct.stderr, /not supported/i);

	const dir = await tempDir(t);
	const run = hvtop(pair, dir, ['set', 'rss', pair.devA, 'equal', '2', '--yes']);
	t.is(await run.exit, 3, run.output());
	t.regex(run.output(), /cannot read hvta0's RSS table: .*Operation not supported/);
	t.notRegex(run.output(), /APPLYING/);
	t.deepEqual(await journalRecords(dir, pair.devA), [], 'refused before anything was journaled');
	t.deepEqual(await rxTx(pair), {rx: 2, tx: 2});

	// The channels plan reads the table too: on veth (no table) it changes channels as before.
	const channels = hvtop(pair, dir, ['set', 'channels', pair.devA, '1', '--yes']);
	t.is(await channels.exit, 0, channels.output());
	t.deepEqual(await rxTx(pair), {rx: 1, tx: 1});
});

veth('veth: the live source\'s setRss stops at its read-before-write: EOPNOTSUPP, no ethtool -X run', async t => {
	const pair = await createVethPair(t, {queues: 4});
	const worker = startLiveWorker(pair, pair.nsA);
	t.teardown(() => {
		worker.stop();
	});
	t.true((await worker.call<Result<unknown>>('create', {devices: [pair.devA]})).ok);
	const set = await worker.call<Result<Rss>>('setRss', pair.devA, {equal: 2}, Date.now());
	t.false(set.ok);
	t.is(set.ok ? '' : set.error.code, 'EOPNOTSUPP');
	// A malformed request is refused before any ethtool runs.
	const bad = await worker.call<Result<Rss>>('setRss', pair.devA, {equal: 2, reset: true}, Date.now());
	t.is(bad.ok ? '' : bad.error.code, 'EINVAL');
});
