// NetworkManager's side, checked by reading hvtop's [ethtool] section the way
// NetworkManager reads a keyfile profile (GLib's key file rules, see
// ../helpers/gkeyfile.ts): pasted into a typical profile it parses, its keys
// are the ethtool.* properties hvtop shows in the nmcli command, and the values
// are the integers NetworkManager reads. The reader itself is checked against
// the rules it claims (a test that could not fail would prove nothing).
import test from 'ava';
import {nmStateOf, planNetworkManager} from '../../source/persist/networkmanager.js';
import {integerValue, listValue, parseKeyFile, unescapeValue} from '../helpers/gkeyfile.js';

const profile = [
	'[connection]',
	'id=Wired connection 1',
	'uuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03',
	'type=ethernet',
	'interface-name=eth0',
	'',
	'[ipv4]',
	'method=auto',
	'dns=168.63.129.16;10.0.0.4;',
	'',
].join('\n');

test('the keyfile reader follows GLib\'s rules: groups, blanks around =, last value wins, escapes, lists, integers', t => {
	const file = parseKeyFile('# comment\n[a]\nk = v\\sw\\t\nk=second\nlist=x;y\\;z;\nn= -12 \n[b]\n  k=1\n[a]\nm=2\n');
	t.is(file.get('a')?.get('k'), 'second');
	t.is(file.get('a')?.get('m'), '2');
	t.is(file.get('b')?.get('k'), '1');
	t.deepEqual(listValue(file.get('a')!.get('list')!), ['x', 'y;z']);
	t.is(unescapeValue('v\\sw\\t'), 'v w\t');
	t.is(integerValue(file.get('a')!.get('n')!), -12);
	t.throws(() => integerValue('8k'));
	t.throws(() => unescapeValue('a\\q'));
	t.throws(() => parseKeyFile('k=v\n'), {message: /a key before any group/});
	t.throws(() => parseKeyFile('[a]\nnot a pair\n'), {message: /not key=value/});
});

test('hvtop\'s [ethtool] section, added to a profile, reads as NetworkManager reads it: the nmcli properties and integer values', t => {
	const plan = planNetworkManager([
		{kind: 'channels', field: 'combined', value: 8, linkKey: 'CombinedChannels'},
		{kind: 'rings', field: 'rx', value: 9362, linkKey: 'RxBufferSize'},
		{kind: 'rings', field: 'tx', value: 170, linkKey: 'TxBufferSize'},
	], '5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03');
	if (!plan) {
		t.fail('no plan');
		return;
	}

	const file = parseKeyFile(`${profile}\n${plan.section}`);
	const ethtool = file.get('ethtool');
	t.deepEqual([...ethtool?.keys() ?? []], ['channels-combined', 'ring-rx', 'ring-tx']);
	t.deepEqual([...ethtool?.values() ?? []].map(value => integerValue(value)), [8, 9362, 170]);
	// The nmcli command sets the same properties: setting "ethtool", property after the dot.
	const pairs = plan.nmcli.slice(4);
	t.deepEqual(pairs.filter((_, i) => i % 2 === 0), [...ethtool!.keys()].map(key => `ethtool.${key}`));
	t.deepEqual(pairs.filter((_, i) => i % 2 === 1).map(Number), [8, 9362, 170]);
	t.deepEqual(listValue(file.get('ipv4')!.get('dns')!), ['168.63.129.16', '10.0.0.4']);
	t.deepEqual(plan.needs.map(need => `${need.key} ${need.since}`), ['ethtool.channels-combined 1.46', 'ethtool.ring-rx 1.26', 'ethtool.ring-tx 1.26']);
});

test('a kind NetworkManager has no key for (the RSS table) gives no section; the device file says who manages what', t => {
	t.is(planNetworkManager([{kind: 'rss', field: 'table', value: [0, 1]}], undefined), undefined);
	t.deepEqual(nmStateOf(false, undefined), {managed: false, why: 'NetworkManager is not running (no /run/NetworkManager)'});
	t.deepEqual(nmStateOf(true, '[device]\nmanaged=false\n'), {managed: false, why: 'NetworkManager does not manage it'});
	t.deepEqual(nmStateOf(true, '[device]\nmanaged=true\nconnection-uuid=abc-1\n'), {managed: true, uuid: 'abc-1'});
});
