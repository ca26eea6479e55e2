// A VF change end to end on a synthetic Azure guest, as processes of the built
// program: `hvtop set vf-channels eth0 N` with --sysfs-root/--procfs-root/
// --ethtool on a 16-vCPU VM whose eth0 has a mana VF (the stand-in ethtool
// answers as mana does), with the real guard process. Kept and reverted, each
// read back from the VF; and the VF serviced while the change waits for keep
// (removed, then back with a new ifindex and the driver's defaults): the change
// ends lost (exit 10), and the guard never sends `-L` to the new VF.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {createLiveSource} from '../../source/sources/live/index.js';
import {askedToKeep, assertBuilt, runCli as hvtop, type RunningCli} from '../helpers/built-cli.js';
import {createSyntheticNetvsc, type SyntheticMachine, type VfState} from '../helpers/synthetic-netvsc.js';

const vf = 'enP30832s1';

const flagsOf = (machine: SyntheticMachine): string[] => ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool];

const vfState = (machine: SyntheticMachine): VfState => machine.state().devices[vf] as VfState;
const vfChannels = (machine: SyntheticMachine): number | undefined => vfState(machine).real?.combined;
const setCalls = (machine: SyntheticMachine): string[] => machine.calls().filter(call => call.startsWith('-L '));

function rig(t: import('ava').ExecutionContext): {machine: SyntheticMachine; env: Record<string, string>} {
	assertBuilt();
	const machine = createSyntheticNetvsc({
		vcpus: 16,
		nics: [{name: 'eth0', channels: 8, maxChannels: 8, vf, vfDriver: 'mana', realVf: true}],
	});
	const stateBase = mkdtempSync(path.join(tmpdir(), 'hvtop-vf-state-'));
	t.teardown(() => {
		machine.cleanup();
		rmSync(stateBase, {recursive: true, force: true});
	});
	return {machine, env: {HVTOP_STATE_DIR: stateBase}};
}

/** The VF's channels as hvtop's live source reads them (eth0's vfDevice). */
async function liveVfChannels(machine: SyntheticMachine): Promise<number | undefined> {
	const made = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, devices: ['eth0']});
	if (!made.ok) {
		return undefined;
	}

	try {
		const snap = await made.value.snapshot('eth0', 1000);
		const channels = snap.ok ? snap.value.vfDevice?.channels : undefined;
		return channels?.ok ? channels.value.combined : undefined;
	} finally {
		await made.value.close();
	}
}

/** `hvtop set vf-channels eth0 N` on the machine, left waiting for keep (its stdin open, unanswered). */
async function pendingSet(machine: SyntheticMachine, env: Record<string, string>, count: number, keepSeconds: number): Promise<RunningCli> {
	return askedToKeep(['set', 'vf-channels', 'eth0', String(count), ...flagsOf(machine), '--keep-timeout', String(keepSeconds)], env);
}

test.serial('set vf-channels on the synthetic guest with --yes: set on the VF by the guard, read back, kept (exit 0)', async t => {
	const {machine, env} = rig(t);
	t.is(vfChannels(machine), 16, 'mana\'s default on 16 vCPUs');
	const run = await hvtop(['set', 'vf-channels', 'eth0', '8', ...flagsOf(machine), '--yes'], env);
	t.is(run.code, 0, run.stdout + run.stderr);
	t.regex(run.stdout, /^LIVE eth0/m);
	t.regex(run.stdout, new RegExp(`VF channels of ${vf} \\(the VF of eth0\\): combined 16 → combined 8`));
	t.regex(run.stdout, /KEPT +VF channels of enP30832s1 \(the VF of eth0\): kept combined 8/);
	t.is(vfChannels(machine), 8);
	t.deepEqual(setCalls(machine), [`-L ${vf} combined 8`], 'one set, on the VF, none on eth0');
	t.is(await liveVfChannels(machine), 8, 'the live source reads 8 back from the VF');
});

test.serial('set vf-channels unanswered: the guard reverts the VF at the deadline (exit 4), read back at 16', async t => {
	const {machine, env} = rig(t);
	const set = await pendingSet(machine, env, 4, 2);
	t.is(vfChannels(machine), 4);
	const ended = await set.exited;
	t.is(ended.code, 4, ended.stdout + ended.stderr);
	t.regex(ended.stdout, /REVERTED +VF channels of enP30832s1 \(the VF of eth0\): reverted to combined 16 \(the deadline passed without keep\)/);
	t.is(vfChannels(machine), 16);
	t.is(await liveVfChannels(machine), 16);
	t.deepEqual(setCalls(machine), [`-L ${vf} combined 4`, `-L ${vf} combined 16`]);
});

test.serial('the VF serviced while the change waits: lost at once (exit 10), and no -L ever reaches the new VF', async t => {
	const {machine, env} = rig(t);
	const set = await pendingSet(machine, env, 4, 120);
	const before = vfState(machine).ifindex;
	t.is(vfChannels(machine), 4);
	machine.removeDevice(vf);
	machine.restoreDevice(vf);
	t.not(vfState(machine).ifindex, before, 'a new VF instance');
	t.is(vfChannels(machine), 16, 'back with the driver\'s defaults');
	const started = Date.now();
	const ended = await set.exited;
	t.true(Date.now() - started < 60_000, 'long before the 120 s deadline');
	t.is(ended.code, 10, ended.stdout + ended.stderr);
	t.regex(ended.stdout, /LOST +VF channels of enP30832s1 \(the VF of eth0\): LOST, neither kept nor reverted \(the VF was removed or replaced \(host servicing\)\)/);
	t.deepEqual(setCalls(machine), [`-L ${vf} combined 4`], 'the revert never reached the new VF');
	t.is(vfChannels(machine), 16);
	set.child.stdin.end();
});
