// The rate limit across processes of the built program: `hvtop set channels
// eth0 N` twice on a synthetic Azure guest (hv_netvsc, a stand-in ethtool,
// one HVTOP_STATE_DIR, the real guard process): the second within 30 s is
// refused with the time to wait and exit 3, nothing sent to the device; with
// --force it goes through. On a live-like machine because the model's device
// and its journal live and die with one process: a second `hvtop set --model`
// opens a fresh device that was never re-created.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {assertBuilt, runCli as hvtop} from '../helpers/built-cli.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';

const flagsOf = (machine: SyntheticMachine): string[] => ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool];

test('set channels twice within 30 s: the second is refused (exit 3, nothing sent); --force passes', async t => {
	assertBuilt();
	const machine = createSyntheticNetvsc({vcpus: 8, nics: [{name: 'eth0', channels: 8, maxChannels: 8}]});
	const stateBase = mkdtempSync(path.join(tmpdir(), 'hvtop-rate-state-'));
	t.teardown(() => {
		machine.cleanup();
		rmSync(stateBase, {recursive: true, force: true});
	});
	const env = {HVTOP_STATE_DIR: stateBase};
	const setCalls = (): string[] => machine.calls().filter(call => call.startsWith('-L '));

	const first = await hvtop(['set', 'channels', 'eth0', '4', ...flagsOf(machine), '--yes'], env);
	t.is(first.code, 0, first.stdout + first.stderr);
	t.deepEqual(setCalls(), ['-L eth0 combined 4']);

	const second = await hvtop(['set', 'channels', 'eth0', '2', ...flagsOf(machine), '--yes'], env);
	t.is(second.code, 3, second.stdout + second.stderr);
	t.regex(second.stderr, /hvtop set: eth0 was re-created \d+ s ago: wait \d+ s before the next channels change \(a host bug hung guests after rapid repeated channel changes: microsoft\/openvmm#2854\); --force changes it now/);
	t.deepEqual(setCalls(), ['-L eth0 combined 4'], 'nothing reached the device');

	const forced = await hvtop(['set', 'channels', 'eth0', '2', ...flagsOf(machine), '--yes', '--force'], env);
	t.is(forced.code, 0, forced.stdout + forced.stderr);
	t.regex(forced.stdout, /KEPT/);
	t.deepEqual(setCalls(), ['-L eth0 combined 4', '-L eth0 combined 2']);
});
