// `hvtop set rss` end to end on a synthetic Azure guest, as processes of the
// built program with --sysfs-root/--procfs-root/--ethtool: the stand-in ethtool
// takes `-X` as ethtool 6.1 and netvsc do (entries below the channels, a 40-byte
// key, a table set by hand kept until `default`, and the core's refusal to
// shrink channels below it), and the real guard process applies and reverts it.
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {weightTable} from '../../source/ethtool/rxfh.js';
import {createSyntheticNetvsc, type NetvscState, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli.js');

type Run = {code: number; stdout: string; stderr: string};

function rig(t: import('ava').ExecutionContext): {machine: SyntheticMachine; run: (args: string[]) => Promise<Run>} {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: run npm run build first (npm test does)');
	}

	const machine = createSyntheticNetvsc({vcpus: 8, nics: [{name: 'eth0', channels: 8, maxChannels: 8}]});
	const stateBase = mkdtempSync(path.join(tmpdir(), 'hvtop-rss-state-'));
	t.teardown(() => {
		machine.cleanup();
		rmSync(stateBase, {recursive: true, force: true});
	});
	const flags = ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool];
	const run = async (args: string[]) => new Promise<Run>(resolve => {
		const child = execFile(process.execPath, [cli, 'set', ...args, ...flags], {env: {...process.env, HVTOP_STATE_DIR: stateBase}, timeout: 90_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
		// Without --yes, the admin answers no once asked.
		let seen = '';
		child.stdout?.on('data', (chunk: Uint8Array) => {
			seen += String(chunk);
			if (seen.includes('keep? [y/N]')) {
				child.stdin?.end('n\n');
			}
		});
	});
	return {machine, run};
}

const eth0 = (machine: SyntheticMachine): NetvscState => machine.state().devices['eth0'] as NetvscState;
const calls = (machine: SyntheticMachine, op: string): string[] => machine.calls().filter(call => call.startsWith(`${op} `));

test('synthetic guest: a weight table set and kept; channels refuse to shrink below it; default resets it and the shrink goes through', async t => {
	const {machine, run} = rig(t);
	const set = await run(['rss', 'eth0', 'weight', '4', '1', '1', '1', '1', '1', '1', '1', '--yes']);
	t.is(set.code, 0, `${set.stdout}\n${set.stderr}`);
	t.regex(set.stdout, /^LIVE eth0/m);
	t.deepEqual(eth0(machine).rxTable, weightTable(128, [4, 1, 1, 1, 1, 1, 1, 1]));
	t.deepEqual(calls(machine, '-X'), ['-X eth0 weight 4 1 1 1 1 1 1 1']);

	const shrink = await run(['channels', 'eth0', '4', '--yes']);
	t.is(shrink.code, 3, shrink.stdout);
	t.regex(shrink.stderr, /reset the table first: hvtop set rss eth0 default/);
	t.deepEqual(calls(machine, '-L'), [], 'refused in the plan: no ethtool -L ran');

	const reset = await run(['rss', 'eth0', 'default', '--yes']);
	t.is(reset.code, 0, reset.stderr);
	t.is(eth0(machine).rxTable, undefined);
	const after = await run(['channels', 'eth0', '4', '--yes']);
	t.is(after.code, 0, after.stderr);
	t.is(eth0(machine).combined, 4);
});

test('synthetic guest: the admin says no; the guard writes the old weight table and key back with ethtool -X (exit 4)', async t => {
	const {machine, run} = rig(t);
	t.is((await run(['rss', 'eth0', 'weight', '2', '1', '--yes'])).code, 0);
	const key = eth0(machine).rssKey;
	const other = key.split(':').map(byte => (0xFF - Number.parseInt(byte, 16)).toString(16).padStart(2, '0')).join(':');
	const lost = await run(['rss', 'eth0', 'equal', '8', 'hkey', other]);
	t.is(lost.code, 4, `${lost.stdout}\n${lost.stderr}`);
	t.regex(lost.stdout, /^REVERTED +eth0 rss/m);
	t.deepEqual(eth0(machine).rxTable, weightTable(128, [2, 1]));
	t.is(eth0(machine).rssKey, key);
	t.deepEqual(calls(machine, '-X').slice(1), [`-X eth0 equal 8 hkey ${other}`, `-X eth0 weight 85 43 hkey ${key}`]);
});

test('synthetic guest: entries above the channels are refused in the plan (exit 2); the driver\'s own refusal leaves it unchanged (exit 3)', async t => {
	const {machine, run} = rig(t);
	const high = await run(['rss', 'eth0', 'equal', '9', '--yes']);
	t.is(high.code, 2);
	t.regex(high.stderr, /equal 9 would use queue 8/);
	machine.setBehaviour('eth0', '-X', 'eopnotsupp');
	const refused = await run(['rss', 'eth0', 'equal', '4', '--yes']);
	t.is(refused.code, 3, `${refused.stdout}\n${refused.stderr}`);
	t.regex(`${refused.stdout}\n${refused.stderr}`, /Operation not supported/);
	t.is(eth0(machine).rxTable, undefined);
});
