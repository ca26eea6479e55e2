// `hvtop rollback` on a machine given by --sysfs-root/--procfs-root/--ethtool,
// as processes of the built program: a change made there by `hvtop set` with
// those flags is rolled back by the same flags; the rollback of a change whose
// journal names another machine is refused with one line and exit 2; a bad flag
// value is one line and exit 2. The synthetic machine's ethtool stand-in shows
// what was really changed.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {askedToKeep, assertBuilt, runCli as hvtop, type RunningCli} from '../helpers/built-cli.js';
import {createSyntheticNetvsc, type NetvscState, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';

const flagsOf = (machine: SyntheticMachine): string[] => ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool];

const combined = (machine: SyntheticMachine): number => (machine.state().devices['eth0'] as NetvscState).combined;

/** `hvtop set channels eth0 4` on the machine, left waiting for keep (its stdin stays open, unanswered). */
async function pendingSet(machine: SyntheticMachine, env: Record<string, string>): Promise<RunningCli> {
	return askedToKeep(['set', 'channels', 'eth0', '4', ...flagsOf(machine), '--keep-timeout', '120'], env);
}

function rig(t: import('ava').ExecutionContext): {machine: SyntheticMachine; env: Record<string, string>} {
	assertBuilt();
	const machine = createSyntheticNetvsc();
	const stateBase = mkdtempSync(path.join(tmpdir(), 'hvtop-rb-state-'));
	t.teardown(() => {
		machine.cleanup();
		rmSync(stateBase, {recursive: true, force: true});
	});
	return {machine, env: {HVTOP_STATE_DIR: stateBase}};
}

const oneLine = (text: string): string[] => text.split('\n').filter(Boolean);

test.serial('a change made with the machine flags is rolled back by the same flags', async t => {
	const {machine, env} = rig(t);
	const set = await pendingSet(machine, env);
	t.is(combined(machine), 4);

	const rollback = await hvtop(['rollback', 'eth0', ...flagsOf(machine)], env);
	t.is(rollback.code, 0, rollback.stderr);
	t.regex(rollback.stdout, /eth0 channels: reverted to combined 8/);
	t.is(combined(machine), 8);

	set.child.stdin.end();
	const ended = await set.exited;
	t.regex(ended.stdout, /REVERTED +eth0 channels: reverted to combined 8/);
});

test.serial('a change journaled for another machine is refused with one line and exit 2, and left alone', async t => {
	const {machine, env} = rig(t);
	const other = createSyntheticNetvsc();
	t.teardown(() => {
		other.cleanup();
	});
	const set = await pendingSet(machine, env);

	// Another synthetic machine, and this one (no flags): neither owns the change.
	for (const [args, given] of [[flagsOf(other), `the machine --sysfs-root ${other.sysfsRoot}`], [[], 'this machine']] as const) {
		// eslint-disable-next-line no-await-in-loop
		const refused = await hvtop(['rollback', 'eth0', ...args], env);
		t.is(refused.code, 2, refused.stdout + refused.stderr);
		t.is(oneLine(refused.stderr).length, 1, refused.stderr);
		t.true(refused.stderr.startsWith(`hvtop rollback: eth0: change `), refused.stderr);
		t.true(refused.stderr.includes(`was made on the machine --sysfs-root ${machine.sysfsRoot} --procfs-root ${machine.procfsRoot} --ethtool ${machine.ethtool}, not on ${given}`), refused.stderr);
		t.is(combined(machine), 4);
		t.is(combined(other), 8);
	}

	// The flags it names reach it.
	const rollback = await hvtop(['rollback', ...flagsOf(machine)], env);
	t.is(rollback.code, 0, rollback.stderr);
	t.is(combined(machine), 8);
	set.child.stdin.end();
	await set.exited;
});

test('bad machine flag values: one line on stderr, exit 2, nothing read', async t => {
	const {machine, env} = rig(t);
	for (const args of [
		['--sysfs-root'],
		['--sysfs-root='],
		['eth0', '--procfs-root', '/nonexistent-procfs-for-hvtop', '--sysfs-root', machine.sysfsRoot],
		['--model', '--sysfs-root', machine.sysfsRoot],
		['--ethtool-path', machine.ethtool],
	]) {
		// eslint-disable-next-line no-await-in-loop
		const run = await hvtop(['rollback', ...args], env);
		t.is(run.code, 2, args.join(' '));
		t.is(run.stdout, '', args.join(' '));
		t.is(oneLine(run.stderr).length, 1, run.stderr);
		t.regex(run.stderr, /^hvtop rollback: \S.*\(see hvtop rollback --help\)\n$/, args.join(' '));
		t.notRegex(run.stderr, /\n\s+at /);
	}

	t.deepEqual(machine.calls(), []);
});
