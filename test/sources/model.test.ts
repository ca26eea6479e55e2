import test from 'ava';
import {createModelSource, modelLabel, scenarioDescriptions, scenarioNames, type ModelSource} from '../../source/sources/model.js';
import {splitCounters} from '../../source/sources/counters.js';
import type {Result} from '../../source/types.js';

function value<T>(result: Result<T>): T {
	if (!result.ok) {
		throw new Error(`${result.error.code}: ${result.error.message}`);
	}

	return result.value;
}

const open = (options: Parameters<typeof createModelSource>[0] = {}): ModelSource => value(createModelSource(options));

test('defaults: kind model, the no-device label, the balanced scenario', async t => {
	const source = open();
	t.is(source.kind, 'model');
	t.is(source.label, modelLabel);
	t.is(source.label, 'MODEL — no hv_netvsc device found');
	t.is(source.scenario.name, 'balanced');
	t.is(source.scenario.description, scenarioDescriptions()['balanced'] ?? 'missing');
	t.deepEqual(await source.devices(), ['eth0', 'eth1']);
	t.is(open({label: 'MODEL (vf, --model)'}).label, 'MODEL (vf, --model)');
	await source.close();
});

test('an unknown scenario is a Result error listing the valid names', t => {
	const result = createModelSource({scenario: 'nope'});
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.error.code, 'EINVAL');
		for (const name of scenarioNames()) {
			t.true(result.error.message.includes(name));
		}
	}
});

test('a snapshot advances the model to now and splits the counters', async t => {
	const source = open({seed: 3});
	const first = value(await source.snapshot('eth0', 0));
	const later = value(await source.snapshot('eth0', 5000));
	t.is(first.at, 0);
	t.is(later.at, 5000);
	t.is(later.name, 'eth0');
	t.is(later.vcpus, 8);
	t.is(value(later.info).driver, 'hv_netvsc');
	t.is(value(later.channels).combined, 8);
	t.is(value(later.rings).rx, 9709);
	t.is(value(later.rss).table.length, 128);
	t.true(value(later.features).some(feature => feature.name === 'large-receive-offload'));
	const stats = value(later.stats);
	t.is(stats.length, 144);
	t.deepEqual(later.queues, splitCounters(stats).queues);
	t.is(later.queues.length, 8);
	t.is(later.cpus.length, 8);
	t.is(later.errors.length, 11);
	t.deepEqual(later.channelCpu, [0, 2, 3, 4, 5, 6, 7, 1]);
	t.is(later.softirqs.length, 8);
	t.true(later.softirqs[0]!.netRx > 0n);
	t.is(later.epoch, 0);
	t.true(later.link.up);
	t.true(later.link.carrier);
	t.is(later.link.speedMbps, 10_000);
	t.is(later.vf, undefined);
	t.true(later.queues[0]!.rxPackets > first.queues[0]!.rxPackets);
	t.is(first.queues[0]!.rxPackets, 0n);
});

test('the VF device reports its VF and VF traffic', async t => {
	const snapshot = value(await open().snapshot('eth1', 3000));
	t.is(snapshot.vf, 'enP30832s1');
	t.true(snapshot.vfTraffic!.rxPackets > 0n);
	t.is(snapshot.link.speedMbps, 50_000);
});

test('setChannels re-creates the queues: epoch 1, four queues from zero, carrier off for the change', async t => {
	const source = open({changeDurationMs: 500});
	await source.snapshot('eth0', 10_000);
	const channels = value(await source.setChannels('eth0', {combined: 4}, 10_000));
	t.is(channels.combined, 4);
	const during = value(await source.snapshot('eth0', 10_200));
	t.false(during.link.carrier);
	t.is(during.epoch, 1);
	t.is(during.queues.length, 4);
	t.true(during.queues.every(queue => queue.rxPackets === 0n && queue.txPackets === 0n));
	const after = value(await source.snapshot('eth0', 12_000));
	t.true(after.link.carrier);
	t.true(after.queues[3]!.rxPackets > 0n);
});

test('setRings goes through the model (clamp and errors as data)', async t => {
	const source = open();
	t.is(value(await source.setRings('eth0', {tx: 5}, 0)).tx, 10);
	const refused = await source.setRings('eth0', {rx: 20_000}, 0);
	t.false(refused.ok);
	if (!refused.ok) {
		t.is(refused.error.message, 'requested ring size exceeds maximum');
	}
});

test('unknown device → ENODEV "no such device: X" from every operation', async t => {
	const source = open();
	for (const result of [
		await source.snapshot('eth9', 0),
		await source.setChannels('eth9', {combined: 2}, 0),
		await source.setRings('eth9', {rx: 100}, 0),
		source.injectFault('eth9', {kind: 'refuse-subchannels'}),
		source.clearFaults('eth9'),
	]) {
		t.false(result.ok);
		if (!result.ok) {
			t.is(result.error.code, 'ENODEV');
			t.is(result.error.message, 'no such device: eth9');
		}
	}
});

test('injectFault: a detached device still snapshots, with ENODEV inside and no counters', async t => {
	const source = open();
	value(source.injectFault('eth0', {kind: 'attach-and-restore-fail'}));
	const failed = await source.setChannels('eth0', {combined: 2}, 1000);
	t.false(failed.ok);
	const snapshot = value(await source.snapshot('eth0', 2000));
	t.false(snapshot.stats.ok);
	t.false(snapshot.channels.ok);
	if (!snapshot.channels.ok) {
		t.is(snapshot.channels.error.code, 'ENODEV');
	}

	t.deepEqual(snapshot.queues, []);
	t.deepEqual(snapshot.channelCpu, []);
	t.false(snapshot.link.carrier);
	t.deepEqual(await source.devices(), ['eth0', 'eth1']);
});

test('persistent grant-fewer through the source', async t => {
	const source = open();
	value(source.injectFault('eth0', {kind: 'grant-fewer', subChannels: 2}, {persistent: true}));
	t.is(value(await source.setChannels('eth0', {combined: 6}, 0)).combined, 3);
	t.is(value(await source.setChannels('eth0', {combined: 5}, 1000)).combined, 3);
	value(source.clearFaults('eth0'));
	t.is(value(await source.setChannels('eth0', {combined: 5}, 2000)).combined, 5);
});

test('same seed, same snapshots; the CPU load is exposed', async t => {
	const a = open({seed: 9, scenario: 'elephant'});
	const b = open({seed: 9, scenario: 'elephant'});
	const snapA = value(await a.snapshot('eth0', 4000));
	const snapB = value(await b.snapshot('eth0', 4000));
	t.deepEqual(snapA, snapB);
	t.is(a.cpuLoad().length, 8);
	t.true(a.cpuLoad().some(load => load.softirq > 0.8));
});
