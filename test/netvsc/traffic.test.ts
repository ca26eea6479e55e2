import test from 'ava';
import {createMachine} from '../../source/netvsc/index.js';
import {createAccumulator} from '../../source/netvsc/accumulator.js';
import {createRandom, hashValues} from '../../source/netvsc/random.js';
import {generateFlows} from '../../source/netvsc/traffic.js';
import {baseline, device, queueTotals, scenarioSpec, stat, statList, stats} from './helpers.js';

test('determinism: the same seed and calls give the same counters, softirqs and CPU map', t => {
	const run = () => {
		const machine = baseline(42);
		machine.advance(7500);
		machine.setChannels('eth0', {combined: 5}, 7500);
		machine.advance(20_000);
		return {eth0: statList(machine), eth1: statList(machine, 'eth1'), softirqs: machine.softirqs(), cpus: device(machine).channelCpu()};
	};

	t.deepEqual(run(), run());
});

test('different seeds give different traffic', t => {
	const a = baseline(1);
	const b = baseline(2);
	a.advance(10_000);
	b.advance(10_000);
	t.not(stat(a, 'rx_queue_0_packets'), stat(b, 'rx_queue_0_packets'));
	t.notDeepEqual(statList(a, 'eth1'), statList(b, 'eth1'));
});

test('counters only grow between snapshots while nothing is reconfigured', t => {
	const machine = baseline(9);
	let previous = stats(machine);
	for (let now = 500; now <= 20_000; now += 500) {
		machine.advance(now);
		const current = stats(machine);
		for (const [name, count] of current) {
			t.true(count >= (previous.get(name) ?? 0n), name);
		}

		previous = current;
	}
});

test('rates vary smoothly: two consecutive seconds differ, but not wildly', t => {
	const machine = baseline(3);
	machine.advance(10_000);
	const a = queueTotals(machine);
	machine.advance(11_000);
	const b = queueTotals(machine);
	machine.advance(12_000);
	const c = queueTotals(machine);
	const first = Number(b - a);
	const second = Number(c - b);
	t.not(first, second);
	t.true(Math.abs(first - second) / first < 0.2, `${first} vs ${second}`);
	// About the configured 150k rx + 120k tx packets per second (RSC coalesces part of the rx).
	t.true(first > 150_000 && first < 300_000, `${first} packets/s`);
});

test('one step or many: the totals agree closely (closed-form rate integrals)', t => {
	const coarse = baseline(5);
	const fine = baseline(5);
	coarse.advance(30_000);
	for (let now = 100; now <= 30_000; now += 100) {
		fine.advance(now);
	}

	const a = Number(queueTotals(coarse));
	const b = Number(queueTotals(fine));
	t.true(Math.abs(a - b) / a < 0.001, `${a} vs ${b}`);
});

test('balanced: every queue of eth0 carries traffic and no error counter moves', t => {
	const machine = baseline();
	machine.advance(30_000);
	for (let q = 0; q < 8; q++) {
		t.true(stat(machine, `rx_queue_${q}_packets`) > 10_000n, `rx ${q}`);
		t.true(stat(machine, `tx_queue_${q}_packets`) > 10_000n, `tx ${q}`);
	}

	for (const name of ['tx_send_full', 'stop_queue', 'rx_comp_busy', 'rx_no_memory', 'tx_busy']) {
		t.is(stat(machine, name), 0n, name);
	}
});

test('elephant: one queue carries the elephant and its CPU nears saturation', t => {
	const machine = createMachine(scenarioSpec('elephant'), {seed: 1});
	machine.advance(20_000);
	const rx = [0, 1, 2, 3, 4, 5, 6, 7].map(q => stat(machine, `rx_queue_${q}_bytes`));
	const sorted = [...rx].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
	t.true(sorted[0]! > 3n * sorted[1]!, 'the busiest queue carries several times the next one');
	const busiest = rx.indexOf(sorted[0]!);
	const cpu = device(machine).channelCpu()[busiest]!;
	t.true(machine.cpuLoad()[cpu]!.softirq > 0.8);
	t.true(machine.softirqs()[cpu]!.squeezed > 0n);
});

test('a bulk upload (64 KB TSO skbs) the host cannot drain: the queue stops and wakes, with some tx_busy', t => {
	const elephant = scenarioSpec('elephant');
	const eth0 = elephant.devices[0]!;
	const upload = {rxPps: 12_000, txPps: 24_000, rxBytes: 66, txBytes: 65_226};
	const spec = {...elephant, devices: [{...eth0, traffic: {...eth0.traffic, elephants: [upload]}}, elephant.devices[1]!]};
	const machine = createMachine(spec, {seed: 1});
	machine.advance(20_000);
	const stops = stat(machine, 'stop_queue');
	t.true(stops > 50n, `stop_queue ${stops}`);
	t.is(stat(machine, 'wake_queue'), stops);
	t.true(stat(machine, 'tx_busy') > 0n);
	t.true(stat(machine, 'tx_busy') < stops);
	// The saturated queue sends at the host's drain rate: 1.25 GB/s.
	const bytes = [0, 1, 2, 3, 4, 5, 6, 7].map(q => stat(machine, `tx_queue_${q}_bytes`));
	const top = bytes.reduce((a, b) => (a > b ? a : b));
	t.true(top <= 25_000_000_000n && top > 24_000_000_000n, `${top}`);
	t.true(machine.softirqs().some(entry => entry.netTx > 100n), 'wake-ups raise NET_TX');
});

test('vf scenario: the VF carries almost everything, cpuN_vf_* grow on every CPU', t => {
	const machine = createMachine(scenarioSpec('vf'), {seed: 1});
	machine.advance(10_000);
	const vf = stat(machine, 'vf_rx_packets');
	t.true(vf > 10_000_000n);
	t.true(queueTotals(machine) * 200n < vf * 2n);
	for (let cpu = 0; cpu < 16; cpu++) {
		t.true(stat(machine, `cpu${cpu}_vf_rx_packets`) > 0n, `cpu${cpu}`);
	}

	// vf_rx_bytes is counted after the Ethernet header was pulled: 14 bytes less per packet than on the wire.
	t.true(stat(machine, 'vf_rx_bytes') < stat(machine, 'vf_rx_packets') * 1514n);
});

test('large: 64 channels, 64 CPUs, two NUMA nodes; counters for all 64 queues', t => {
	const machine = createMachine(scenarioSpec('large'), {seed: 1});
	const eth0 = device(machine);
	t.is(eth0.channelCpu().length, 64);
	t.is(new Set(eth0.channelCpu()).size, 64);
	t.is(statList(machine).length, 11 + 5 + (8 * 64) + (8 * 64));
	machine.advance(2000);
	t.true(stat(machine, 'rx_queue_63_packets') > 0n);
	// eth1 keeps the driver default: max(16, 32 cores / 2) = 16.
	t.is(device(machine, 'eth1').channelCpu().length, 16);
});

test('an accumulator keeps fractions and never loses or invents a packet', t => {
	const counter = createAccumulator(1);
	for (let i = 0; i < 10; i++) {
		counter.add(0, 0.25);
	}

	t.is(counter.values[0], 2n);
	counter.add(0, 0.5);
	t.is(counter.values[0], 3n);
	counter.add(0, -5);
	counter.add(0, Number.NaN);
	t.is(counter.values[0], 3n);
	counter.add(0, 2 ** 60);
	t.is(counter.values[0], 3n + (2n ** 60n));
});

test('flows are reproducible from the seed and follow the profile', t => {
	const profile = scenarioSpec('balanced').devices[0]!.traffic;
	const a = generateFlows(profile, createRandom(1));
	const b = generateFlows(profile, createRandom(1));
	t.deepEqual(a, b);
	t.is(a.count, 400);
	const rx = a.rxBase.reduce((sum, rate) => sum + rate, 0);
	t.true(Math.abs(rx - 150_000) < 1);
	t.true([...a.proto].every(proto => proto === 6 || proto === 17));
	t.true([...a.localPort].every(port => port === 443 || port === 80));
	t.not(hashValues(1, 2), hashValues(2, 1));
});

test('maxStepMs: an exporter steps once from one read to the next; the packets stay those of one-second steps', t => {
	const spec = scenarioSpec('balanced');
	const fine = createMachine(spec, {seed: 3});
	const coarse = createMachine(spec, {seed: 3, maxStepMs: Number.POSITIVE_INFINITY});
	fine.advance(15_000);
	coarse.advance(15_000);
	t.is(fine.steps, 15);
	t.is(coarse.steps, 1);
	coarse.advance(30_000);
	t.is(coarse.steps, 2);
	fine.advance(30_000);
	// The same offered load integrated over the same span: within a few percent (flows are drawn per step).
	const ratio = Number(queueTotals(coarse)) / Number(queueTotals(fine));
	t.true(ratio > 0.9 && ratio < 1.1, `coarse/fine packets ${ratio}`);
});
