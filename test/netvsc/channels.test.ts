import test from 'ava';
import {createMachine, type MachineSpec} from '../../source/netvsc/index.js';
import {defaultRssQueues, maxChannels, probeChannelRequest} from '../../source/netvsc/channels.js';
import {createCpuAllocator} from '../../source/netvsc/cpu-allocator.js';
import {baseline, device, failsWith, scenarioSpec, stat, statList, value} from './helpers.js';

const noRxTx = 'requested channel counts would result in no RX or TX channel being configured';
const exceeds = 'requested channel count exceeds maximum';

test('§13.1 ethtool -l: max combined 8, combined 8, RX/TX/Other n/a (0)', t => {
	const machine = baseline();
	t.deepEqual(value(device(machine).channels()), {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: 8, rx: 0, tx: 0, other: 0, combined: 8});
});

test('§13.2 combined 0 → EINVAL "no RX or TX channel"; nothing changes, no carrier flap', t => {
	const machine = baseline();
	machine.advance(5000);
	const before = stat(machine, 'rx_queue_3_packets');
	failsWith(t, machine.setChannels('eth0', {combined: 0}, 5000), 'EINVAL', noRxTx);
	const eth0 = device(machine);
	t.is(value(eth0.channels()).combined, 8);
	t.is(eth0.link(5000).carrierChanges, 0);
	t.true(eth0.link(5001).carrier);
	t.is(eth0.epoch, 0);
	t.is(stat(machine, 'rx_queue_3_packets'), before);
});

test('§13.3 combined 9 → EINVAL "exceeds maximum"', t => {
	const machine = baseline();
	const result = machine.setChannels('eth0', {combined: 9}, 0);
	failsWith(t, result, 'EINVAL', exceeds);
	if (!result.ok) {
		t.is(result.error.errno, 22);
	}

	t.is(value(device(machine).channels()).combined, 8);
});

test('§13.4 rx 2, tx 1 or other 1 → EINVAL "exceeds maximum" (max rx/tx/other are 0)', t => {
	const machine = baseline();
	failsWith(t, machine.setChannels('eth0', {rx: 2}, 0), 'EINVAL', exceeds);
	failsWith(t, machine.setChannels('eth0', {tx: 1}, 0), 'EINVAL', exceeds);
	failsWith(t, machine.setChannels('eth0', {other: 1}, 0), 'EINVAL', exceeds);
	t.is(device(machine).epoch, 0);
});

test('§13.5 combined 8 (unchanged) → success, driver not called: counters kept, no flap', t => {
	const machine = baseline();
	machine.advance(3000);
	const before = statList(machine);
	const result = machine.setChannels('eth0', {combined: 8}, 3000);
	t.is(value(result).combined, 8);
	t.deepEqual(statList(machine), before);
	const eth0 = device(machine);
	t.is(eth0.epoch, 0);
	t.is(eth0.link(3000).carrierChanges, 0);
	t.true(eth0.link(3000).carrier);
	t.is(machine.rtnlFreeAt(3000), 3000);
});

test('§13.6 combined 4: carrier off→on, queues restart at 0, 112 stats, globals/VF kept, tables i % 4, new CPUs', t => {
	const machine = baseline(1, 300);
	machine.advance(10_000);
	const eth0 = device(machine);
	const eth1 = device(machine, 'eth1');
	const vfBefore = stat(machine, 'vf_rx_packets', 'eth1');
	const totalsBefore = eth0.interfaceTotals();
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);

	const result = machine.setChannels('eth0', {combined: 4}, 10_000);
	t.is(value(result).combined, 4);
	t.is(value(result).maxCombined, 8);

	// Carrier off for the change, then on again: two transitions.
	t.false(eth0.link(10_000).carrier);
	t.false(eth0.link(10_299).carrier);
	t.true(eth0.link(10_300).carrier);
	t.is(eth0.link(10_300).carrierChanges, 2);
	t.is(eth0.epoch, 1);

	const names = statList(machine).map(([name]) => name);
	t.is(names.length, 11 + 5 + 32 + 64);
	t.true(names.includes('rx_queue_3_packets'));
	t.false(names.includes('rx_queue_4_packets'));
	for (const [name, count] of statList(machine)) {
		if (/_queue_/.test(name)) {
			t.is(count, 0n, name);
		}
	}

	// `ip -s link` totals drop: a reset, not a negative rate.
	t.true(eth0.interfaceTotals().rxPackets < totalsBefore.rxPackets);

	const rss = value(eth0.rss());
	t.deepEqual(rss.table, Array.from({length: 128}, (_, i) => i % 4));
	t.deepEqual(value(eth0.registers()).txTable, Array.from({length: 16}, (_, i) => i % 4));

	// Sub-channels 1–3 were re-offered: init_vp_index on the shared allocator state
	// (after boot the node's allocated mask is {0}, so 1, 2, 3 are the lowest free CPUs).
	const cpus = eth0.channelCpu();
	t.is(cpus.length, 4);
	t.is(cpus[0], 0, 'the primary keeps its CPU');
	t.deepEqual(cpus, [0, 1, 2, 3]);

	// Traffic resumes after the window; the other device and the VF counters kept counting.
	machine.advance(20_000);
	t.true(stat(machine, 'rx_queue_2_packets') > 0n);
	t.true(stat(machine, 'vf_rx_packets', 'eth1') > vfBefore);
	t.is(eth1.epoch, 0);
});

test('§13.6 global counters persist across a change', t => {
	const machine = createMachine(scenarioSpec('small-rings'), {seed: 3});
	machine.advance(10_000);
	const sendFull = stat(machine, 'tx_send_full');
	t.true(sendFull > 0n);
	value(machine.setChannels('eth0', {combined: 6}, 10_000));
	t.is(stat(machine, 'tx_send_full'), sendFull);
	t.is(stat(machine, 'tx_queue_0_packets'), 0n);
});

test('§13.33 interface down: combined 4 succeeds without carrier handling and stays down', t => {
	const machine = baseline();
	machine.advance(1000);
	value(machine.setAdminUp('eth0', false, 1000));
	const eth0 = device(machine);
	t.is(eth0.link(1000).carrierChanges, 1);
	t.false(value(eth0.linkDetected(1000)));
	t.is(value(machine.setChannels('eth0', {combined: 4}, 2000)).combined, 4);
	t.false(eth0.link(2000).up);
	t.false(eth0.link(5000).carrier);
	t.is(eth0.link(5000).carrierChanges, 1);
	// Down: no traffic at all.
	machine.advance(6000);
	t.is(stat(machine, 'rx_queue_0_packets'), 0n);
	// Up again: carrier on, counters were not reset by down/up.
	value(machine.setAdminUp('eth0', true, 6000));
	t.true(eth0.link(6000).carrier);
	machine.advance(8000);
	const after = stat(machine, 'rx_queue_0_packets');
	t.true(after > 0n);
	value(machine.setAdminUp('eth0', false, 8000));
	value(machine.setAdminUp('eth0', true, 8000));
	t.is(stat(machine, 'rx_queue_0_packets'), after);
});

test('default and maximum channel counts follow the ≥ 6.12 driver', t => {
	t.is(defaultRssQueues(4), 2);
	t.is(defaultRssQueues(2), 2);
	t.is(defaultRssQueues(1), 1);
	t.is(defaultRssQueues(32), 16);
	t.is(probeChannelRequest(4), 16);
	t.is(probeChannelRequest(64), 32);
	t.is(maxChannels({nvspVersion: 0x6_00_01, numRecvQueues: 16, onlineCpus: 8}), 8);
	t.is(maxChannels({nvspVersion: 0x6_00_01, numRecvQueues: 64, onlineCpus: 208}), 64);
	t.is(maxChannels({nvspVersion: 0x4_00_00, numRecvQueues: 64, onlineCpus: 8}), 1);
	t.is(maxChannels({nvspVersion: 0x6_00_01, numRecvQueues: 1, onlineCpus: 8}), 1);

	// Worked examples (SMT 2, host queues ≥ vCPUs): vCPUs → default/max.
	const worked = [[2, 2, 2], [8, 8, 8], [16, 16, 16], [64, 16, 64], [128, 32, 64]] as const;
	for (const [vcpus, expectedDefault, expectedMax] of worked) {
		const spec: MachineSpec = {
			...scenarioSpec('balanced'),
			vcpus,
			cores: vcpus / 2,
			host: {...scenarioSpec('balanced').host, numRecvQueues: 64},
			devices: [{...scenarioSpec('balanced').devices[0]!, traffic: {...scenarioSpec('balanced').devices[0]!.traffic, flows: 1}}],
		};
		const channels = value(device(createMachine(spec, {seed: 1})).channels());
		t.deepEqual([channels.combined, channels.maxCombined], [expectedDefault, expectedMax], `${vcpus} vCPUs`);
	}
});

test('offline CPUs at boot shrink max combined', t => {
	const spec: MachineSpec = {...scenarioSpec('balanced'), offlineCpus: [6, 7]};
	const channels = value(device(createMachine(spec, {seed: 1})).channels());
	t.is(channels.maxCombined, 6);
	t.is(channels.combined, 6);
});

test('an old host (NVSP 4) has no vRSS: 1/1, and any change is refused by the core', t => {
	const base = scenarioSpec('balanced');
	const machine = createMachine({...base, host: {...base.host, nvspVersion: 0x4_00_00}}, {seed: 1});
	const eth0 = device(machine);
	t.deepEqual([value(eth0.channels()).combined, value(eth0.channels()).maxCombined], [1, 1]);
	failsWith(t, machine.setChannels('eth0', {combined: 2}, 0), 'EINVAL', exceeds);
	t.deepEqual(value(eth0.rss()).table, []);
});

test('a request that is not a whole number is refused', t => {
	failsWith(t, baseline().setChannels('eth0', {combined: 2.5}, 0), 'EINVAL');
	failsWith(t, baseline().setChannels('eth0', {combined: -1}, 0), 'EINVAL');
});

test('unknown device → ENODEV "no such device: X"', t => {
	failsWith(t, baseline().setChannels('eth9', {combined: 2}, 0), 'ENODEV', 'no such device: eth9');
});

test('boot: every primary first, then each device\'s sub-channels from the shared allocator', t => {
	const machine = baseline();
	t.deepEqual(device(machine, 'eth0').channelCpu(), [0, 2, 3, 4, 5, 6, 7, 1]);
	t.deepEqual(device(machine, 'eth1').channelCpu(), [1, 2, 3, 4, 5, 6, 7, 0]);
	const allocator = createCpuAllocator({nodes: [[0, 1, 2, 3]], isOnline: () => true});
	t.deepEqual([0, 0, 0, 0].map(() => allocator.allocate([], 0)), [0, 1, 2, 3]);
	// Node full: the mask is cleared; CPU 0 is this device's own primary, so the next attempt takes 1.
	t.is(allocator.allocate([0], 1), 1);
	// A sub-channel index ≥ ncpu does not avoid its siblings.
	t.is(allocator.allocate([0, 1, 2, 3], 4), 2);
});

test('two NUMA nodes are used round-robin', t => {
	const allocator = createCpuAllocator({nodes: [[0, 1, 2, 3], [4, 5, 6, 7]], isOnline: cpu => cpu !== 5});
	t.deepEqual([0, 0, 0, 0, 0].map(() => allocator.allocate([], 0)), [0, 4, 1, 6, 2]);
	t.is(allocator.channelsOn(4), 1);
	allocator.release(4);
	t.is(allocator.channelsOn(4), 0);
	// CPU 4 is free again and node 1 is next.
	t.is(allocator.allocate([], 0), 4);
});
