import test from 'ava';
import {createMachine} from '../../source/netvsc/index.js';
import {baseline, device, failsWith, scenarioSpec, stats, value} from './helpers.js';

test('§13.24 writing CPU 5 to queue 2 moves its synthetic history from its old cpuN_* to cpu5_*', t => {
	const machine = baseline();
	machine.advance(10_000);
	const eth0 = device(machine);
	const oldCpu = eth0.channelCpu()[2]!;
	t.not(oldCpu, 5);
	const before = stats(machine);
	const queue2 = before.get('rx_queue_2_packets')!;
	t.true(queue2 > 0n);

	t.is(value(machine.writeChannelCpu('eth0', 2, '5', 10_000)), 5);
	t.is(eth0.channelCpu()[2], 5);
	const after = stats(machine);
	t.is(after.get('rx_queue_2_packets'), queue2, 'per-queue counters are not reset');
	t.is(after.get(`cpu${oldCpu}_rx_packets`), before.get(`cpu${oldCpu}_rx_packets`)! - queue2);
	t.is(after.get('cpu5_rx_packets'), before.get('cpu5_rx_packets')! + queue2);
	t.is(eth0.epoch, 0);
});

test('§13.24 writing an offline CPU → EINVAL, "abc" → EIO, a pre-WIN10 v4.1 host → EIO', t => {
	const spec = scenarioSpec('balanced');
	const machine = createMachine({...spec, offlineCpus: [7]}, {seed: 1});
	failsWith(t, machine.writeChannelCpu('eth0', 2, '7', 0), 'EINVAL');
	failsWith(t, machine.writeChannelCpu('eth0', 2, 'abc', 0), 'EIO');
	failsWith(t, machine.writeChannelCpu('eth0', 2, '64', 0), 'EINVAL');
	failsWith(t, machine.writeChannelCpu('eth0', 9, '1', 0), 'EIO');
	const same = device(machine).channelCpu()[2]!;
	t.is(value(machine.writeChannelCpu('eth0', 2, `${same}\n`, 0)), same);

	const old = createMachine({...spec, host: {...spec.host, targetCpuWritable: false}}, {seed: 1});
	failsWith(t, old.writeChannelCpu('eth0', 2, '5', 0), 'EIO');
});

test('§13.25 an unchanged -L keeps the manual CPU; -L 7 then 8 re-creates sub-channels and loses it; the primary keeps its CPU', t => {
	const machine = baseline();
	const eth0 = device(machine);
	const primary = eth0.channelCpu()[0];
	value(machine.writeChannelCpu('eth0', 2, '5', 0));
	value(machine.setChannels('eth0', {combined: 8}, 1000));
	t.is(eth0.channelCpu()[2], 5);
	value(machine.setChannels('eth0', {combined: 7}, 2000));
	value(machine.setChannels('eth0', {combined: 8}, 3000));
	const cpus = eth0.channelCpu();
	t.is(cpus.length, 8);
	t.is(cpus[0], primary);
	t.not(cpus[2], 5);
	t.is(eth0.epoch, 2);
});

test('re-created sub-channels release their CPUs and take fresh ones from the allocator', t => {
	const machine = baseline();
	const allocator = machine.allocator();
	// CPU 5 carries eth0 sub-channel 4 and eth1 sub-channel 4 at boot.
	t.is(allocator.channelsOn(5), 2);
	value(machine.setChannels('eth0', {combined: 2}, 0));
	t.is(allocator.channelsOn(5), 1);
	const total = [0, 1, 2, 3, 4, 5, 6, 7].reduce((sum, cpu) => sum + allocator.channelsOn(cpu), 0);
	t.is(total, 2 + 8, 'eth0 primary + 1 sub-channel, eth1 all 8');
});

test('queues whose CPU is saturated lose traffic and the CPU squeezes (few-channels)', t => {
	const machine = createMachine(scenarioSpec('few-channels'), {seed: 5});
	machine.advance(10_000);
	const load = machine.cpuLoad();
	const cpus = device(machine).channelCpu();
	t.is(cpus.length, 2);
	for (const cpu of cpus) {
		t.true(load[cpu]!.softirq > 0.9, `cpu${cpu} load ${load[cpu]!.softirq}`);
		t.true(machine.softirqs()[cpu]!.squeezed > 0n);
	}

	const idle = load.filter(entry => !cpus.includes(entry.cpu));
	t.true(idle.every(entry => entry.softirq < 0.2));
	t.true(machine.softirqs().filter(entry => !cpus.includes(entry.cpu)).every(entry => entry.squeezed === 0n));
	t.true(machine.softirqs().every(entry => entry.netRx > 0n));
});
