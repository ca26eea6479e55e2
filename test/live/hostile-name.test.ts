// A real interface whose name carries a terminal escape (the kernel accepts
// ESC and BEL in names), made in a throw-away network namespace: whatever
// hvtop prints about it — the refusal to watch or change it, rollback —
// reaches the terminal as visible text (issue 12, item 5). Needs root.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {createVethPair, netnsSkipReason} from '../helpers/netns.js';

const skipReason = await netnsSkipReason();
const liveTest = skipReason === undefined ? test.serial : test.serial.skip;
if (skipReason !== undefined) {
	console.warn(`test/live/hostile-name: skipped — ${skipReason}`);
}

// The built CLI (npm test builds it first).
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
// An OSC 0 title change and a screen clear, 15 bytes at most.
const title = 'e\u001B]0;pwn\u0007';
const clear = 'f\u001B[2J\u001B[H';

const obeyed = (output: string): string[] =>
	[...new Set(output.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g) ?? [])];

liveTest('a veth named with ESC and BEL: --once, set and rollback print it only as visible text', async t => {
	const pair = await createVethPair(t, {queues: 2});
	const made = await pair.exec(pair.nsA, ['ip', 'link', 'add', title, 'type', 'veth', 'peer', 'name', clear]);
	t.is(made.exitCode, 0, made.stderr);
	const listed = await pair.exec(pair.nsA, ['ls', '/sys/class/net']);
	t.true(listed.stdout.split('\n').includes(title), 'the kernel took the name as it is');

	const state = mkdtempSync(join(tmpdir(), 'hvtop-hostile-state-'));
	t.teardown(() => {
		rmSync(state, {recursive: true, force: true});
	});
	const hvtop = async (args: readonly string[]) => pair.exec(pair.nsA, ['env', `HVTOP_STATE_DIR=${state}`, 'CI=true', process.execPath, cli, ...args], {timeoutMs: 60_000});
	for (const args of [
		['--once', '--live', '--device', title, '--interval', '0.2'],
		['--json', '--live', '--device', clear, '--interval', '0.2'],
		['set', 'channels', title, '2', '--live', '--yes'],
		['rollback', clear, '--live'],
	]) {
		// eslint-disable-next-line no-await-in-loop
		const run = await hvtop(args);
		t.not(run.exitCode, 0, `${args[0]!}: refused`);
		t.not(run.stdout + run.stderr, '', `${args[0]!} says why`);
		t.deepEqual(obeyed(run.stdout), [], `${args[0]!} stdout: ${JSON.stringify(run.stdout)}`);
		t.deepEqual(obeyed(run.stderr), [], `${args[0]!} stderr: ${JSON.stringify(run.stderr)}`);
	}
});
