// The flow hash on a real veth in a test-made namespace (root only): veth has
// no rx-flow-hash (`ethtool -n/-N` answer "Operation not supported"), so the
// live source reads it as not supported — no error — and `hvtop set
// flow-hash` is refused before anything is journaled: one clear line, exit 3.
import test from 'ava';
import {createVethPair, netnsSkipReason} from '../helpers/netns.js';
import {hvtop} from './helpers/hvtop-run.js';
import {journalRecords} from './helpers/journals.js';
import {tempDir} from './helpers/setup.js';

const skip = await netnsSkipReason();
const veth = skip ? test.skip : test.serial;
if (skip) {
	test('veth flow hash tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

veth('the real ethtool on veth: -n rx-flow-hash is not supported, -N "succeeds" with exit 0 and stderr', async t => {
	const pair = await createVethPair(t);
	const read = await pair.exec(pair.nsA, ['ethtool', '-n', pair.devA, 'rx-flow-hash', 'udp4']);
	t.not(read.exitCode, 0);
	t.regex(read.stderr, /Operation not supported/);
	const set = await pair.exec(pair.nsA, ['ethtool', '-N', pair.devA, 'rx-flow-hash', 'udp4', 'sd']);
	t.regex(set.stderr, /Cannot change RX network flow hashing options: Operation not supported/, `exit ${String(set.exitCode)}`);
});

veth('hvtop set flow-hash on a veth: refused with the reason, exit 3, nothing journaled', async t => {
	const pair = await createVethPair(t);
	const dir = await tempDir(t);
	const run = hvtop(pair, dir, ['set', 'flow-hash', pair.devA, 'udp4', 'sd', '--yes']);
	const code = await run.exit;
	t.is(code, 3, run.output());
	t.regex(run.output(), new RegExp(`${pair.devA}'s flow hash cannot be changed: ${pair.devA} has no flow hash settings \\(ethtool -n rx-flow-hash: Operation not supported\\)`));
	t.deepEqual(await journalRecords(dir, pair.devA), []);
});
