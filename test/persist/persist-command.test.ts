// `hvtop persist` on the synthetic Azure guest (eth0 with a mana VF), in this
// process, into a temporary configuration root (--sysconf-root): the files
// written, the VF's own file, --status with drift after servicing, --remove
// putting back exactly what was there, a shadowing netplan file, no udev.
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseUnit} from '../../source/persist/unit-file.js';
import {run as runArgv} from '../helpers/netns.js';
import {mountTmpfs, tmpfsSkipReason} from '../helpers/tmpfs.js';
import {ethtool, persistNames, rig} from '../helpers/persist-rig.js';

const {vf, mac} = persistNames;
const own = (root: string, driver: string) => path.join(root, 'etc/systemd/network', `50-hvtop-${driver}-${mac.replaceAll(':', '')}.link`);

test('persist eth0 writes one file for eth0 and one for its VF, each matching its driver and the shared MAC; status shows no drift', async t => {
	const {machine, root, run} = rig(t);
	t.is(ethtool(machine, ['-L', vf, 'combined', '4']).status, 0);
	const dry = await run(['eth0', '--dry-run']);
	t.is(dry.code, 0, dry.stderr);
	t.regex(dry.stdout, /--dry-run: nothing written/);
	t.false(existsSync(path.join(root, 'etc')));

	const result = await run(['eth0', '--yes']);
	t.is(result.code, 0, result.stderr);
	const netvsc = readFileSync(own(root, 'hv_netvsc'), 'utf8');
	const mana = readFileSync(own(root, 'mana'), 'utf8');
	t.regex(netvsc, /^# Written by hvtop persist/);
	t.regex(netvsc, /\[Match]\nDriver=hv_netvsc\nPermanentMACAddress=00:0d:3a:01:1c:2e\n/);
	t.regex(netvsc, /\nCombinedChannels=8\nRxBufferSize=9362\nTxBufferSize=170\n/);
	t.regex(netvsc, /NamePolicy=keep kernel database onboard slot path/);
	t.regex(mana, /\[Match]\nDriver=mana\nPermanentMACAddress=00:0d:3a:01:1c:2e\n/);
	t.regex(mana, /\nCombinedChannels=4\n/);
	t.regex(result.stdout, /enP30832s1 shares the MAC; Driver= keeps it out/);
	t.regex(result.stdout, /\+ CombinedChannels=4/);
	t.regex(result.stdout, /vf-coalesce: no \.link key expresses VF CQE coalescing: hvtop's udev rule sets it/);
	const rule = readFileSync(path.join(root, 'etc/udev/rules.d/85-hvtop-mana-000d3a011c2e.rules'), 'utf8');
	t.true(rule.includes(`ACTION=="add", SUBSYSTEM=="net", ENV{ID_NET_DRIVER}=="mana", ATTR{address}=="${mac}", RUN+="${machine.ethtool} -C $name rx-cqe-frames 1"`), rule);

	const again = await run(['eth0', '--yes']);
	t.is(again.code, 0);
	t.regex(again.stdout, /nothing to write/);

	const status = await run(['--status', 'eth0']);
	t.is(status.code, 0, status.stdout + status.stderr);
	t.regex(status.stdout, /vf-channels combined: running 4, next boot 4 \(50-hvtop-mana-000d3a011c2e\.link\)/);
});

test('RHEL 9 before 9.8: the RUN+= caveat is said; 9.8 and other systems: not', async t => {
	const {root, run} = rig(t);
	mkdirSync(path.join(root, 'etc'), {recursive: true});
	writeFileSync(path.join(root, 'etc/os-release'), 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.6"\n');
	const old = await run(['eth0', '--dry-run']);
	t.regex(old.stdout, /this is RHEL 9\.6 \(before 9\.8\): its rename-device udev rule can keep RUN\+= rules from running/);
	writeFileSync(path.join(root, 'etc/os-release'), 'ID="rhel"\nVERSION_ID="9.8"\n');
	t.notRegex((await run(['eth0', '--dry-run'])).stdout, /rename-device/);
});

test('NetworkManager manages eth0 (not its VF): the plan says its profile wins and shows the nmcli command and keyfile section', async t => {
	const {root, run} = rig(t);
	mkdirSync(path.join(root, 'run/NetworkManager/devices'), {recursive: true});
	writeFileSync(path.join(root, 'run/NetworkManager/devices/2'), '[device]\nmanaged=true\nconnection-uuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\n');
	const result = await run(['eth0', '--dry-run']);
	t.is(result.code, 0, result.stderr);
	t.regex(result.stdout, /NetworkManager manages eth0: at activation its profile's ethtool settings apply after udev and win/);
	t.regex(result.stdout, /ethtool\.channels-combined since 1\.46; ethtool\.ring-rx, ethtool\.ring-tx since 1\.26|ethtool\.ring-rx, ethtool\.ring-tx since 1\.26; ethtool\.channels-combined since 1\.46/);
	t.regex(result.stdout, /nmcli connection modify 5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03 ethtool\.channels-combined 8 ethtool\.ring-rx 9362 ethtool\.ring-tx 170/);
	t.notRegex(result.stdout, /NetworkManager manages enP30832s1/);
	// The keyfile section, read back as a keyfile is read ([setting] property=value).
	const section = result.stdout.split('\n').filter(line => /^ {4}(\[ethtool]|[\w-]+=)/.test(line)).map(line => line.trim()).join('\n');
	t.deepEqual(parseUnit(section).map(entry => `${entry.section}.${entry.key}=${entry.value}`), ['ethtool.channels-combined=8', 'ethtool.ring-rx=9362', 'ethtool.ring-tx=170']);
});

test('persist --status shows drift for a VF that came back from servicing with the driver\'s defaults', async t => {
	const {machine, run} = rig(t);
	t.is(ethtool(machine, ['-L', vf, 'combined', '4']).status, 0);
	t.is((await run(['eth0', '--yes'])).code, 0);
	machine.removeDevice(vf);
	machine.restoreDevice(vf);
	const status = await run(['--status', 'eth0']);
	t.is(status.code, 13, status.stdout + status.stderr);
	t.regex(status.stdout, /enP30832s1 \(mana\): udev applies \/etc\/systemd\/network\/50-hvtop-mana-000d3a011c2e\.link/);
	t.regex(status.stdout, /vf-channels combined: running 16, next boot 4 \(50-hvtop-mana-000d3a011c2e\.link\) — DRIFT/);
	t.notRegex(status.stdout, /channels combined: running 8, next boot 8 .*DRIFT/);
});

test('persist --remove puts back exactly what was there: the files, the directories hvtop made, the records', async t => {
	const {root, run} = rig(t);
	const before = readdirSync(root, {recursive: true}).map(String).sort((a, b) => a.localeCompare(b));
	t.is((await run(['eth0', '--yes'])).code, 0);
	t.true(existsSync(own(root, 'hv_netvsc')));
	const removed = await run(['--remove', 'eth0', '--yes']);
	t.is(removed.code, 0, removed.stderr);
	t.regex(removed.stdout, /- CombinedChannels=8/);
	t.deepEqual(readdirSync(root, {recursive: true}).map(String).sort((a, b) => a.localeCompare(b)), before);
	t.regex((await run(['--remove', 'eth0', '--yes'])).stdout, /nothing to remove/);
});

test('persist --remove leaves a file edited since alone, and says so', async t => {
	const {root, run} = rig(t);
	t.is((await run(['eth0', '--yes'])).code, 0);
	writeFileSync(own(root, 'hv_netvsc'), `${readFileSync(own(root, 'hv_netvsc'), 'utf8')}MTUBytes=4000\n`);
	const removed = await run(['--remove', 'eth0', '--yes']);
	t.is(removed.code, 11);
	t.regex(removed.stderr, /was edited since hvtop wrote it: left alone/);
	t.true(existsSync(own(root, 'hv_netvsc')));
	t.false(existsSync(own(root, 'mana')));
});

test('a netplan link that sorts first is named, nothing is written (exit 12); --drop-in adds hvtop.conf to it', async t => {
	const {root, run} = rig(t);
	mkdirSync(path.join(root, 'run/systemd/network'), {recursive: true});
	writeFileSync(path.join(root, 'run/systemd/network/10-netplan-eth0.link'), `[Match]\nDriver=hv_netvsc\nPermanentMACAddress=${mac}\n\n[Link]\nName=eth0\n`);
	const shadowed = await run(['eth0', '--yes', '--kind', 'channels']);
	t.is(shadowed.code, 12);
	t.regex(shadowed.stdout, /\/run\/systemd\/network\/10-netplan-eth0\.link matches eth0 and comes before 50-hvtop-hv_netvsc-000d3a011c2e\.link/);
	t.false(existsSync(path.join(root, 'etc')));
	const dropIn = await run(['eth0', '--yes', '--kind', 'channels', '--drop-in']);
	t.is(dropIn.code, 0, dropIn.stderr);
	t.is(readFileSync(path.join(root, 'etc/systemd/network/10-netplan-eth0.link.d/hvtop.conf'), 'utf8').split('\n').filter(line => !line.startsWith('#') && line !== '').join('\n'), '[Link]\nCombinedChannels=8');
	const status = await run(['--status', 'eth0']);
	t.regex(status.stdout, /channels combined: running 8, next boot 8 \(hvtop\.conf\)/);
});

test('never overwrites a file hvtop did not write at its own path (exit 11)', async t => {
	const {root, run} = rig(t);
	mkdirSync(path.join(root, 'etc/systemd/network'), {recursive: true});
	writeFileSync(own(root, 'hv_netvsc'), '[Match]\nDriver=hv_netvsc\n[Link]\nCombinedChannels=2\n');
	const result = await run(['eth0', '--yes', '--kind', 'channels']);
	t.is(result.code, 11);
	t.regex(result.stdout, /exists and hvtop did not write it: left alone/);
	t.is(readFileSync(own(root, 'hv_netvsc'), 'utf8'), '[Match]\nDriver=hv_netvsc\n[Link]\nCombinedChannels=2\n');
});

test('no udev at all: says what to run by hand, writes nothing (exit 14)', async t => {
	const {root, run} = rig(t, {udev: false});
	const result = await run(['eth0', '--yes']);
	t.is(result.code, 14);
	t.regex(result.stdout, /no udev on this machine/);
	t.regex(result.stdout, /ethtool -L eth0 combined 8/);
	t.regex(result.stdout, /ethtool -L enP30832s1 combined 16/);
	t.false(existsSync(path.join(root, 'etc')));
});

test('without --yes on a non-terminal stdin nothing is written', async t => {
	const {root, run} = rig(t);
	const result = await run(['eth0'], 'y\n');
	t.is(result.code, 2);
	t.regex(result.stderr, /not a terminal: nothing written; confirm with --yes/);
	t.false(existsSync(path.join(root, 'etc')));
});

const tmpfsSkip = await tmpfsSkipReason();
(tmpfsSkip ? test.skip : test)('a read-only /etc: a clear message, exit 11, nothing written and nothing lost', async t => {
	const mount = await mountTmpfs(t, 1024);
	const {root, run} = rig(t, {at: mount});
	mkdirSync(path.join(root, 'etc/systemd/network'), {recursive: true});
	writeFileSync(path.join(root, 'etc/systemd/network/60-other.link'), '[Match]\nDriver=e1000\n');
	t.is((await runArgv(['mount', '-o', 'remount,ro', mount])).exitCode, 0);
	const result = await run(['eth0', '--yes']);
	t.is(result.code, 11);
	t.regex(result.stderr, /cannot write \/etc\/systemd\/network\/50-hvtop-hv_netvsc-000d3a011c2e\.link: the file system is read-only; nothing was changed/);
	t.deepEqual(readdirSync(path.join(root, 'etc/systemd/network')), ['60-other.link']);
	t.false(existsSync(path.join(root, 'var')));
});

test('a setting that cannot be read now (the VF\'s rings print garbage) is said, and nothing is written (exit 11): never half a plan', async t => {
	const {machine, root, run} = rig(t);
	machine.setBehaviour(vf, '-g', 'garbage');
	const result = await run(['eth0', '--yes']);
	t.is(result.code, 11, result.stdout + result.stderr);
	t.regex(result.stdout, /^! vf-rings: /m);
	t.regex(result.stderr, /nothing written: what is marked ! above could not be read or placed now/);
	t.false(existsSync(path.join(root, 'etc')));
	machine.setBehaviour(vf, '-g', undefined);
	t.is((await run(['eth0', '--yes'])).code, 0);
	t.true(existsSync(own(root, 'mana')));
});
