import test from 'ava';
import {createMachine} from '../../source/netvsc/index.js';
import {listFeatures, initialFeatures} from '../../source/netvsc/features.js';
import {baseline, device, failsWith, scenarioSpec, stat, value} from './helpers.js';

const feature = (features: ReadonlyArray<{name: string; on: boolean; fixed: boolean}>, name: string) => {
	const found = features.find(f => f.name === name);
	if (!found) {
		throw new Error(`no feature ${name}`);
	}

	return {on: found.on, fixed: found.fixed};
};

test('ethtool -k: host offloads on and changeable, VLAN offloads and highdma fixed on, the rest fixed off', t => {
	const features = value(device(baseline()).features());
	t.deepEqual(feature(features, 'rx-checksumming'), {on: true, fixed: false});
	t.deepEqual(feature(features, 'tx-checksumming'), {on: true, fixed: false});
	t.deepEqual(feature(features, 'tx-checksum-ip-generic'), {on: false, fixed: true});
	t.deepEqual(feature(features, 'tcp-segmentation-offload'), {on: true, fixed: false});
	t.deepEqual(feature(features, 'large-receive-offload'), {on: true, fixed: false});
	t.deepEqual(feature(features, 'receive-hashing'), {on: true, fixed: false});
	t.deepEqual(feature(features, 'rx-vlan-offload'), {on: true, fixed: true});
	t.deepEqual(feature(features, 'tx-vlan-offload'), {on: true, fixed: true});
	t.deepEqual(feature(features, 'highdma'), {on: true, fixed: true});
	t.deepEqual(feature(features, 'ntuple-filters'), {on: false, fixed: true});
	t.deepEqual(feature(features, 'generic-receive-offload'), {on: true, fixed: false});
	t.deepEqual(features.slice(0, 3).map(f => f.name), ['rx-checksumming', 'tx-checksumming', 'tx-checksum-ipv4']);
});

test('a host without RSC (WS2016) has LRO fixed off', t => {
	const features = listFeatures(initialFeatures({txChecksumIpv4: true, txChecksumIpv6: true, tsoIpv4: true, tsoIpv6: true, rsc: false}));
	t.deepEqual(feature(features, 'large-receive-offload'), {on: false, fixed: true});
});

test('§13.30 rx-vlan-offload off → not changed (fixed); lro off → done without a re-add, counters kept', t => {
	const machine = baseline();
	machine.advance(5000);
	const fixed = value(machine.setFeatures('eth0', {'rx-vlan-offload': false}, 5000));
	t.deepEqual(fixed.notChanged, ['rx-vlan-offload']);
	t.true(feature(fixed.features, 'rx-vlan-offload').on);

	const before = stat(machine, 'rx_queue_0_packets');
	const lro = value(machine.setFeatures('eth0', {lro: false}, 5000));
	t.deepEqual(lro.notChanged, []);
	t.false(feature(lro.features, 'large-receive-offload').on);
	t.is(device(machine).epoch, 0);
	t.is(stat(machine, 'rx_queue_0_packets'), before);
	t.is(device(machine).link(5000).carrierChanges, 0);
	failsWith(t, machine.setFeatures('eth0', {'no-such-feature': true}, 5000), 'EOPNOTSUPP', 'bit name not found');
});

test('LRO off means more (uncoalesced) received frames for the same traffic', t => {
	const withLro = baseline(4);
	const without = baseline(4);
	value(without.setFeatures('eth0', {lro: false}, 0));
	withLro.advance(10_000);
	without.advance(10_000);
	t.true(stat(without, 'rx_queue_0_packets') > stat(withLro, 'rx_queue_0_packets'));
	t.is(stat(without, 'rx_queue_0_bytes'), stat(withLro, 'rx_queue_0_bytes'));
});

test('turning off scatter-gather drops TSO too (netdev_fix_features)', t => {
	const machine = baseline();
	const change = value(machine.setFeatures('eth0', {sg: false}, 0));
	t.deepEqual([...change.alsoChanged].sort(), ['tx-tcp-segmentation', 'tx-tcp6-segmentation']);
	t.false(feature(change.features, 'tcp-segmentation-offload').on);
});

test('feature choices survive a re-add', t => {
	const machine = baseline();
	value(machine.setFeatures('eth0', {gro: false, lro: false}, 0));
	value(machine.setChannels('eth0', {combined: 2}, 0));
	const features = value(device(machine).features());
	t.false(feature(features, 'generic-receive-offload').on);
	t.false(feature(features, 'large-receive-offload').on);
});

test('§13.31 with XDP attached: lro on stays off; mtu 9000 → EOPNOTSUPP at attach, MTU restored, counters reset', t => {
	const machine = baseline();
	failsWith(t, machine.setXdp('eth0', true, 0), 'EOPNOTSUPP', 'XDP: not support LRO');
	value(machine.setFeatures('eth0', {lro: false}, 0));
	t.true(value(machine.setXdp('eth0', true, 0)));
	const lro = value(machine.setFeatures('eth0', {lro: true}, 0));
	t.deepEqual(lro.notChanged, ['large-receive-offload']);
	t.false(feature(lro.features, 'large-receive-offload').on);

	machine.advance(5000);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
	failsWith(t, machine.setMtu('eth0', 9000, 5000), 'EOPNOTSUPP');
	const eth0 = device(machine);
	t.is(eth0.mtu, 1500);
	t.is(stat(machine, 'rx_queue_0_packets'), 0n);
	t.is(eth0.epoch, 1);
	t.true(eth0.present);
	t.true(eth0.xdpAttached, 'the program is kept');
	// The carrier flapped (the restore attached the device again).
	t.is(eth0.link(6000).carrierChanges, 2);
	// An MTU that XDP can live with works.
	t.is(value(machine.setMtu('eth0', 3000, 7000)), 3000);
});

test('§13.31 XDP refuses an MTU already too large', t => {
	const machine = baseline();
	value(machine.setFeatures('eth0', {lro: false}, 0));
	value(machine.setMtu('eth0', 9000, 0));
	failsWith(t, machine.setXdp('eth0', true, 1000), 'EOPNOTSUPP', 'XDP: mtu too large');
});

test('§13.32 mtu 9000 without XDP → success with a re-add; mtu 65522 → EINVAL; unchanged MTU is a no-op', t => {
	const machine = baseline();
	machine.advance(5000);
	t.is(value(machine.setMtu('eth0', 9000, 5000)), 9000);
	const eth0 = device(machine);
	t.is(eth0.epoch, 1);
	t.is(stat(machine, 'tx_queue_0_packets'), 0n);
	t.is(eth0.link(5400).carrierChanges, 2);
	failsWith(t, machine.setMtu('eth0', 65_522, 6000), 'EINVAL', 'mtu greater than device maximum');
	failsWith(t, machine.setMtu('eth0', 67, 6000), 'EINVAL', 'mtu less than device minimum');
	t.is(value(machine.setMtu('eth0', 65_521, 6000)), 65_521);
	t.is(value(machine.setMtu('eth0', 65_521, 7000)), 65_521);
	t.is(eth0.epoch, 2);
});

test('TSO off turns large TCP sends into MTU-sized skbs: more tx packets for the same bytes', t => {
	const spec = scenarioSpec('balanced');
	const on = createMachine(spec, {seed: 2});
	const off = createMachine(spec, {seed: 2});
	value(off.setFeatures('eth0', {tso: false}, 0));
	on.advance(5000);
	off.advance(5000);
	t.true(stat(off, 'tx_queue_1_packets') > stat(on, 'tx_queue_1_packets'));
});
