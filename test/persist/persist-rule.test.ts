// What no .link key expresses, on the synthetic Azure guest: the RSS table and
// key, the flow hash and the channel CPUs go into hvtop's udev rule (each RUN
// line by absolute path, tagged with what it keeps); the VF's table returns
// through `hvtop persist-apply`, which waits for the VF to be up; --status
// reads the rule back and shows drift after servicing; irq-cpu is said not
// persistable; udevadm's version picks the checks said.
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import test from 'ava';
import {capturedStreams} from '../helpers/captured-streams.js';
import {runPersistApply, type ApplyTiming} from '../../source/commands/persist-apply.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {ethtool, persistNames, rig, self, type Rig} from '../helpers/persist-rig.js';

const {vf, mac} = persistNames;
const ruleOf = (root: string, driver: string) => readFileSync(path.join(root, 'etc/udev/rules.d', `85-hvtop-${driver}-${mac.replaceAll(':', '')}.rules`), 'utf8');
const match = (driver: string) => `ACTION=="add", SUBSYSTEM=="net", ENV{ID_NET_DRIVER}=="${driver}", ATTR{address}=="${mac}", RUN+=`;

/** `hvtop persist-apply …` on the rig's machine, with a virtual clock: each wait moves it on and may run `onWait`. */
async function persistApply({machine}: Rig, args: string[], onWait?: (waited: number) => void, deadlineMs = 15_000): Promise<{code: number; stdout: string; stderr: string; waited: number}> {
	let now = 0;
	const timing: ApplyTiming = {
		deadlineMs,
		retryMs: 500,
		now: () => now,
		async sleep(ms) {
			now += ms;
			onWait?.(now);
		},
	};
	const {stdout, stderr, out, error} = capturedStreams();
	const createSource = async ({device}: {device: string}) => createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, devices: [device], timeoutMs: 30_000});
	const code = await runPersistApply(args, {stdin: new PassThrough(), stdout, stderr, env: {}}, {createSource}, timing);
	return {code, stdout: out(), stderr: error(), waited: now};
}

test('the VF\'s RSS table: a rule for the mana VF runs hvtop persist-apply; after servicing --status shows drift, and persist-apply puts it back once the VF is up', async t => {
	const r = rig(t);
	t.is(ethtool(r.machine, ['-X', vf, 'equal', '2']).status, 0);
	const written = await r.run(['eth0', '--kind', 'vf-rss', '--yes']);
	t.is(written.code, 0, written.stdout + written.stderr);
	const rule = ruleOf(r.root, 'mana');
	const tag = /^# hvtop kind: vf-rss (.*)$/m.exec(rule)?.[1];
	t.deepEqual((JSON.parse(tag ?? '{}') as {table?: number[]}).table?.slice(0, 4), [0, 1, 0, 1]);
	const run = new RegExp(`^${match('mana').replaceAll(/[{}()[\]|.*+?$^]/g, '\\$&')}"${self.join(' ')} persist-apply vf-rss \\$name table=0,1,0,1,[0-9,]+ key=[0-9a-f:]+ rssQueues=\\d+"$`, 'm');
	t.regex(rule, run);
	t.is((await r.run(['--status', 'eth0'])).code, 0);

	r.machine.removeDevice(vf);
	r.machine.restoreDevice(vf);
	const status = await r.run(['--status', 'eth0']);
	t.is(status.code, 13, status.stdout + status.stderr);
	t.regex(status.stdout, /enP30832s1 \(mana\): .*; udev runs \/etc\/udev\/rules\.d\/85-hvtop-mana-000d3a011c2e\.rules/);
	t.regex(status.stdout, /vf-rss table: running 0,1,2,3,[0-9,]+,… \(64 entries\), next boot 0,1,0,1,0,1,0,1,… \(64 entries\) \(85-hvtop-mana-000d3a011c2e\.rules\) — DRIFT/);
	const json = JSON.parse((await r.run(['--status', 'eth0', '--json'])).stdout) as {drift: boolean; devices: Array<{name: string; rule: string | null; knobs: Array<{kind: string; field: string; drift: boolean; next: {from: string} | null}>}>};
	t.true(json.drift);
	const table = json.devices.find(device => device.name === vf)?.knobs.find(knob => knob.kind === 'vf-rss' && knob.field === 'table');
	t.true(table?.drift);
	t.is(table?.next?.from, '/etc/udev/rules.d/85-hvtop-mana-000d3a011c2e.rules');

	// What udev would run on the re-add, while the VF is not yet opened by netvsc: it waits, then sets it.
	const words = /persist-apply (vf-rss \$name .*)"$/m.exec(rule)![1]!.split(' ').map(word => (word === '$name' ? vf : word));
	r.machine.setVfDown(vf, true);
	const applied = await persistApply(r, ['persist-apply', ...words].slice(1), waited => {
		if (waited >= 2000) {
			r.machine.setVfDown(vf, false);
		}
	});
	t.is(applied.code, 0, applied.stderr);
	t.true(applied.waited >= 2000);
	// No drift: the VF's table is the persisted one again.
	const after = await r.run(['--status', 'eth0']);
	t.is(after.code, 0, after.stdout);
	t.regex(after.stdout, /vf-rss table: running 0,1,0,1,0,1,0,1,… \(64 entries\), next boot 0,1,0,1,0,1,0,1,… \(64 entries\)/);
});

test('persist-apply gives up after its deadline with the device\'s reason (exit 3), and refuses a kind ethtool sets or bad words (exit 2)', async t => {
	const r = rig(t);
	r.machine.setVfDown(vf, true);
	const refused = await persistApply(r, ['vf-rss', vf, 'table=0,1', 'rssQueues=2'], undefined, 3000);
	t.is(refused.code, 3);
	t.true(refused.waited >= 2500 && refused.waited <= 3000, String(refused.waited));
	t.regex(refused.stderr, /VF RSS table of enP30832s1 not set after 3 s: /);
	t.is((await persistApply(r, ['rss', 'eth0', 'table=0,1'])).code, 2);
	t.regex((await persistApply(r, ['channel-cpu', 'eth0', 'channelCpus=1,x'])).stderr, /channelCpus: a list of numbers joined by commas, got "1,x"/);
	t.regex((await persistApply(r, ['channel-cpu', 'eth0', 'cpu=1'])).stderr, /"cpu=1" is not FIELD=VALUE with a known field/);
});

test('channel CPUs: the rule runs persist-apply with the queue → CPU map (no relids), and persist-apply moves the channels back', async t => {
	const r = rig(t);
	const moved = await r.run(['eth0', '--kind', 'channel-cpu', '--dry-run']);
	t.is(moved.code, 0, moved.stderr);
	const cpus = /persist-apply channel-cpu \$name channelCpus=([\d,]+)"/.exec(moved.stdout)?.[1];
	t.truthy(cpus, moved.stdout);
	t.notRegex(moved.stdout, /channelRelids=/);
	const wanted = cpus!.split(',').map(Number);
	const other = wanted.map((cpu, queue) => (queue === 0 ? (cpu + 1) % 16 : cpu));
	const applied = await persistApply(r, ['channel-cpu', 'eth0', `channelCpus=${other.join(',')}`]);
	t.is(applied.code, 0, applied.stderr);
	const plan = await r.run(['eth0', '--kind', 'channel-cpu', '--yes']);
	t.regex(plan.stdout, new RegExp(`channelCpus=${other.join(',')}"`));
	t.regex(plan.stdout, /! the rule runs \/usr\/bin\/node \/usr\/lib\/node_modules\/hvtop\/dist\/hvtop\.js: keep hvtop installed there/);
	const status = await r.run(['--status', 'eth0']);
	t.is(status.code, 0, status.stdout);
	t.regex(status.stdout, new RegExp(`channel-cpu channelCpus: running ${other.join(',')}, next boot ${other.join(',')} \\(85-hvtop-hv_netvsc-000d3a011c2e\\.rules\\)`));
	t.notRegex(status.stdout, /channelRelids/);
});

test('the RSS table and the flow hash of eth0: ethtool by absolute path in the rule, one -N per flow type', async t => {
	const r = rig(t);
	t.is(ethtool(r.machine, ['-X', 'eth0', 'equal', '4']).status, 0);
	t.is(ethtool(r.machine, ['-N', 'eth0', 'rx-flow-hash', 'udp4', 'sdfn']).status, 0);
	const result = await r.run(['eth0', '--kind', 'rss,flow-hash', '--yes']);
	t.is(result.code, 0, result.stdout + result.stderr);
	const rule = ruleOf(r.root, 'hv_netvsc');
	t.true(rule.includes(`${match('hv_netvsc')}"${r.machine.ethtool} -X $name equal 4 hkey `), rule);
	t.true(rule.includes(`${match('hv_netvsc')}"${r.machine.ethtool} -N $name rx-flow-hash udp4 sdfn"`), rule);
	t.regex(rule, /^# hvtop kind: flow-hash \{.*"flowHashUdp4":"sdfn".*\}$/m);
	const status = await r.run(['--status', 'eth0']);
	t.is(status.code, 0, status.stdout);
	t.regex(status.stdout, /flow-hash flowHashUdp4: running sdfn, next boot sdfn \(85-hvtop-hv_netvsc-000d3a011c2e\.rules\)/);
	t.is(ethtool(r.machine, ['-N', 'eth0', 'rx-flow-hash', 'udp4', 'sd']).status, 0);
	const drift = await r.run(['--status', 'eth0']);
	t.is(drift.code, 13);
	t.regex(drift.stdout, /flow-hash flowHashUdp4: running sd, next boot sdfn \(85-hvtop-hv_netvsc-000d3a011c2e\.rules\) — DRIFT/);
});

test('irq-cpu is said not persistable, with the reason, and nothing is written', async t => {
	const r = rig(t);
	const result = await r.run(['eth0', '--kind', 'irq-cpu', '--yes']);
	t.is(result.code, 0);
	t.regex(result.stdout, /irq-cpu of enP30832s1: not persisted: the VF's queue interrupts get new numbers at every re-add and boot/);
	t.regex(result.stdout, /nothing hvtop can persist on eth0/);
	t.regex((await r.run(['--status', 'eth0'])).stdout, /irq-cpu: not persisted: /);
});

test('udevadm\'s version: keys an older udev ignores are said, and the check offered is udevadm verify only from 253', async t => {
	const r = rig(t);
	const udevadm = path.join(r.root, 'usr/bin/udevadm');
	mkdirSync(path.dirname(udevadm), {recursive: true});
	writeFileSync(udevadm, '#!/bin/sh\necho 243\n');
	chmodSync(udevadm, 0o755);
	const old = await r.run(['eth0', '--yes']);
	t.is(old.code, 0, old.stderr);
	t.regex(old.stdout, /RxBufferSize= needs systemd 244; this machine's udev is 243 and ignores it/);
	t.regex(old.stdout, /udevadm test --action=add \/sys\/class\/net\/enP30832s1 .*this udev is 243: udevadm verify came with systemd 253/);
	writeFileSync(udevadm, '#!/bin/sh\necho "255 (255.4-1ubuntu8)"\n');
	t.is(ethtool(r.machine, ['-L', vf, 'combined', '4']).status, 0);
	const current = await r.run(['eth0', '--yes']);
	t.notRegex(current.stdout, /needs systemd/);
	t.regex(current.stdout, /udevadm verify \/etc\/udev\/rules\.d\/85-hvtop-mana-000d3a011c2e\.rules/);
});

test('the driver\'s own table persisted as -X default does not drift when the channel count changes: the next add gives the default over the channels then', async t => {
	const r = rig(t);
	t.is(ethtool(r.machine, ['-X', 'eth0', 'default']).status, 0);
	const written = await r.run(['eth0', '--kind', 'rss', '--yes']);
	t.is(written.code, 0, written.stdout + written.stderr);
	t.true(ruleOf(r.root, 'hv_netvsc').includes(`"${r.machine.ethtool} -X $name default hkey `));
	t.is(ethtool(r.machine, ['-L', 'eth0', 'combined', '4']).status, 0);
	const status = await r.run(['--status', 'eth0']);
	t.is(status.code, 0, status.stdout + status.stderr);
	t.regex(status.stdout, /rss table: running 0,1,2,3,0,1,2,3,… \(\d+ entries\), next boot 0,1,2,3,4,5,6,7,… \(\d+ entries\) \(85-hvtop-hv_netvsc-000d3a011c2e\.rules\)$/m);
	// Another table now (equal 2) gives another command: that drifts.
	t.is(ethtool(r.machine, ['-X', 'eth0', 'equal', '2']).status, 0);
	const drift = await r.run(['--status', 'eth0']);
	t.is(drift.code, 13);
	t.regex(drift.stdout, /rss table: running 0,1,0,1,.* — DRIFT/);
});
