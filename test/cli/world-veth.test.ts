// The built CLI on a real veth that exists on the machine (in a namespace the
// test made), named without --live: it is read and changed live, and every
// output says LIVE and `veth` — never the model's device of the same name.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {createVethPair, netnsSkipReason, type VethPair} from '../helpers/netns.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli.js');
const skip = await netnsSkipReason();
const veth = skip ? test.skip : test.serial;
if (skip) {
	test('world veth tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

async function rxTx(pair: VethPair): Promise<string> {
	const result = await pair.exec(pair.nsA, ['ethtool', '-l', pair.devA]);
	const current = result.stdout.split('Current hardware settings:')[1] ?? '';
	return `rx ${/RX:\s+(\d+)/.exec(current)?.[1] ?? '?'} tx ${/TX:\s+(\d+)/.exec(current)?.[1] ?? '?'}`;
}

function stateDir(t: ExecutionContext): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-world-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

veth('set channels and --once name a veth without --live: the real device is read and changed, and the output says LIVE and veth', async t => {
	const pair = await createVethPair(t, {queues: 4});
	await pair.exec(pair.nsA, ['ethtool', '-L', pair.devA, 'rx', '1', 'tx', '1']);
	t.is(await rxTx(pair), 'rx 1 tx 1');
	// UTF-8 on purpose: the helper runs commands with LC_ALL=C, where --once prints ASCII (— becomes -).
	const env = ['env', `HVTOP_STATE_DIR=${stateDir(t)}`, 'CI=true', 'LC_ALL=C.UTF-8'];

	const set = await pair.exec(pair.nsA, [...env, process.execPath, cli, 'set', 'channels', pair.devA, '2', '--yes'], {timeoutMs: 60_000});
	t.is(set.exitCode, 0, set.stdout + set.stderr);
	const lines = set.stdout.trim().split('\n');
	t.regex(lines[0]!, new RegExp(`^LIVE ${pair.devA} \\(driver veth\\): this machine's device`), 'the first line says LIVE and the driver');
	t.notRegex(set.stdout, /MODEL/);
	t.regex(set.stdout, /KEPT/);
	t.is(await rxTx(pair), 'rx 2 tx 2', 'the real device changed');

	const once = await pair.exec(pair.nsA, [...env, process.execPath, cli, '--device', pair.devA, '--once', '--interval', '0.2'], {timeoutMs: 60_000});
	t.is(once.exitCode, 0, once.stderr);
	t.regex(once.stdout, new RegExp(`^hvtop — LIVE — ${pair.devA} \\(veth\\)`, 'm'));
	t.regex(once.stdout, new RegExp(`^${pair.devA} +veth`, 'm'));
	t.notRegex(once.stdout, /MODEL|hv_netvsc/);

	const rollback = await pair.exec(pair.nsA, [...env, process.execPath, cli, 'rollback', pair.devA], {timeoutMs: 60_000});
	t.is(rollback.exitCode, 0, rollback.stderr);
	t.regex(rollback.stdout, new RegExp(`^LIVE ${pair.devA} \\(driver veth\\)`, 'm'));
	t.regex(rollback.stdout, new RegExp(`nothing to roll back on ${pair.devA}`));
});
