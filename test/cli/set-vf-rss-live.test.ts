// `hvtop set vf-rss` end to end on a synthetic Azure guest, as processes of the
// built program with the real guard: a 16-vCPU VM whose eth0 has a mana VF (the
// stand-in ethtool answers -x/-X on it as mana does: 64 entries, a 40-byte key,
// EOPNOTSUPP while the VF is down). Kept and reverted, each read back from the
// VF's `ethtool -x` by the live source; refused while the VF is down, with no -X run.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {equalTable} from '../../source/ethtool/rxfh.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {assertBuilt, runCli as hvtop, startCli} from '../helpers/built-cli.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';

const vf = 'enP30832s1';

const flagsOf = (machine: SyntheticMachine): string[] => ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool];
const setCalls = (machine: SyntheticMachine): string[] => machine.calls().filter(call => call.startsWith('-X '));

function rig(t: import('ava').ExecutionContext): {machine: SyntheticMachine; env: Record<string, string>} {
	assertBuilt();
	const machine = createSyntheticNetvsc({vcpus: 16, nics: [{name: 'eth0', channels: 8, maxChannels: 8, vf, vfDriver: 'mana', realVf: true}]});
	const stateBase = mkdtempSync(path.join(tmpdir(), 'hvtop-vf-rss-state-'));
	t.teardown(() => {
		machine.cleanup();
		rmSync(stateBase, {recursive: true, force: true});
	});
	return {machine, env: {HVTOP_STATE_DIR: stateBase}};
}

/** The VF's table as hvtop's live source reads it (eth0's vfDevice). */
async function liveVfTable(machine: SyntheticMachine): Promise<readonly number[] | undefined> {
	const made = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, devices: ['eth0']});
	if (!made.ok) {
		return undefined;
	}

	try {
		const snap = await made.value.snapshot('eth0', 1000);
		const rss = snap.ok ? snap.value.vfDevice?.rss : undefined;
		return rss?.ok ? rss.value.table : undefined;
	} finally {
		await made.value.close();
	}
}

test.serial('the live source reads the VF\'s own table; set vf-rss --yes sets it on the VF, reads it back, keeps it (exit 0)', async t => {
	const {machine, env} = rig(t);
	t.deepEqual(await liveVfTable(machine), equalTable(64, 16), 'mana\'s default table over 16 channels');
	const run = await hvtop(['set', 'vf-rss', 'eth0', 'equal', '4', ...flagsOf(machine), '--yes'], env);
	t.is(run.code, 0, run.stdout + run.stderr);
	t.regex(run.stdout, /KEPT +VF RSS table of enP30832s1 \(the VF of eth0\): kept table equal over 4 queues/);
	t.deepEqual(setCalls(machine), [`-X ${vf} equal 4`], 'one set, on the VF, none on eth0');
	t.deepEqual(await liveVfTable(machine), equalTable(64, 4));
});

test.serial('set vf-rss unanswered: the guard writes the old table back at the deadline (exit 4)', async t => {
	const {machine, env} = rig(t);
	const set = startCli(['set', 'vf-rss', 'eth0', 'weight', '3', '1', ...flagsOf(machine), '--keep-timeout', '5'], env);
	const {code, stdout, stderr} = await set.exited;
	set.child.stdin.end();
	t.is(code, 4, stdout + stderr);
	t.regex(stdout, /REVERTED +VF RSS table of enP30832s1 \(the VF of eth0\): reverted to table equal over 16 queues/);
	// The revert writes the old table and key back (the key is part of what the change compares).
	t.deepEqual(setCalls(machine).map(call => call.replace(/ hkey [\da-f:]+$/, ' hkey K')), [`-X ${vf} weight 3 1`, `-X ${vf} default hkey K`]);
	t.deepEqual(await liveVfTable(machine), equalTable(64, 16));
});

test.serial('a mana VF that is down: refused before anything runs (exit 3), with the driver\'s reason', async t => {
	const {machine, env} = rig(t);
	machine.setVfDown(vf, true);
	const run = await hvtop(['set', 'vf-rss', 'eth0', 'equal', '4', ...flagsOf(machine), '--yes'], env);
	t.is(run.code, 3, run.stdout + run.stderr);
	t.regex(run.stderr, /enP30832s1 \(the VF of eth0\) is down: mana refuses ethtool -X while the port is down/);
	t.deepEqual(setCalls(machine), []);
});
