import test from 'ava';
import type {AdviceInput} from '../../source/advice/index.js';
import {vfFewChannels, vfFewChannelsId} from '../../source/advice/rules/vf-channels.js';
import type {CpuRates} from '../../source/stats/index.js';
import type {VfQueueRates} from '../../source/stats/rates.js';
import {adviceOn, everyCase} from './helpers.js';
import {mlx5Vf, vfDevice, vfQueue, vfRates, withVf, type VfSetup} from './vf-fixtures.js';

const idleCpu = (cpu: number): CpuRates => ({
	cpu, rxPps: 0, rxBps: 0, txPps: 0, txBps: 0, vfRxPps: 0, vfTxPps: 0, queues: [], netRxPerSec: 0, netTxPerSec: 0, dropsPerSec: 0, squeezesPerSec: 0,
});

/** `count` CPUs, the given ones squeezing (and dropping) as said. */
function cpus(count: number, busy: Record<number, {squeezes: number; drops?: number}>): CpuRates[] {
	return Array.from({length: count}, (_, cpu) => ({...idleCpu(cpu), squeezesPerSec: busy[cpu]?.squeezes ?? 0, dropsPerSec: busy[cpu]?.drops ?? 0}));
}

/** Four VF queues on CPUs 0–3, each receiving 300k pps unless told. */
const fourQueues = (rx: Partial<Record<number, number>> = {}): VfQueueRates[] =>
	[0, 1, 2, 3].map(index => vfQueue({index, cpu: index, rxPps: rx[index] ?? 3e5}));

async function inputWith(setup: VfSetup, queues: readonly VfQueueRates[], cpuRates: readonly CpuRates[], vcpus = 16, extra: {replaced?: boolean} = {}): Promise<AdviceInput> {
	const device = vfDevice(setup);
	const input = await withVf(device, vfRates(device, {queues, ...extra}));
	return {...input, snapshot: {...input.snapshot, vcpus}, rates: {...input.rates, cpus: cpuRates}};
}

test('vf-few-channels: 4 mana channels on 16 vCPUs, VF queue 2\'s CPU saturated → the driver default 16, with ethtool -L on the VF', async t => {
	const advice = vfFewChannels(await inputWith({combined: 4}, fourQueues({2: 4e5}), cpus(16, {2: {squeezes: 120}})));
	t.is(advice?.id, vfFewChannelsId);
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'VF channels 4 < 16 vCPUs while VF queue 2 is saturated');
	const reason = advice?.reason ?? '';
	t.true(reason.startsWith('enP30832s1 queue 2\'s CPU 2 is saturated (inferred: 120 squeezes/s) carrying 30.8% of the VF\'s rx (400k pps) while 12 vCPUs serve no VF queue.'), reason);
	t.true(reason.includes('Only 4 of 16 possible VF channels are in use; mana\'s default is 16 (include/net/mana/mana.h)'), reason);
	t.true(reason.includes('`ethtool -L enP30832s1 combined 16`'), reason);
	t.true(reason.includes('EBUSY while RDMA holds the port'), reason);
	t.deepEqual(advice?.suggestion, {kind: 'vf-channels', value: 16}, 'the VF channels dialog (C), not the synthetic one');
});

test('vf-few-channels: drops on the saturated CPU make it an alert', async t => {
	const advice = vfFewChannels(await inputWith({combined: 4}, fourQueues(), cpus(16, {1: {squeezes: 10, drops: 40}})));
	t.is(advice?.severity, 'alert');
	t.regex(advice?.reason ?? '', /CPU 1 is saturated \(inferred: 10 squeezes\/s, 40 drops\/s\)/);
});

test('vf-few-channels: past the driver default it doubles, up to the vCPUs', async t => {
	const queues = Array.from({length: 16}, (_, index) => vfQueue({index, cpu: index, rxPps: 1e5}));
	const advice = vfFewChannels(await inputWith({combined: 16, maxCombined: 32}, queues, cpus(32, {3: {squeezes: 80}}), 32));
	t.is(advice?.title, 'VF channels 16 < 32 vCPUs while VF queue 3 is saturated');
	t.true(advice?.reason.includes('combined 32`'));
	// Mlx5 probes with min(64, what the VF offers) = 24 here: below that, its default is the step.
	const mlx5 = vfFewChannels(await inputWith({facts: mlx5Vf, combined: 16, maxCombined: 24}, queues, cpus(32, {3: {squeezes: 80}}), 32));
	t.is(mlx5?.title, 'VF channels 16 < max 24 while VF queue 3 is saturated');
	t.true(mlx5?.reason.includes('`ethtool -L enP30832s1 combined 24`'));
	t.deepEqual(mlx5?.suggestion, {kind: 'vf-channels', value: 24});
	t.false(mlx5?.reason.includes('EBUSY'), 'mlx5 has no RDMA busy case');
});

test('vf-few-channels: silent when all channels are in use, on one hot flow, without spare CPUs, or without load', async t => {
	const busy = cpus(16, {2: {squeezes: 120}});
	t.is(vfFewChannels(await inputWith({combined: 16}, fourQueues(), busy)), undefined, 'at the vCPUs');
	t.is(vfFewChannels(await inputWith({combined: 4}, fourQueues({2: 1e6, 0: 1e5, 1: 1e5, 3: 1e5}), busy)), undefined, 'one flow: 10× the others');
	t.is(vfFewChannels(await inputWith({combined: 4}, fourQueues(), cpus(4, {2: {squeezes: 120}}), 16)), undefined, 'no CPU left without a VF queue');
	t.is(vfFewChannels(await inputWith({combined: 4}, fourQueues(), cpus(16, {}))), undefined, 'nothing saturated');
	t.is(vfFewChannels(await inputWith({combined: 4}, fourQueues({0: 100, 1: 100, 2: 100, 3: 100}), busy)), undefined, 'below 1000 pps');
	const txOnly = fourQueues().map(q => (q.index === 2 ? {...q, role: 'tx' as const} : q));
	t.is(vfFewChannels(await inputWith({combined: 4}, txOnly, busy)), undefined, 'a tx queue\'s CPU is not a receive bottleneck');
	const noCpu = fourQueues().map(q => ({...q, cpu: undefined}));
	t.is(vfFewChannels(await inputWith({combined: 4}, noCpu, busy)), undefined, 'VF queue CPUs unknown');
	t.is(vfFewChannels(await inputWith({combined: 4}, fourQueues(), busy, 16, {replaced: true})), undefined, 'a VF replaced by servicing');
});

test('vf-few-channels: silent on every plain scenario (no VF read there)', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, vfFewChannels)) {
		t.is(result, undefined, name);
	}
});
