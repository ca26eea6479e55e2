import test from 'ava';
import {createMachine, kernelRelease, unsupportedOperations} from '../../source/netvsc/index.js';
import {baseline, device, failsWith, scenarioSpec, stat, value} from './helpers.js';

test('§13.26 ethtool -i: hv_netvsc, kernel release, N/A, bus-info = VMBus GUID, statistics and register dump', t => {
	const machine = baseline();
	const info = value(device(machine).driverInfo());
	t.is(info.driver, 'hv_netvsc');
	t.is(info.version, kernelRelease);
	t.is(info.firmwareVersion, 'N/A');
	t.is(info.busInfo, device(machine).spec.guid);
	t.regex(info.busInfo, /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/);
	t.true(info.supportsStatistics);
	t.true(info.supportsRegisterDump);
	t.false(info.supportsTest);
	t.false(info.supportsEepromAccess);
	t.false(info.supportsPrivFlags);
	t.is(info.regdumpLen, 64);
	t.deepEqual(value(device(machine).registers()), {version: 1, txTable: Array.from({length: 16}, (_, i) => i % 8)});
});

test('§13.27 ethtool eth0 without a VF: host speed, Full, Other, autoneg off; -s is cosmetic; autoneg on → EINVAL; -L restores the host speed', t => {
	const machine = baseline();
	const eth0 = device(machine);
	t.deepEqual(value(eth0.linkSettings()), {speedMbps: 10_000, duplex: 'full', port: 'Other', autoneg: false});
	t.true(value(eth0.linkDetected(0)));
	t.deepEqual(value(machine.setLinkSettings('eth0', {speedMbps: 1000, duplex: 'half'}, 0)), {speedMbps: 1000, duplex: 'half', port: 'Other', autoneg: false});
	t.is(eth0.link(0).speedMbps, 1000);
	failsWith(t, machine.setLinkSettings('eth0', {autoneg: true}, 0), 'EINVAL');
	failsWith(t, machine.setLinkSettings('eth0', {port: 'TP'}, 0), 'EINVAL');
	value(machine.setChannels('eth0', {combined: 4}, 0));
	t.is(value(eth0.linkSettings()).speedMbps, 10_000);
	// Duplex is guest-only state and survives.
	t.is(value(eth0.linkSettings()).duplex, 'half');
});

test('§13.27 a host that reports no speed shows Unknown (undefined)', t => {
	const spec = scenarioSpec('balanced');
	const machine = createMachine({...spec, host: {...spec.host, linkSpeedMbps: undefined}}, {seed: 1});
	t.is(value(device(machine).linkSettings()).speedMbps, undefined);
	t.is(device(machine).link(0).speedMbps, undefined);
});

test('§13.28 with a VF: link settings are the VF\'s, -s → EOPNOTSUPP, traffic grows vf_* while queues stay almost flat', t => {
	const machine = baseline();
	const eth1 = device(machine, 'eth1');
	t.is(eth1.vfName, 'enP30832s1');
	t.is(value(eth1.linkSettings()).speedMbps, 50_000);
	failsWith(t, machine.setLinkSettings('eth1', {speedMbps: 1000}, 0), 'EOPNOTSUPP');
	machine.advance(20_000);
	const vf = stat(machine, 'vf_rx_packets', 'eth1');
	let queues = 0n;
	for (let q = 0; q < 8; q++) {
		queues += stat(machine, `rx_queue_${q}_packets`, 'eth1');
	}

	t.true(vf > 1_000_000n);
	t.true(queues > 0n, 'SYN and broadcast still arrive on the synthetic path');
	t.true(queues * 100n < vf, `synthetic ${queues} vs VF ${vf}`);
	t.true(stat(machine, 'cpu3_vf_rx_packets', 'eth1') > 0n);
});

test('host servicing removes the VF: traffic falls back to the synthetic queues, and returns', t => {
	const machine = baseline();
	machine.advance(5000);
	value(machine.setVfPresent('eth1', false, 5000));
	t.is(device(machine, 'eth1').vfName, undefined);
	const vf = stat(machine, 'vf_rx_packets', 'eth1');
	const queue = stat(machine, 'rx_queue_0_packets', 'eth1');
	machine.advance(10_000);
	t.is(stat(machine, 'vf_rx_packets', 'eth1'), vf);
	t.true(stat(machine, 'rx_queue_0_packets', 'eth1') > queue + 10_000n);
	t.is(value(device(machine, 'eth1').linkSettings()).speedMbps, 10_000);
	value(machine.setVfPresent('eth1', true, 10_000));
	machine.advance(12_000);
	t.true(stat(machine, 'vf_rx_packets', 'eth1') > vf);
	failsWith(t, machine.setVfPresent('eth0', true, 0), 'ENODEV');
});

test('§13.29 coalesce, pause, nway-reset, self-test, eeprom, module, fec → EOPNOTSUPP', t => {
	const eth0 = device(baseline());
	for (const operation of unsupportedOperations) {
		failsWith(t, eth0.unsupported(operation), 'EOPNOTSUPP');
	}

	t.true(unsupportedOperations.includes('coalesce'));
	t.true(unsupportedOperations.includes('fec'));
});

test('message level: 0xf7 by default, any u32 accepted', t => {
	const eth0 = device(baseline());
	t.is(value(eth0.msgLevel()), 0xf7);
	t.is(value(eth0.setMsgLevel(0xffff_ffff)), 0xffff_ffff);
});

test('§13.34 a call made while a change holds RTNL waits for it and sees the new state', t => {
	const machine = baseline(1, 300);
	value(machine.setChannels('eth0', {combined: 4}, 1000));
	t.is(machine.rtnlFreeAt(1100), 1300);
	t.is(value(device(machine).channels()).combined, 4);
	// A second change requested at 1100 starts when the first ends, on any device.
	value(machine.setRings('eth1', {tx: 512}, 1100));
	t.is(machine.rtnlFreeAt(1100), 1600);
	t.true(device(machine, 'eth1').link(1301).carrier === false);
	t.true(device(machine, 'eth1').link(1299).carrier, 'eth1 was still up while it waited');
	t.true(device(machine, 'eth1').link(1600).carrier);
	t.is(machine.rtnlFreeAt(5000), 5000);
});

test('the carrier-off duration follows changeDurationMs and a slow change', t => {
	const machine = baseline(1, 50);
	value(machine.setChannels('eth0', {combined: 3}, 0));
	t.false(device(machine).link(49).carrier);
	t.true(device(machine).link(50).carrier);
	value(machine.injectFault('eth0', {kind: 'slow', durationMs: 4000}));
	value(machine.setChannels('eth0', {combined: 5}, 100));
	t.false(device(machine).link(4099).carrier);
	t.true(device(machine).link(4100).carrier);
	t.is(device(machine).link(4100).carrierChanges, 4);
});

test('no synthetic traffic while the carrier is off during a change', t => {
	const machine = baseline(1, 5000);
	machine.advance(1000);
	value(machine.setChannels('eth0', {combined: 4}, 1000));
	machine.advance(5999);
	t.is(stat(machine, 'rx_queue_0_packets'), 0n);
	t.is(stat(machine, 'tx_queue_0_packets'), 0n);
	machine.advance(7000);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
});
