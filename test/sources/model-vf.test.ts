// The model Source's VF (issue 15): snapshot.vfDevice read from the modelled
// VF, and VF changes addressed by the VF's own name (wave 15, contract 1).
import test from 'ava';
import {manaVf, mlx5Vf} from '../../source/drivers/index.js';
import {errorStatNames as manaErrorStatNames} from '../../source/drivers/mana.js';
import {createMachine, type MachineSpec} from '../../source/netvsc/index.js';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {setVfChannels} from '../../source/sources/model-vf.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import type {Result} from '../../source/types.js';
import {scenarioSpec} from '../netvsc/helpers.js';

const vfName = 'enP30832s1';

function model(scenario: string): ModelSource {
	return value(createModelSource({scenario, seed: 1}));
}

function value<T>(result: Result<T>): T {
	if (!result.ok) {
		throw new Error(`${result.error.code}: ${result.error.message}`);
	}

	return result.value;
}

const codeOf = (result: Result<unknown>): string | undefined => result.ok ? undefined : result.error.code;

async function snap(source: ModelSource, at: number, device = 'eth0'): Promise<DeviceSnapshot> {
	return value(await source.snapshot(device, at));
}

test('mana: vfDevice carries the VF\'s name, driver, epoch, settings, its 16 queues with their CPUs and its error counters', async t => {
	const source = model('mana');
	const snapshot = await snap(source, 5000);
	const vf = snapshot.vfDevice!;
	t.is(snapshot.vf, vfName);
	t.like(vf, {name: vfName, driver: 'mana', instance: 1});
	t.like(value(vf.channels), {combined: 16, maxCombined: 16});
	t.like(value(vf.rings), {rx: 1024, tx: 256, rxMax: 8192, txMax: 16_384});
	t.deepEqual(value(vf.coalesce!), {rxCqeFrames: 1, rxCqeNsecs: 0});
	t.is(vf.queues.length, 16);
	const stats = new Map(value(vf.stats));
	for (const queue of vf.queues) {
		t.is(queue.role, 'combined');
		t.is(queue.cpu, queue.index % 16);
		t.is<bigint | undefined, bigint | undefined>(queue.rxPackets, stats.get(`rx_${queue.index}_packets`));
		t.is<bigint | undefined, bigint | undefined>(queue.txBytes, stats.get(`tx_${queue.index}_bytes`));
		t.true(queue.rxPackets > 0n);
	}

	// The VF's totals are its queues' sums; netvsc's vf_* count the same packets.
	const sum = vf.queues.reduce((total, queue) => total + queue.rxPackets, 0n);
	t.is(stats.get('hc_rx_ucast_pkts'), sum);
	t.is(snapshot.vfTraffic?.rxPackets, sum);
	t.deepEqual(vf.errors.map(([name]) => name), [...manaErrorStatNames]);
	// Eth1 has no VF at all.
	const eth1 = await snap(source, 5000, 'eth1');
	t.is(eth1.vfDevice, undefined);
	t.is(eth1.vf, undefined);
});

test('mlx5: no coalescing in the snapshot, tx drops per queue (tx%_dropped), rx_out_of_buffer among the errors', async t => {
	const source = model('mlx5');
	const vf = (await snap(source, 3000)).vfDevice!;
	t.is(vf.driver, 'mlx5_core');
	t.is(vf.coalesce, undefined);
	t.is(vf.queues.length, 8);
	t.is(vf.queues[3]!.txDrops, 0n);
	t.is(vf.queues[3]!.cpu, 3);
	t.true(vf.errors.some(([name]) => name === 'rx_out_of_buffer'));
	t.is(codeOf(await source.setCoalesce(vfName, {rxCqeFrames: 4}, 4000)), 'EOPNOTSUPP');
});

test('the vf scenario and the older ones have no vfDevice (their output stays as recorded)', async t => {
	for (const scenario of ['vf', 'balanced']) {
		const source = model(scenario);
		for (const device of source.machine.devices()) {
			// Snapshots of one source in order: each advances the same machine.
			// eslint-disable-next-line no-await-in-loop
			t.is((await snap(source, 2000, device)).vfDevice, undefined, `${scenario} ${device}`);
		}
	}
});

test('servicing: no vfDevice and no vf while the VF is away; back with a new instance, default settings, and the lost settings told', async t => {
	const source = model('servicing');
	const before = (await snap(source, 9000)).vfDevice!;
	t.is(before.instance, 1);
	t.is(value(before.channels).combined, 4);
	const away = await snap(source, 15_000);
	t.is(away.vfDevice, undefined);
	t.is(away.vf, undefined);
	t.is(codeOf(await source.setChannels(vfName, {combined: 2}, 15_500)), 'ENODEV');
	const back = await snap(source, 25_000);
	t.is(back.vf, vfName);
	t.is(back.vfDevice!.instance, 2);
	t.is(value(back.vfDevice!.channels).combined, 8);
	t.deepEqual(value(source.machine.device('eth0')).vfServicing().map(event => [event.kind, event.lost]), [
		['removed', ['channels']],
		['added', ['channels']],
	]);
});

test('setChannels on the VF\'s name: the VF changes (not netvsc), bounded by the vCPUs; MANA re-creates its queues', async t => {
	const source = model('mana');
	const before = await snap(source, 5000);
	t.is(codeOf(await source.setChannels(vfName, {combined: 17}, 5000)), 'EINVAL');
	t.like(value(await source.setChannels(vfName, {combined: 8}, 5000)), {combined: 8, maxCombined: 16});
	const after = await snap(source, 5000);
	t.is(after.vfDevice!.queues.length, 8);
	t.is(after.vfDevice!.instance, before.vfDevice!.instance);
	// The queues restarted: nothing counted yet at the same instant; the device totals kept.
	t.true(after.vfDevice!.queues.every(queue => queue.rxPackets === 0n));
	t.is(new Map(value(after.vfDevice!.stats)).get('hc_rx_ucast_pkts'), new Map(value(before.vfDevice!.stats)).get('hc_rx_ucast_pkts'));
	t.deepEqual(value(after.channels), value(before.channels));
	// A later snapshot spreads the VF's traffic on the 8 queues only.
	const later = await snap(source, 8000);
	t.true(later.vfDevice!.queues.every(queue => queue.rxPackets > 0n));
	t.is(codeOf(await source.setChannels('enP9s9', {combined: 2}, 8000)), 'ENODEV');
});

test('MANA channels: at most 64 even with more vCPUs; -EBUSY while RDMA holds the port that is down', t => {
	const mana = scenarioSpec('mana');
	const big: MachineSpec = {...mana, vcpus: 96, cores: 48};
	const machine = createMachine(big, {seed: 1});
	const vf = machine.vfByName(vfName)!.vf;
	t.is(vf.settings.maxChannels, manaVf.hwMaxChannels);
	t.is(codeOf(setVfChannels(machine, vfName, {combined: 65}, 1000)), 'EINVAL');
	t.is(value(setVfChannels(machine, vfName, {combined: 64}, 1000)).combined, 64);
	vf.setPort({rdmaHoldsPort: true, portUp: false});
	t.is(codeOf(setVfChannels(machine, vfName, {combined: 32}, 2000)), 'EBUSY');
	t.is(vf.settings.channels, 64);
});

test('setRings on the VF\'s name: rounded up to a power of two, the driver\'s minimum and maximum', async t => {
	const source = model('mana');
	t.like(value(await source.setRings(vfName, {rx: 1000, tx: 200}, 1000)), {rx: 1024, tx: 256});
	t.like(value(await source.setRings(vfName, {rx: 3000}, 1000)), {rx: 4096, tx: 256});
	t.is(codeOf(await source.setRings(vfName, {rx: 100}, 1000)), 'EINVAL');
	t.is(codeOf(await source.setRings(vfName, {rx: 16_384}, 1000)), 'EINVAL');
	t.like(value((await snap(source, 1000)).vfDevice!.rings), {rx: 4096});
	// Netvsc's own rings are untouched.
	t.deepEqual(value((await snap(source, 1000)).rings), value((await snap(model('mana'), 1000)).rings));
	const mlx5 = model('mlx5');
	t.like(value(await mlx5.setRings(vfName, {rx: 17, tx: 65}, 1000)), {rx: 32, tx: 128});
	t.is(codeOf(await mlx5.setRings(vfName, {rx: mlx5Vf.rxRing.min - 1}, 1000)), 'EINVAL');
});

test('setCoalesce: MANA\'s rx-cqe-frames 1 or 4 on the VF; EOPNOTSUPP on the netvsc device; ENODEV on no device', async t => {
	const source = model('mana');
	t.deepEqual(value(await source.setCoalesce(vfName, {rxCqeFrames: 4}, 1000)), {rxCqeFrames: 4, rxCqeNsecs: 2048});
	t.deepEqual(value((await snap(source, 1000)).vfDevice!.coalesce!), {rxCqeFrames: 4, rxCqeNsecs: 2048});
	t.is(codeOf(await source.setCoalesce(vfName, {rxCqeFrames: 2}, 1000)), 'EINVAL');
	t.is(codeOf(await source.setCoalesce('eth0', {rxCqeFrames: 4}, 1000)), 'EOPNOTSUPP');
	t.is(codeOf(await source.setCoalesce('nope0', {rxCqeFrames: 4}, 1000)), 'ENODEV');
});

test('vf-rx-drops: hc_rx_discards_no_wqe rises from snapshot to snapshot among the VF\'s errors', async t => {
	const source = model('vf-rx-drops');
	const drops: bigint[] = [];
	for (const at of [1000, 2000, 3000]) {
		// Snapshots in time order: each advances the machine.
		// eslint-disable-next-line no-await-in-loop
		const errors = new Map((await snap(source, at)).vfDevice!.errors);
		drops.push(errors.get('hc_rx_discards_no_wqe')!);
	}

	t.true(drops[0]! > 0n && drops[1]! > drops[0]! && drops[2]! > drops[1]!, drops.join(' → '));
	// A bigger ring through the Source ends it: MANA's queues restart, the hardware counter stops.
	value(await source.setRings(vfName, {rx: 1024}, 3000));
	const stopped = new Map((await snap(source, 6000)).vfDevice!.errors).get('hc_rx_discards_no_wqe');
	t.is(stopped, drops[2]);
});
