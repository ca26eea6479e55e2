import test from 'ava';
import {parseFeatures} from '../../source/ethtool/index.js';
import type {Feature} from '../../source/types.js';
import {fixture} from './helpers.js';

const find = (features: readonly Feature[], name: string) => features.find(feature => feature.name === name);

test('-k 6.1/veth (real capture): groups and TAB-indented members, in order', t => {
	const result = parseFeatures(fixture('6.1/veth/k'));
	if (!result.ok) {
		t.fail(result.error.message);
		return;
	}

	t.is(result.value.length, 63);
	t.deepEqual(result.value[0], {name: 'rx-checksumming', on: true, fixed: false});
	t.deepEqual(find(result.value, 'tx-checksum-ipv4'), {name: 'tx-checksum-ipv4', on: false, fixed: true});
	t.deepEqual(find(result.value, 'large-receive-offload'), {name: 'large-receive-offload', on: false, fixed: true});
});

test('-k --json 6.1/veth (real capture) agrees with the text output', t => {
	const text = parseFeatures(fixture('6.1/veth/k'));
	const json = parseFeatures(fixture('6.1/veth/k.json'));
	t.true(text.ok && json.ok);
	if (text.ok && json.ok) {
		// Legacy group entries have fixed: null in JSON and no [fixed] in text: both false.
		const byName = new Map(json.value.map(feature => [feature.name, feature]));
		for (const feature of text.value) {
			t.deepEqual(byName.get(feature.name), feature, feature.name);
		}
	}
});

test('-k hv_netvsc 5.4 and 6.1: [requested on] and [fixed] suffixes', t => {
	const old = parseFeatures(fixture('5.4/hv_netvsc/k'));
	const current = parseFeatures(fixture('6.1/hv_netvsc/k'));
	t.true(old.ok && current.ok);
	if (old.ok && current.ok) {
		t.deepEqual(find(old.value, 'large-receive-offload'), {name: 'large-receive-offload', on: false, fixed: false});
		t.deepEqual(find(current.value, 'large-receive-offload'), {name: 'large-receive-offload', on: true, fixed: false});
		t.deepEqual(find(current.value, 'rx-vlan-offload'), {name: 'rx-vlan-offload', on: true, fixed: true});
		t.deepEqual(find(current.value, 'receive-hashing'), {name: 'receive-hashing', on: true, fixed: false});
		t.is(find(current.value, 'udp-fragmentation-offload'), undefined);
	}
});

test('-k: -K "Actual changes" lines parse too; garbage and empty output are EPARSE', t => {
	t.deepEqual(parseFeatures('Actual changes:\nrx-lro: off [requested on]\n'), {
		ok: true, value: [{name: 'rx-lro', on: false, fixed: false}],
	});
	t.false(parseFeatures('').ok);
	t.false(parseFeatures('Features for eth9:\n').ok);
	t.false(parseFeatures('[ ]').ok);
	t.false(parseFeatures('[ {"ifname": "a", "x": {"active": "yes"}} ]').ok);
});
