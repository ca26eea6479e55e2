// The VF modelled through its driver inside a netvsc device (issue 15): the
// scenarios mana, mlx5, servicing and vf-rx-drops, and the one count both
// devices keep of the VF's traffic.
import test from 'ava';
import {createMachine, type Machine, type MachineSpec} from '../../source/netvsc/index.js';
import {device, scenarioSpec, stats, value} from './helpers.js';

const run = (spec: MachineSpec, until: number): Machine => {
	const machine = createMachine(spec, {seed: 1});
	machine.advance(until);
	return machine;
};

const vfStats = (machine: Machine): Map<string, bigint> => new Map(value(device(machine).vf!.stats()));

/** The sum over the VF's open queues of one of its per-queue counters. */
function queueSum(machine: Machine, stat: (queue: number) => string): bigint {
	const vf = device(machine).vf!;
	const map = vfStats(machine);
	let sum = 0n;
	for (let q = 0; q < vf.settings.channels; q++) {
		sum += map.get(stat(q))!;
	}

	return sum;
}

/** The scenario with eth0's VF at the driver's default settings (no boot-time rings or channels). */
function withDefaultVf(name: string): MachineSpec {
	const spec = scenarioSpec(name);
	return {...spec, devices: spec.devices.map(d => d.vf?.model ? {...d, vf: {...d.vf, model: {}}} : d)};
}

test('mana: a 16-vCPU VM; the mana VF has 16 channels by default and carries nearly every packet', t => {
	const machine = run(scenarioSpec('mana'), 20_000);
	const vf = device(machine).vf!;
	t.is(machine.onlineCpus().length, 16);
	t.is(vf.driver, 'mana');
	t.is(value(vf.channels()).combined, 16);
	const netvsc = stats(machine);
	let synthetic = 0n;
	for (let q = 0; q < value(device(machine).channels()).combined; q++) {
		synthetic += netvsc.get(`rx_queue_${q}_packets`)!;
	}

	const throughVf = queueSum(machine, vf.facts.queueStat.rxPackets);
	t.true(throughVf > 1_000_000n, `${throughVf}`);
	// The default VF share is 0.998: the synthetic queues see about 1 packet in 500.
	t.true(synthetic * 100n < throughVf, `${synthetic} synthetic vs ${throughVf} through the VF`);
	// Every VF queue gets some of the 2000 flows.
	for (let q = 0; q < 16; q++) {
		t.true(vfStats(machine).get(`rx_${q}_packets`)! > 0n, `rx_${q}_packets`);
	}
});

test('netvsc\'s vf_* counters are exactly the VF queues\' sums (rx bytes without the 14-byte Ethernet header)', t => {
	for (const name of ['mana', 'mlx5', 'vf-rx-drops']) {
		const machine = run(scenarioSpec(name), 12_000);
		const {facts} = device(machine).vf!;
		const netvsc = stats(machine);
		const rxPackets = queueSum(machine, facts.queueStat.rxPackets);
		t.is(netvsc.get('vf_rx_packets'), rxPackets, name);
		t.is(netvsc.get('vf_tx_packets'), queueSum(machine, facts.queueStat.txPackets), name);
		t.is(netvsc.get('vf_tx_bytes'), queueSum(machine, facts.queueStat.txBytes), name);
		const rxBytes = queueSum(machine, facts.queueStat.rxBytes);
		const headerless = rxBytes - (14n * rxPackets);
		// Per queue the packet counter holds back under one packet (14 header bytes) and the byte counters under a byte each.
		const slack = 16n * BigInt(device(machine).vf!.settings.channels);
		t.true(netvsc.get('vf_rx_bytes')! >= headerless - slack && netvsc.get('vf_rx_bytes')! <= headerless + slack, `${name}: ${netvsc.get('vf_rx_bytes')! - headerless}`);
		// The VF's own totals are its queues' sums too.
		const map = vfStats(machine);
		t.is(map.get(facts.totalStats.rxPackets), rxPackets, name);
		t.is(map.get(facts.totalStats.txBytes), queueSum(machine, facts.queueStat.txBytes), name);
	}
});

test('mlx5: an mlx5_core VF with one channel per vCPU and its rxN_/txN_ counters', t => {
	const machine = run(scenarioSpec('mlx5'), 5000);
	const vf = device(machine).vf!;
	t.is(vf.driver, 'mlx5_core');
	t.is(value(vf.channels()).combined, 8);
	t.true(vfStats(machine).get('rx7_packets')! > 0n);
	t.is(vfStats(machine).get('rx_out_of_buffer'), 0n);
});

test('servicing: the VF leaves at 10 s (traffic on the synthetic queues), a new one with defaults comes at 20 s', t => {
	const spec = scenarioSpec('servicing');
	const machine = createMachine(spec, {seed: 1});
	const eth0 = device(machine);
	machine.advance(9000);
	t.is(eth0.vfName, 'enP30832s1');
	t.is(value(eth0.vf!.channels()).combined, 4);
	t.deepEqual(eth0.vf!.changedSettings(), ['channels']);
	const syntheticBefore = stats(machine).get('rx_queue_0_packets')!;
	const vfBefore = stats(machine).get('vf_rx_packets')!;

	machine.advance(15_000);
	t.false(eth0.vf!.present);
	t.is(eth0.vfName, undefined);
	t.is(eth0.vf!.channels().ok, false);
	const syntheticAway = stats(machine).get('rx_queue_0_packets')! - syntheticBefore;
	const vfAway = stats(machine).get('vf_rx_packets')! - vfBefore;
	// Away for 5 of these 6 seconds: the synthetic path carries the load, the VF counts one second's worth.
	t.true(syntheticAway > 100_000n, `${syntheticAway}`);
	t.true(vfAway < 700_000n, `${vfAway}`);

	machine.advance(25_000);
	const vf = eth0.vf!;
	t.true(vf.present);
	t.is(vf.epoch, 2);
	t.is(eth0.vfName, 'enP30832s1');
	t.is(value(vf.channels()).combined, 8); // Min(MANA_DEF_NUM_QUEUES, 8 vCPUs): the driver's default again.
	t.deepEqual(vf.changedSettings(), []);
	t.deepEqual(eth0.vfServicing().map(({kind, epoch, lost}) => ({kind, epoch, lost})), [
		{kind: 'removed', epoch: 1, lost: ['channels']},
		{kind: 'added', epoch: 2, lost: ['channels']},
	]);
	// The new instance counts from zero, and only since it came back.
	t.true(vfStats(machine).get('hc_rx_ucast_pkts')! < vfBefore);
	t.true(vfStats(machine).get('hc_rx_ucast_pkts')! > 0n);
});

test('setVfPresent removes and re-adds a modelled VF like servicing does', t => {
	const machine = createMachine(scenarioSpec('mana'), {seed: 1});
	value(device(machine).vf!.setRings({rx: 2048}));
	value(machine.setVfPresent('eth0', false, 1000));
	t.false(device(machine).vf!.present);
	t.is(device(machine).vfName, undefined);
	value(machine.setVfPresent('eth0', true, 2000));
	t.is(device(machine).vf!.epoch, 2);
	t.is(value(device(machine).vf!.rings()).rx, 1024);
	t.deepEqual(device(machine).vfServicing().map(event => event.lost), [['rx-ring'], ['rx-ring']]);
});

test('vf-rx-drops: with a 128-descriptor ring hc_rx_discards_no_wqe rises every few seconds; with the default 1024 it stays 0', t => {
	const small = createMachine(scenarioSpec('vf-rx-drops'), {seed: 1});
	t.is(value(device(small).vf!.rings()).rx, 128);
	const drops: bigint[] = [];
	for (const at of [2000, 4000, 6000, 8000]) {
		small.advance(at);
		drops.push(vfStats(small).get('hc_rx_discards_no_wqe')!);
	}

	for (let i = 1; i < drops.length; i++) {
		t.true(drops[i]! > drops[i - 1]!, `${drops.join(' → ')}`);
	}

	// A real share of the packets, not a rounding: over 5 % of what arrived.
	const received = vfStats(small).get('hc_rx_ucast_pkts')!;
	t.true(drops.at(-1)! * 20n > received, `${drops.at(-1)} of ${received}`);

	const roomy = run(withDefaultVf('vf-rx-drops'), 8000);
	t.is(value(device(roomy).vf!.rings()).rx, 1024);
	t.is(vfStats(roomy).get('hc_rx_discards_no_wqe'), 0n);
	t.true(vfStats(roomy).get('hc_rx_ucast_pkts')! > received);
});

test('the vf scenario keeps no modelled VF (its goldens stay)', t => {
	const machine = createMachine(scenarioSpec('vf'), {seed: 1});
	t.is(device(machine).vf, undefined);
	t.is(device(machine).vfName, 'enP30832s1');
});
