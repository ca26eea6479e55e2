import test from 'ava';
import {lineDiff} from '../../source/persist/diff.js';
import {linkFiles, type ConfigFile} from '../../source/persist/link-files.js';
import {globMatches, matchLink, type DeviceFacts} from '../../source/persist/link-match.js';
import {ownLinkName, planLink, type LinkPlanInput} from '../../source/persist/link-plan.js';
import {isHvtopFile} from '../../source/persist/marker.js';
import {parseUnit} from '../../source/persist/unit-file.js';

const mac = '00:0d:3a:01:1c:2e';
const eth0: DeviceFacts = {name: 'eth0', driver: 'hv_netvsc', mac, permanentMac: mac, type: 'ether'};
const vf: DeviceFacts = {name: 'enP30832s1', driver: 'mana', mac, permanentMac: mac, type: 'ether'};
const eth1: DeviceFacts = {name: 'eth1', driver: 'hv_netvsc', mac: '00:0d:3a:02:1c:2e', permanentMac: '00:0d:3a:02:1c:2e', originalName: 'eth1', type: 'ether'};

// Debian 12's own file (systemd 252), as udev reads it.
const defaultLink: ConfigFile = {path: '/usr/lib/systemd/network/99-default.link', text: '[Match]\nOriginalName=*\n\n[Link]\nNamePolicy=keep kernel database onboard slot path\nAlternativeNamesPolicy=database onboard slot path\nMACAddressPolicy=persistent\n'};
const netplanLink: ConfigFile = {path: '/run/systemd/network/10-netplan-eth0.link', text: `[Match]\nMACAddress=${mac}\n\n[Link]\nName=eth0\nWakeOnLan=off\n`};

const input = (files: ConfigFile[], extra: Partial<LinkPlanInput> = {}): LinkPlanInput => ({
	facts: eth0, others: [vf, eth1], settings: [['CombinedChannels', '4']], managedKeys: ['CombinedChannels', 'RxBufferSize', 'TxBufferSize'], files, ...extra,
});

test('globs: * ? and classes, as fnmatch', t => {
	t.true(globMatches('hv_*', 'hv_netvsc'));
	t.true(globMatches('eth?', 'eth0'));
	t.true(globMatches('eth[0-3]', 'eth2'));
	t.false(globMatches('eth[!0-3]', 'eth2'));
	t.false(globMatches('mlx5*', 'mana'));
	t.true(globMatches('a.b', 'a.b'));
	t.false(globMatches('a.b', 'axb'));
});

test('matching: the MAC alone matches the netvsc device and its VF; Driver= tells them apart', t => {
	const byMac = parseUnit(`[Match]\nMACAddress=${mac.toUpperCase()}\n`);
	t.is(matchLink(byMac, eth0).verdict, 'yes');
	t.is(matchLink(byMac, vf).verdict, 'yes');
	const exact = parseUnit(`[Match]\nDriver=hv_netvsc\nPermanentMACAddress=${mac}\n`);
	t.is(matchLink(exact, eth0).verdict, 'yes');
	t.is(matchLink(exact, vf).verdict, 'no');
	t.is(matchLink(exact, eth1).verdict, 'no');
});

test('matching: "!" inverts a list, an empty value resets it, no condition matches nothing, unknowns are "maybe"', t => {
	t.is(matchLink(parseUnit('[Match]\nDriver=!mana mlx5_core\n'), eth0).verdict, 'yes');
	t.is(matchLink(parseUnit('[Match]\nDriver=!mana mlx5_core\n'), vf).verdict, 'no');
	t.is(matchLink(parseUnit('[Match]\nDriver=mana\nDriver=\nType=ether\n'), eth0).verdict, 'yes');
	t.is(matchLink(parseUnit('[Link]\nMTUBytes=9000\n'), eth0).verdict, 'no');
	t.deepEqual(matchLink(parseUnit('[Match]\nOriginalName=eth*\n'), eth0), {verdict: 'maybe', unknown: ['OriginalName']});
	t.is(matchLink(parseUnit('[Match]\nOriginalName=eth*\n'), eth1).verdict, 'yes');
	t.deepEqual(matchLink(parseUnit('[Match]\nProperty=ID_BUS=pci\nDriver=hv_netvsc\n'), eth0), {verdict: 'maybe', unknown: ['Property']});
	// A device without a permanent address (veth) never matches PermanentMACAddress=.
	t.is(matchLink(parseUnit(`[Match]\nPermanentMACAddress=${mac}\n`), {...eth0, permanentMac: null}).verdict, 'no');
});

test('files: /etc hides /usr/lib of the same name, an empty file masks, names sort across directories, drop-ins follow', t => {
	const files: ConfigFile[] = [
		defaultLink,
		{path: '/etc/systemd/network/99-default.link', text: null},
		{path: '/usr/lib/systemd/network/73-usb-net-by-mac.link', text: '[Match]\nType=ether\n'},
		{path: '/etc/systemd/network/73-usb-net-by-mac.link', text: '[Match]\nDriver=x\n'},
		netplanLink,
		{path: '/etc/systemd/network/10-netplan-eth0.link.d/b.conf', text: '[Link]\nMTUBytes=1\n'},
		{path: '/usr/lib/systemd/network/10-netplan-eth0.link.d/a.conf', text: '[Link]\nMTUBytes=2\n'},
	];
	const links = linkFiles(files);
	t.deepEqual(links.map(link => link.path), ['/run/systemd/network/10-netplan-eth0.link', '/etc/systemd/network/73-usb-net-by-mac.link']);
	t.deepEqual(links[0]!.dropIns.map(file => file.path), ['/usr/lib/systemd/network/10-netplan-eth0.link.d/a.conf', '/etc/systemd/network/10-netplan-eth0.link.d/b.conf']);
});

test('plan: a new file named to win over 99-default.link, matching the device alone and carrying its naming policy', t => {
	const plan = planLink(input([defaultLink]));
	if (plan.kind !== 'write') {
		t.fail(plan.kind);
		return;
	}

	t.is(plan.write.path, `/etc/systemd/network/${ownLinkName(eth0)}`);
	t.is(ownLinkName(eth0), '50-hvtop-hv_netvsc-000d3a011c2e.link');
	t.is(plan.write.before, undefined);
	t.true(isHvtopFile(plan.write.after));
	const entries = parseUnit(plan.write.after);
	t.deepEqual(entries.filter(entry => entry.section === 'Match').map(entry => `${entry.key}=${entry.value}`), ['Driver=hv_netvsc', `PermanentMACAddress=${mac}`]);
	t.deepEqual(entries.filter(entry => entry.section === 'Link').map(entry => entry.key), ['NamePolicy', 'AlternativeNamesPolicy', 'MACAddressPolicy', 'CombinedChannels']);
	// With it on the machine, it is what udev applies to eth0 — and not to the VF sharing its MAC, nor to eth1.
	const after = linkFiles([defaultLink, {path: plan.write.path, text: plan.write.after}]);
	t.is(after.find(file => matchLink(file.entries, eth0).verdict === 'yes')?.path, plan.write.path);
	t.is(after.find(file => matchLink(file.entries, vf).verdict === 'yes')?.path, defaultLink.path);
	t.is(after.find(file => matchLink(file.entries, eth1).verdict === 'yes')?.path, defaultLink.path);
	t.true(plan.mechanism.some(line => line.includes('enP30832s1 shares the MAC')));
});

test('plan: netplan\'s 10-netplan-*.link shadows hvtop\'s: reported with the drop-in offered; --drop-in writes it, saying it also reaches the VF', t => {
	const shadowed = planLink(input([defaultLink, netplanLink]));
	t.is(shadowed.kind, 'shadowed');
	if (shadowed.kind === 'shadowed') {
		t.is(shadowed.by, netplanLink.path);
		t.is(shadowed.dropInPath, '/etc/systemd/network/10-netplan-eth0.link.d/hvtop.conf');
		t.regex(shadowed.message, /only the first matching file/);
	}

	const dropIn = planLink(input([defaultLink, netplanLink], {dropIn: true}));
	if (dropIn.kind !== 'write') {
		t.fail(dropIn.kind);
		return;
	}

	t.is(dropIn.write.path, '/etc/systemd/network/10-netplan-eth0.link.d/hvtop.conf');
	t.deepEqual(parseUnit(dropIn.write.after).map(entry => `${entry.section}.${entry.key}=${entry.value}`), ['Link.CombinedChannels=4']);
	t.true(dropIn.warnings.some(line => line.includes('also matches enP30832s1')));
	// Once written, the next plan updates the drop-in without being asked again.
	const again = planLink(input([defaultLink, netplanLink, {path: dropIn.write.path, text: dropIn.write.after}], {settings: [['CombinedChannels', '4']]}));
	t.is(again.kind, 'unchanged');
});

test('plan: an admin\'s lower-named file that only may match (Property=) is reported as such', t => {
	const plan = planLink(input([defaultLink, {path: '/etc/systemd/network/20-mine.link', text: '[Match]\nProperty=ID_NET_DRIVER=hv_netvsc\n[Link]\nMTUBytes=4000\n'}]));
	t.is(plan.kind, 'shadowed');
	if (plan.kind === 'shadowed') {
		t.is(plan.verdict, 'maybe');
		t.regex(plan.message, /20-mine\.link may match eth0 \(hvtop cannot evaluate Property=\)/);
	}
});

test('plan: never overwrites a file hvtop did not write; updates its own, keeping its other knobs', t => {
	const own = `/etc/systemd/network/${ownLinkName(eth0)}`;
	const foreign = planLink(input([defaultLink, {path: own, text: '[Match]\nDriver=hv_netvsc\n[Link]\nCombinedChannels=2\n'}]));
	t.is(foreign.kind, 'foreign');
	const first = planLink(input([defaultLink], {settings: [['CombinedChannels', '4'], ['RxBufferSize', '4096']]}));
	if (first.kind !== 'write') {
		t.fail(first.kind);
		return;
	}

	t.is(planLink(input([defaultLink, {path: own, text: first.write.after}], {settings: [['CombinedChannels', '4'], ['RxBufferSize', '4096']]})).kind, 'unchanged');
	const second = planLink(input([defaultLink, {path: own, text: first.write.after}], {settings: [['CombinedChannels', '8']]}));
	if (second.kind !== 'write') {
		t.fail(second.kind);
		return;
	}

	t.is(second.write.before, first.write.after);
	t.deepEqual(parseUnit(second.write.after).filter(entry => entry.section === 'Link' && entry.key !== 'NamePolicy' && entry.key !== 'AlternativeNamesPolicy' && entry.key !== 'MACAddressPolicy').map(entry => `${entry.key}=${entry.value}`), ['RxBufferSize=4096', 'CombinedChannels=8']);
	t.deepEqual(lineDiff(own, second.write.before, second.write.after).filter(line => line.startsWith('+ ') || line.startsWith('- ')), ['- CombinedChannels=4', '+ CombinedChannels=8']);
});

test('plan: a device without a permanent address (veth) is matched by its current MAC', t => {
	const veth: DeviceFacts = {name: 'hvta0', driver: 'veth', mac: '02:11:22:33:44:55', permanentMac: null, type: 'ether', linkKind: 'veth'};
	const plan = planLink({...input([defaultLink]), facts: veth, others: []});
	t.is(plan.kind, 'write');
	if (plan.kind === 'write') {
		t.true(plan.write.after.includes('\nMACAddress=02:11:22:33:44:55\n'));
	}
});

test('plan: keys newer than the machine\'s udev are named', t => {
	const plan = planLink(input([defaultLink], {settings: [['RxBufferSize', '4096']], udevVersion: 241}));
	t.is(plan.kind, 'write');
	if (plan.kind === 'write') {
		t.deepEqual(plan.warnings, ['RxBufferSize= needs systemd 244; this machine\'s udev is 241 and ignores it', 'PermanentMACAddress= needs systemd 245; this machine\'s udev is 241 and ignores it']);
	}
});

test('matching Path= (Debian\'s 73-usb-net-by-mac.link): a device without ID_PATH matches no pattern, an inverted list it does; unknown is "maybe"', t => {
	const usb = parseUnit('[Match]\nPath=*-usb-*\n\n[Link]\nNamePolicy=mac\n');
	t.is(matchLink(usb, {...eth0, path: null}).verdict, 'no', 'a veth: no ID_PATH, so not the USB file (its NamePolicy=mac is not carried)');
	t.is(matchLink(usb, {...eth0, path: 'acpi-VMBUS:00-vmbus-f8615163df3e46c5913ff2d2f965ed0e'}).verdict, 'no');
	t.is(matchLink(usb, {...eth0, path: 'pci-0000:00:14.0-usb-0:1:1.0'}).verdict, 'yes');
	t.is(matchLink(parseUnit('[Match]\nPath=!*-usb-*\n'), {...eth0, path: null}).verdict, 'yes');
	t.deepEqual(matchLink(usb, eth0), {verdict: 'maybe', unknown: ['Path']});
});

test('plan: a file that only may apply before the one that surely does is named, and its settings are not carried', t => {
	const usb: ConfigFile = {path: '/usr/lib/systemd/network/73-usb-net-by-mac.link', text: '[Match]\nPath=*-usb-*\n\n[Link]\nNamePolicy=mac\n'};
	const plan = planLink(input([usb, defaultLink]));
	if (plan.kind !== 'write') {
		t.fail(plan.kind);
		return;
	}

	t.false(plan.write.after.includes('NamePolicy=mac'), plan.write.after);
	t.true(plan.write.after.includes('NamePolicy=keep kernel database onboard slot path'), plan.write.after);
	t.true(plan.warnings.some(line => line.includes('73-usb-net-by-mac.link may apply to eth0 now (hvtop cannot evaluate Path); its [Link] settings are not carried over (99-default.link\'s are)')), plan.warnings.join('\n'));
});
