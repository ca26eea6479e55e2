// The live source reading and tuning the VF of a netvsc device (issue 15), on a
// synthetic Azure guest (test/helpers/synthetic-netvsc.ts with realVf): a
// 16-vCPU VM whose eth0 has a mana VF, its vectors in /proc/interrupts, and a
// stand-in ethtool answering as mana does.
import test from 'ava';
import {manaVf} from '../../source/drivers/index.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import type {Source} from '../../source/sources/source.js';
import type {Result, VfDeviceSnapshot} from '../../source/types.js';
import {createSyntheticNetvsc, type SyntheticMachine, type SyntheticOptions} from '../helpers/synthetic-netvsc.js';

const vf = 'enP30832s1';
const manaGuest: SyntheticOptions = {
	vcpus: 16,
	nics: [
		{name: 'eth0', channels: 8, maxChannels: 8, vf, vfDriver: 'mana', realVf: true},
		{name: 'eth1', channels: 4, maxChannels: 8, primaryCpu: 3},
	],
};

async function setup(t: {teardown(fn: () => void | Promise<void>): void}, options: SyntheticOptions = manaGuest): Promise<{machine: SyntheticMachine; source: Source}> {
	const machine = createSyntheticNetvsc(options);
	t.teardown(() => {
		machine.cleanup();
	});
	const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
	if (!created.ok) {
		throw new Error(created.error.message);
	}

	t.teardown(async () => created.value.close());
	return {machine, source: created.value};
}

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) {
		throw new Error(`${result.error.code}: ${result.error.message}`);
	}

	return result.value;
}

const errorCode = (result: Result<unknown>): string => (result.ok ? 'ok' : result.error.code);

async function vfOf(source: Source, now: number): Promise<VfDeviceSnapshot> {
	const snap = unwrap(await source.snapshot('eth0', now));
	if (snap.vfDevice === undefined) {
		throw new Error('eth0 has no vfDevice');
	}

	return snap.vfDevice;
}

const vfIfindex = (machine: SyntheticMachine): number => (machine.state().devices[vf] as {ifindex: number}).ifindex;

test.serial('vfDevice: mana channels, rings and CQE coalescing; queues combined with their CPUs; counters exact', async t => {
	const {machine, source} = await setup(t);
	const big = (1n << 62n) + 12_345n;
	machine.addVfQueueTraffic(vf, 3, {rxPackets: 800, rxBytes: big, txPackets: 16, txBytes: 1600});
	machine.setVfIrqCpu(vf, 5, 11);
	machine.setVfCounter(vf, 'hc_rx_discards_no_wqe', 42);

	const snap = unwrap(await source.snapshot('eth0', 1000));
	t.is(snap.vf, vf);
	const device = snap.vfDevice!;
	t.like(device, {name: vf, driver: 'mana', instance: vfIfindex(machine)});
	// 16 vCPUs: MANA_DEF_NUM_QUEUES 16 of min(64, vCPUs); rings 1024/256 of 8192/16384.
	t.like(unwrap(device.channels), {combined: 16, maxCombined: 16, rx: 0, tx: 0});
	t.like(unwrap(device.rings), {rx: manaVf.rxRing.default, tx: manaVf.txRing.default, rxMax: 8192, txMax: 16_384, unit: 'descriptors'});
	t.deepEqual(unwrap(device.coalesce!), {rxCqeFrames: 1, rxCqeNsecs: 0});

	t.deepEqual(device.queues.map(queue => queue.index), Array.from({length: 16}, (_, i) => i));
	t.true(device.queues.every(queue => queue.role === 'combined'));
	t.deepEqual(device.queues.map(queue => queue.cpu), [0, 1, 2, 3, 4, 11, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
	t.deepEqual(device.queues[3], {index: 3, role: 'combined', rxPackets: 800n, rxBytes: big, txPackets: 16n, txBytes: 1600n, cpu: 3, interrupts: 103n});
	t.is(device.queues[0]!.interrupts, 0n);
	t.deepEqual(device.errors.find(([name]) => name === 'hc_rx_discards_no_wqe'), ['hc_rx_discards_no_wqe', 42n]);
	t.false(device.errors.some(([name]) => name === 'hc_rx_bytes' || /^(?:rx|tx)_\d+_/.test(name)), 'traffic counters are not errors');
	t.true(unwrap(device.stats).some(([name, value]) => name === 'hc_rx_bytes' && value === big));
	// The netvsc device's own view is unchanged: its vf_* totals carry the VF's traffic.
	t.is(snap.vfTraffic?.rxPackets, 800n);
	t.is(unwrap(await source.snapshot('eth1', 1000)).vfDevice, undefined, 'no VF, no vfDevice');
});

test.serial('the VF is read with its device: -S every poll, -l -g -x -c at start, after refreshMs, not in between', async t => {
	const machine = createSyntheticNetvsc(manaGuest);
	t.teardown(() => {
		machine.cleanup();
	});
	const source = unwrap(await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, refreshMs: 30_000}));
	t.teardown(async () => source.close());
	await source.snapshot('eth0', 0);
	const vfCalls = () => machine.calls().filter(call => call.endsWith(vf)).sort();
	t.deepEqual(vfCalls(), [`-S ${vf}`, `-c ${vf}`, `-g ${vf}`, `-l ${vf}`, `-x ${vf}`]);
	machine.clearCalls();
	await source.snapshot('eth0', 1000);
	await source.snapshot('eth0', 2000);
	t.deepEqual(vfCalls(), [`-S ${vf}`, `-S ${vf}`]);
	machine.clearCalls();
	await source.snapshot('eth0', 31_000);
	t.deepEqual(vfCalls(), [`-S ${vf}`, `-c ${vf}`, `-g ${vf}`, `-l ${vf}`, `-x ${vf}`]);
	// The device list keeps the VF's reads (it is eth0's, not a device of its own).
	t.deepEqual(await source.devices(), ['eth0', 'eth1']);
	machine.clearCalls();
	await source.snapshot('eth0', 32_000);
	t.deepEqual(vfCalls(), [`-S ${vf}`]);
});

test.serial('setChannels, setRings and setCoalesce on the VF name act on the VF, with read-back', async t => {
	const {machine, source} = await setup(t);
	await source.snapshot('eth0', 0);
	machine.clearCalls();

	t.like(unwrap(await source.setChannels(vf, {combined: 8}, 100)), {combined: 8, maxCombined: 16});
	t.deepEqual(machine.calls(), [`-l ${vf}`, `-L ${vf} combined 8`, `-l ${vf}`]);
	machine.clearCalls();

	// MANA rounds a ring up to a power of two: the read-back, not the request, is the answer.
	t.like(unwrap(await source.setRings(vf, {rx: 3000}, 200)), {rx: 4096, tx: 256});
	t.deepEqual(machine.calls(), [`-g ${vf}`, `-G ${vf} rx 3000`, `-g ${vf}`]);
	machine.clearCalls();

	t.deepEqual(unwrap(await source.setCoalesce(vf, {rxCqeFrames: 4}, 300)), {rxCqeFrames: 4, rxCqeNsecs: 2048});
	t.deepEqual(machine.calls(), [`-c ${vf}`, `-C ${vf} rx-cqe-frames 4`, `-c ${vf}`]);

	// A request that changes nothing writes nothing.
	machine.clearCalls();
	t.like(unwrap(await source.setCoalesce(vf, {rxCqeFrames: 4}, 400)), {rxCqeFrames: 4});
	t.deepEqual(machine.calls(), [`-c ${vf}`]);

	// The driver's refusals come back as its errors; nothing else changed.
	t.is(errorCode(await source.setCoalesce(vf, {rxCqeFrames: 2}, 500)), 'EINVAL');
	t.is(errorCode(await source.setRings(vf, {rx: 64}, 500)), 'EINVAL');
	t.is(errorCode(await source.setChannels(vf, {combined: 17}, 500)), 'EINVAL');

	// The next snapshot shows what the read-backs said; the netvsc device is untouched.
	const snap = unwrap(await source.snapshot('eth0', 1000));
	t.like(unwrap(snap.vfDevice!.channels), {combined: 8});
	t.like(unwrap(snap.vfDevice!.rings), {rx: 4096});
	t.deepEqual(unwrap(snap.vfDevice!.coalesce!), {rxCqeFrames: 4, rxCqeNsecs: 2048});
	t.is(snap.vfDevice!.queues.length, 8);
	t.like(unwrap(snap.channels), {combined: 8});
	t.like(unwrap(snap.rings), {rx: 9362});
});

test.serial('a name that is neither a watched device nor the VF of one is ENODEV; coalescing on netvsc is EOPNOTSUPP', async t => {
	const {machine, source} = await setup(t);
	for (const name of ['eth7', 'lo']) {
		// eslint-disable-next-line no-await-in-loop
		t.is(errorCode(await source.setChannels(name, {combined: 2}, 0)), 'ENODEV', name);
		// eslint-disable-next-line no-await-in-loop
		t.is(errorCode(await source.setCoalesce(name, {rxCqeFrames: 4}, 0)), 'ENODEV', name);
	}

	t.deepEqual(machine.calls(), []);
	t.is(errorCode(await source.setCoalesce('eth0', {rxCqeFrames: 4}, 0)), 'EOPNOTSUPP');
	t.deepEqual(machine.calls(), ['-c eth0'], 'refused at the read, nothing written');
	t.is(errorCode(await source.setCoalesce(vf, {rxCqeFrames: 1.5}, 0)), 'EINVAL');

	// The VF away (servicing): its name is no device this source may change.
	machine.removeDevice(vf);
	t.is(errorCode(await source.setRings(vf, {rx: 2048}, 0)), 'ENODEV');
});

test.serial('the VF vanishing mid-run: vfDevice and vf absent, eth0 still read, no error; back with a new instance and defaults', async t => {
	const {machine, source} = await setup(t);
	const first = await vfOf(source, 0);
	unwrap(await source.setChannels(vf, {combined: 4}, 10));
	unwrap(await source.setRings(vf, {rx: 2048}, 20));
	machine.addQueueTraffic('eth0', 2, {rxPackets: 10});

	machine.removeDevice(vf);
	machine.clearCalls();
	// What a pending VF change's guard asks to tell "gone" and "a new VF" apart.
	t.is(await source.needs.readIfindex!(vf), undefined);
	for (const now of [1000, 2000]) {
		// eslint-disable-next-line no-await-in-loop
		const away = unwrap(await source.snapshot('eth0', now));
		t.is(away.vfDevice, undefined);
		t.is(away.vf, undefined);
		t.true(away.stats.ok);
		t.is(away.queues[2]!.rxPackets, 10n, 'the synthetic path is still read');
	}

	t.false(machine.calls().some(call => call.endsWith(vf)), 'no ethtool call on a VF that is not there');

	machine.restoreDevice(vf);
	machine.addVfQueueTraffic(vf, 0, {rxPackets: 5});
	const back = await vfOf(source, 3000);
	t.not(back.instance, first.instance);
	t.is(back.instance, vfIfindex(machine));
	t.is(await source.needs.readIfindex!(vf), back.instance);
	t.like(unwrap(back.channels), {combined: 16}, 'a new VF comes with the driver\'s defaults');
	t.like(unwrap(back.rings), {rx: 1024, tx: 256});
	t.is(back.queues.length, 16);
	t.is(back.queues[0]!.rxPackets, 5n);
	t.like(unwrap(await source.setRings(vf, {rx: 4096}, 3100)), {rx: 4096}, 'the new VF can be tuned');
});

test.serial('VF channels changed behind our back (another terminal) are noticed at the next poll', async t => {
	const {machine, source} = await setup(t);
	t.like(unwrap((await vfOf(source, 0)).channels), {combined: 16});
	const {spawnSync} = await import('node:child_process');
	t.is(spawnSync(machine.ethtool, ['-L', vf, 'combined', '6']).status, 0);
	machine.clearCalls();
	const after = await vfOf(source, 1000);
	t.is(after.queues.length, 6);
	t.like(unwrap(after.channels), {combined: 6}, 'a new set of queue names re-reads -l -g -c now, not in 60 s');
	t.true(machine.calls().includes(`-l ${vf}`));
	t.false(machine.calls().includes('-l eth0'), 'eth0 itself did not change');
});

test.serial('per-panel failures on the VF leave the rest working', async t => {
	const {machine, source} = await setup(t);
	machine.setBehaviour(vf, '-c', 'eopnotsupp');
	machine.setBehaviour(vf, '-g', 'garbage');
	const device = await vfOf(source, 0);
	t.is(errorCode(device.coalesce!), 'EOPNOTSUPP');
	t.is(errorCode(device.rings), 'EPARSE');
	t.like(unwrap(device.channels), {combined: 16});
	t.is(device.queues.length, 16);

	machine.setBehaviour(vf, '-S', 'garbage');
	machine.setBehaviour(vf, '-g', undefined);
	const noStats = await vfOf(source, 61_000);
	t.is(errorCode(noStats.stats), 'EPARSE');
	t.deepEqual(noStats.queues, []);
	t.deepEqual(noStats.errors, []);
	t.like(unwrap(noStats.rings), {rx: 1024}, 'an unreadable panel is read again after refreshMs');
});

test.serial('mlx5_core VF: rxN/txN queues, no -c read, rx_out_of_buffer among its errors', async t => {
	const {machine, source} = await setup(t, {vcpus: 4, nics: [{name: 'eth0', channels: 4, maxChannels: 4, vf, vfDriver: 'mlx5_core', realVf: true}]});
	machine.addVfQueueTraffic(vf, 1, {txPackets: 9, txBytes: 900});
	machine.setVfCounter(vf, 'rx_out_of_buffer', 7);
	const device = await vfOf(source, 0);
	t.like(device, {driver: 'mlx5_core'});
	t.is(device.coalesce, undefined);
	t.false(machine.calls().includes(`-c ${vf}`));
	t.like(unwrap(device.channels), {combined: 4, maxCombined: 4});
	t.deepEqual(device.queues.map(queue => [queue.index, queue.role, queue.cpu]), [[0, 'combined', 0], [1, 'combined', 1], [2, 'combined', 2], [3, 'combined', 3]]);
	t.like(device.queues[1], {txPackets: 9n, txBytes: 900n, txDrops: 0n});
	t.deepEqual(device.errors.find(([name]) => name === 'rx_out_of_buffer'), ['rx_out_of_buffer', 7n]);
	t.is(errorCode(await source.setCoalesce(vf, {rxCqeFrames: 4}, 100)), 'EOPNOTSUPP');
});
