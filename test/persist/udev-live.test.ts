// The "done when", on a real veth in a namespace the test makes, with
// the real udevadm (Debian's udev package; scripts/test.sh installs it):
// `hvtop set channels … --persist` writes the .link file into a temporary
// configuration root; the veth is deleted and made again with its defaults;
// `udevadm test-builtin net_setup_link` applies the persisted channels to it.
// udevadm has no root option: it runs in a private mount namespace where the
// temporary root's etc/systemd/network is bind-mounted over /etc/systemd/network,
// so the machine's own directory is never written. Then `persist --remove`
// makes the next re-creation keep the defaults, and a shadowing .link with a
// lower name is reported (and udev confirms it wins).
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {createVethPair, netnsSkipReason, run, type VethPair} from '../helpers/netns.js';
import {hvtop} from '../tuning/helpers/hvtop-run.js';
import {planRule} from '../../source/persist/udev-rule.js';
import {ruleRuns} from '../../source/persist/device-plan.js';

const skip = await (async () => {
	const netns = await netnsSkipReason();
	if (netns) {
		return netns;
	}

	const udevadm = await run(['udevadm', '--version']);
	if (udevadm.exitCode !== 0) {
		return 'udevadm is not installed: apt-get install udev (scripts/test.sh does)';
	}

	return existsSync('/etc/systemd/network') && existsSync('/etc/udev/rules.d') ? undefined : 'no /etc/systemd/network or /etc/udev/rules.d to bind the test\'s directories over';
})();

const live = skip ? test.skip : test.serial;
if (skip) {
	test('udev persistence tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

const mac = '02:48:56:74:6f:70';

// In the namespace, a private mount namespace: the test root's .link directory over /etc's, then udevadm.
const applyLinks = `
const {execFileSync} = require('node:child_process');
const [dir, dev] = process.argv.slice(1);
execFileSync('mount', ['--bind', dir, '/etc/systemd/network']);
process.stdout.write(execFileSync('udevadm', ['test-builtin', 'net_setup_link', '/sys/class/net/' + dev], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}));
`;

async function udevAdd(pair: VethPair, root: string): Promise<string> {
	const result = await pair.exec(pair.nsA, ['unshare', '--mount', '--propagation', 'private', process.execPath, '-e', applyLinks, path.join(root, 'etc/systemd/network'), pair.devA], {timeoutMs: 60_000});
	if (result.exitCode !== 0) {
		throw new Error(`udevadm test-builtin failed: ${result.stderr}`);
	}

	return result.stdout;
}

/** Delete the veth and make it again as a fresh device would be: 4 queues, the driver's defaults, the same MAC. */
async function recreate(pair: VethPair): Promise<void> {
	await run(['ip', '-n', pair.nsA, 'link', 'del', pair.devA]);
	const made = await run(['ip', '-n', pair.nsA, 'link', 'add', 'name', pair.devA, 'address', mac, 'numrxqueues', '4', 'numtxqueues', '4', 'type', 'veth', 'peer', 'name', pair.devB, 'netns', pair.nsB, 'numrxqueues', '4', 'numtxqueues', '4']);
	if (made.exitCode !== 0) {
		throw new Error(`ip link add: ${made.stderr}`);
	}
}

async function channels(pair: VethPair): Promise<string> {
	const shown = await pair.exec(pair.nsA, ['ethtool', '-l', pair.devA]);
	const current = shown.stdout.split('Current hardware settings:')[1] ?? '';
	return `${/RX:\s+(\S+)/.exec(current)?.[1]}/${/TX:\s+(\S+)/.exec(current)?.[1]}`;
}

function configRoot(t: import('ava').ExecutionContext): string {
	const root = mkdtempSync(path.join(tmpdir(), 'hvtop-sysconf-'));
	t.teardown(() => {
		rmSync(root, {recursive: true, force: true});
	});
	// The machine's own vendor .link files (99-default.link) and its udev, as hvtop sees them at /.
	mkdirSync(path.join(root, 'usr/lib/systemd/network'), {recursive: true});
	for (const name of readdirSync('/usr/lib/systemd/network').filter(name => name.endsWith('.link'))) {
		cpSync(path.join('/usr/lib/systemd/network', name), path.join(root, 'usr/lib/systemd/network', name));
	}

	mkdirSync(path.join(root, 'usr/lib/udev'), {recursive: true});
	mkdirSync(path.join(root, 'etc/systemd/network'), {recursive: true});
	return root;
}

live('a persisted channel change is applied by udev to the re-created veth; after --remove the defaults stay', async t => {
	const pair = await createVethPair(t, {queues: 4});
	await recreate(pair);
	const root = configRoot(t);
	const state = mkdtempSync(path.join(tmpdir(), 'hvtop-state-'));
	t.teardown(() => {
		rmSync(state, {recursive: true, force: true});
	});
	t.is(await channels(pair), '4/4');

	const set = hvtop(pair, state, ['set', 'channels', pair.devA, '2', '--yes', '--persist', '--sysconf-root', root]);
	t.is(await set.exit, 0, set.output());
	t.is(await channels(pair), '2/2');
	const file = path.join(root, 'etc/systemd/network', `50-hvtop-veth-${mac.replaceAll(':', '')}.link`);
	t.regex(readFileSync(file, 'utf8'), new RegExp(`\\[Match]\\nDriver=veth\\nMACAddress=${mac}\\n`));
	t.regex(readFileSync(file, 'utf8'), /\nRxChannels=2\nTxChannels=2\n/);

	await recreate(pair);
	t.is(await channels(pair), '4/4', 'the re-created veth starts with the driver\'s defaults');
	const applied = await udevAdd(pair, root);
	t.regex(applied, /ID_NET_LINK_FILE=\/etc\/systemd\/network\/50-hvtop-veth-024856746f70\.link/);
	t.is(await channels(pair), '2/2', 'udev applied the persisted channels');

	const status = hvtop(pair, state, ['persist', '--status', pair.devA, '--sysconf-root', root]);
	t.is(await status.exit, 0, status.output());
	t.regex(status.output(), /channels rx: running 2, next boot 2 \(50-hvtop-veth-024856746f70\.link\)/);

	const removed = hvtop(pair, state, ['persist', '--remove', pair.devA, '--yes', '--sysconf-root', root]);
	t.is(await removed.exit, 0, removed.output());
	t.false(existsSync(file));
	await recreate(pair);
	const fallback = await udevAdd(pair, root);
	t.notRegex(fallback, /50-hvtop/);
	t.is(await channels(pair), '4/4', 'after --remove the re-created veth keeps its defaults');
});

live('a lower-named .link that matches the veth is reported (exit 12), and udev indeed applies it instead', async t => {
	const pair = await createVethPair(t, {queues: 4});
	await recreate(pair);
	const root = configRoot(t);
	const state = mkdtempSync(path.join(tmpdir(), 'hvtop-state-'));
	t.teardown(() => {
		rmSync(state, {recursive: true, force: true});
	});
	writeFileSync(path.join(root, 'etc/systemd/network/10-mine.link'), `[Match]\nMACAddress=${mac}\n\n[Link]\nRxChannels=3\nTxChannels=3\n`);
	const shadowed = hvtop(pair, state, ['persist', pair.devA, '--yes', '--sysconf-root', root]);
	t.is(await shadowed.exit, 12, shadowed.output());
	t.regex(shadowed.output(), /\/etc\/systemd\/network\/10-mine\.link matches hvta0 and comes before 50-hvtop-veth-024856746f70\.link/);
	t.regex(await udevAdd(pair, root), /ID_NET_LINK_FILE=\/etc\/systemd\/network\/10-mine\.link/);
	t.is(await channels(pair), '3/3');
});

// udevadm test reads /etc/udev/rules.d and writes its database under /run/udev: both are the test's own here.
// Where udevd never ran (a container, CI) there is no /run/udev to bind over: a private /run gets one.
const testRules = `
const {execFileSync} = require('node:child_process');
const {existsSync, mkdirSync} = require('node:fs');
const [rules, data, dev] = process.argv.slice(1);
execFileSync('mount', ['--bind', rules, '/etc/udev/rules.d']);
if (!existsSync('/run/udev')) {
	execFileSync('mount', ['-t', 'tmpfs', 'hvtop-test-run', '/run']);
	mkdirSync('/run/udev');
}
execFileSync('mount', ['--bind', data, '/run/udev']);
process.stdout.write(execFileSync('udevadm', ['test', '--action=add', '/sys/class/net/' + dev], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']}));
`;

live('the udev rule for what no .link key has: udevadm test on the veth matches it and shows the RUN lines, by absolute path', async t => {
	const pair = await createVethPair(t, {queues: 4});
	await recreate(pair);
	const root = configRoot(t);
	const facts = {name: pair.devA, driver: 'veth', mac, permanentMac: null, type: 'ether', linkKind: 'veth'};
	// The kinds' own rule runs (veth has neither an RSS table nor VMBus channels: udev only matches and runs here).
	const rss = {table: Array.from({length: 16}, (_, i) => i % 2), rssQueues: 4, key: '6d:5a:56:da'};
	const runs = ruleRuns({target: 'device', name: pair.devA, knobs: [], unlinked: [{kind: 'rss', values: rss}, {kind: 'channel-cpu', values: {channelCpus: [1, 0], channelRelids: [14, 15]}}], skipped: [], unpersistable: []},
		'/usr/sbin/ethtool', ['/usr/bin/node', '/opt/hvtop/dist/hvtop.js']);
	if (typeof runs === 'string') {
		t.fail(runs);
		return;
	}

	const plan = planRule(facts, runs, new Map());
	if (plan.kind !== 'write') {
		t.fail(plan.kind);
		return;
	}

	const rules = path.join(root, 'etc/udev/rules.d');
	const data = path.join(root, 'run/udev');
	mkdirSync(rules, {recursive: true});
	mkdirSync(data, {recursive: true});
	writeFileSync(path.join(root, plan.write.path), plan.write.after);
	const result = await pair.exec(pair.nsA, ['unshare', '--mount', '--propagation', 'private', process.execPath, '-e', testRules, rules, data, pair.devA], {timeoutMs: 60_000});
	t.is(result.exitCode, 0, result.stderr);
	t.regex(result.stderr + result.stdout, /85-hvtop-veth-024856746f70\.rules:4 RUN '\/usr\/sbin\/ethtool -X \$name equal 2 hkey 6d:5a:56:da'/);
	t.regex(result.stdout, /run: '\/usr\/sbin\/ethtool -X hvta0 equal 2 hkey 6d:5a:56:da'/);
	// The channel CPUs by hvtop's persist-apply, by queue index: the relids (numbered anew at each boot) are left out.
	t.regex(result.stdout, /run: '\/usr\/bin\/node \/opt\/hvtop\/dist\/hvtop\.js persist-apply channel-cpu hvta0 channelCpus=1,0'/);
	// Another device (the peer, another MAC) is not matched.
	const peer = await pair.exec(pair.nsB, ['unshare', '--mount', '--propagation', 'private', process.execPath, '-e', testRules, rules, data, pair.devB], {timeoutMs: 60_000});
	t.is(peer.exitCode, 0, peer.stderr);
	t.notRegex(peer.stdout + peer.stderr, /85-hvtop-veth-024856746f70\.rules:\d+ RUN|run: '\/usr\/(sbin\/ethtool|bin\/node)/);
	// A device of another driver with the same MAC (as a VF and its netvsc device share one) is not matched either.
	const twin = await pair.exec(pair.nsA, ['ip', 'link', 'add', 'hvtwin0', 'address', mac, 'type', 'ifb']);
	t.is(twin.exitCode, 0, twin.stderr);
	const other = await pair.exec(pair.nsA, ['unshare', '--mount', '--propagation', 'private', process.execPath, '-e', testRules, rules, data, 'hvtwin0'], {timeoutMs: 60_000});
	t.is(other.exitCode, 0, other.stderr);
	t.regex(other.stdout, /ID_NET_DRIVER=ifb/);
	t.notRegex(other.stdout + other.stderr, /85-hvtop-veth-024856746f70\.rules:\d+ RUN|run: '\/usr\/(sbin\/ethtool|bin\/node)/);
});
