// The synthetic Azure guest (eth0 with a real-looking mana VF) and a
// temporary configuration root (--sysconf-root) for `hvtop persist` run in
// this process: what test/persist's files share.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import type {ExecutionContext} from 'ava';
import {createLiveSource} from '../../source/sources/live/index.js';
import {runPersistCommand} from '../../source/commands/persist.js';
import {capturedStreams} from './captured-streams.js';
import {createSyntheticNetvsc, type SyntheticMachine} from './synthetic-netvsc.js';

export const persistNames = {vf: 'enP30832s1', mac: '00:0d:3a:01:1c:2e'} as const;
const {vf} = persistNames;
const defaultLink = '[Match]\nOriginalName=*\n\n[Link]\nNamePolicy=keep kernel database onboard slot path\nMACAddressPolicy=persistent\n';

export type Rig = {machine: SyntheticMachine; root: string; run(args: string[], stdin?: string): Promise<{code: number; stdout: string; stderr: string}>};

export function rig(t: ExecutionContext, {udev = true, at}: {udev?: boolean; at?: string} = {}): Rig {
	const machine = createSyntheticNetvsc({vcpus: 16, nics: [{name: 'eth0', channels: 8, maxChannels: 8, vf, vfDriver: 'mana', realVf: true}]});
	const root = at ?? mkdtempSync(path.join(tmpdir(), 'hvtop-sysconf-'));
	t.teardown(() => {
		machine.cleanup();
		if (at === undefined) {
			rmSync(root, {recursive: true, force: true});
		}
	});
	mkdirSync(path.join(root, 'usr/lib/systemd/network'), {recursive: true});
	writeFileSync(path.join(root, 'usr/lib/systemd/network/99-default.link'), defaultLink);
	if (udev) {
		mkdirSync(path.join(root, 'usr/lib/udev'), {recursive: true});
	}

	const machineFlags = ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool, '--sysconf-root', root];
	return {
		machine,
		root,
		async run(args, stdin) {
			const {stdout, stderr, out, error} = capturedStreams();
			const input = new PassThrough();
			input.end(stdin ?? '');
			// The stand-in ethtool is a Node script; with every test of this file at once on two
			// busy cores it can take seconds, so these reads get more than the 3 s a real one does.
			const createSource = async () => createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, devices: ['eth0'], timeoutMs: 30_000});
			const code = await runPersistCommand([...args, ...machineFlags], {stdin: input, stdout, stderr, env: {}}, {createSource, guardCommand: [...self, 'guard']});
			return {code, stdout: out(), stderr: error()};
		},
	};
}

// The program a rule runs persist-apply with, as an installed hvtop would be.
export const self = ['/usr/bin/node', '/usr/lib/node_modules/hvtop/dist/hvtop.js'];
export const ethtool = (machine: SyntheticMachine, args: string[]) => spawnSync(machine.ethtool, args, {encoding: 'utf8'});
