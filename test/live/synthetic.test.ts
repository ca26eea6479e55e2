// The live source on a synthetic Hyper-V guest (test/helpers/synthetic-netvsc):
// sysfs/procfs trees in a temp dir and a stand-in ethtool printing hv_netvsc
// outputs. Covers what a veth cannot: netvsc channels and queues, the VMBus
// channel→CPU map, the VF partner, -L re-creating queues, and every failure
// the issue lists (ethtool missing, hanging, garbage, device vanishing).
import test from 'ava';
import {createLiveSource, findNetvscDevices, type LiveSourceOptions} from '../../source/sources/live/index.js';
import type {DeviceSnapshot, Source} from '../../source/sources/source.js';
import {computeRates} from '../../source/stats/index.js';
import type {Result} from '../../source/types.js';
import {createSyntheticNetvsc, type SyntheticMachine, type SyntheticOptions} from '../helpers/synthetic-netvsc.js';

type Fixture = {machine: SyntheticMachine; source: Source};

async function setup(t: {teardown(fn: () => void | Promise<void>): void}, options: Partial<LiveSourceOptions> = {}, machineOptions: SyntheticOptions = {}): Promise<Fixture> {
	const machine = createSyntheticNetvsc(machineOptions);
	t.teardown(() => {
		machine.cleanup();
	});
	const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, ...options});
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

/** Stand-in ethtool processes still alive (a timed-out one must have been killed). */
async function standinsRunning(machine: SyntheticMachine): Promise<string[]> {
	const {readdir, readFile} = await import('node:fs/promises');
	const found: string[] = [];
	for (const pid of (await readdir('/proc')).filter(entry => /^\d+$/.test(entry))) {
		try {
			// eslint-disable-next-line no-await-in-loop
			const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
			if (cmdline.includes(machine.ethtool)) {
				found.push(pid);
			}
		} catch {}
	}

	return found;
}

const errorCode = (result: Result<unknown>): string => (result.ok ? 'ok' : result.error.code);

test.serial('detects hv_netvsc devices only (not the VF) and labels the source', async t => {
	const {machine, source} = await setup(t);
	t.deepEqual(await findNetvscDevices({sysfsRoot: machine.sysfsRoot}), ['eth0', 'eth1']);
	t.deepEqual(await findNetvscDevices({sysfsRoot: '/nonexistent'}), []);
	t.is(source.kind, 'live');
	t.is(source.label, 'LIVE — 2 hv_netvsc devices');
	t.deepEqual(await source.devices(), ['eth0', 'eth1']);
});

test.serial('a snapshot has channels, rings, per-queue counters, channel→CPU map, softirqs and the VF', async t => {
	const {machine, source} = await setup(t);
	machine.addQueueTraffic('eth0', 3, {rxPackets: 1000, rxBytes: 1_500_000, txPackets: 10, txBytes: 700});
	machine.addVfTraffic('eth0', 5, {rxPackets: 400, rxBytes: 600_000});
	machine.setGlobal('eth0', 'tx_busy', 7);
	machine.setSoftnet(2, {dropped: 3, squeezed: 11});

	const snap = unwrap(await source.snapshot('eth0', 1000));
	t.like(unwrap(snap.channels), {maxCombined: 8, combined: 8, maxRx: 0, rx: 0});
	t.like(unwrap(snap.rings), {rxMax: 18_139, txMax: 2560, rx: 9362, tx: 170, unit: 'sections'});
	t.like(unwrap(snap.info), {driver: 'hv_netvsc', firmwareVersion: 'N/A'});
	t.is(unwrap(snap.rss).table.length, 128);
	t.true(unwrap(snap.features).some(feature => feature.name === 'large-receive-offload' && feature.on));
	t.is(snap.vcpus, 8);
	t.is(snap.vf, 'enP30832s1');
	t.deepEqual(snap.link, {up: true, carrier: true, speedMbps: 50_000, duplex: 'full'});

	t.is(snap.queues.length, 8);
	t.deepEqual(snap.queues[3], {index: 3, rxPackets: 1000n, rxBytes: 1_500_000n, txPackets: 10n, txBytes: 700n});
	t.is(snap.queues[0]!.rxPackets, 0n);
	t.deepEqual(snap.channelCpu, [0, 1, 2, 3, 4, 5, 6, 7]);
	t.like(snap.cpus[3], {cpu: 3, rxPackets: 1000n});
	t.like(snap.cpus[5], {cpu: 5, rxPackets: 400n, vfRxPackets: 400n});
	t.like(snap.vfTraffic, {rxPackets: 400n, rxBytes: 600_000n});
	t.deepEqual(snap.errors.find(([name]) => name === 'tx_busy'), ['tx_busy', 7n]);
	t.is(snap.errors.length, 11);
	t.is(snap.softirqs.length, 8);
	t.like(snap.softirqs[2], {cpu: 2, dropped: 3n, squeezed: 11n});
	t.true(snap.softirqs[3]!.netRx > snap.softirqs[0]!.netRx, 'the busy channel\'s CPU ran more NET_RX');
	t.is(snap.epoch, 0);

	// eth1: 4 of 8 channels, primary on CPU 3, no VF.
	const eth1 = unwrap(await source.snapshot('eth1', 1000));
	t.like(unwrap(eth1.channels), {maxCombined: 8, combined: 4});
	t.deepEqual(eth1.channelCpu, [3, 4, 5, 6]);
	t.is(eth1.vf, undefined);
	t.is(eth1.vfTraffic?.rxPackets, 0n);
});

test.serial('rates over two snapshots match the traffic added', async t => {
	const {machine, source} = await setup(t);
	const first = unwrap(await source.snapshot('eth0', 10_000));
	machine.addQueueTraffic('eth0', 1, {rxPackets: 2000, rxBytes: 3_000_000});
	machine.addQueueTraffic('eth0', 6, {txPackets: 500, txBytes: 50_000});
	const second = unwrap(await source.snapshot('eth0', 12_000));
	const rates = computeRates(first, second);
	t.is(rates.queues[1]!.rxPps, 1000);
	t.is(rates.queues[1]!.rxBps, 1_500_000);
	t.is(rates.queues[6]!.txPps, 250);
	t.is(rates.queues[6]!.cpu, 6);
});

test.serial('steady state forks only `ethtool -S`; -l -g -k -x -d come back after refreshMs, -i does not', async t => {
	const {machine, source} = await setup(t, {refreshMs: 30_000});
	// Eth0's own reads; its VF's (-S each poll, -l -g by the same rule) are test/sources/live-vf.test.ts's.
	const calls = () => machine.calls().filter(call => call.endsWith(' eth0'));
	await source.snapshot('eth0', 0);
	t.deepEqual(calls().sort(), ['-S eth0', '-d eth0', '-g eth0', '-i eth0', '-k eth0', '-l eth0', '-x eth0']);
	machine.clearCalls();
	await source.snapshot('eth0', 1000);
	await source.snapshot('eth0', 2000);
	t.deepEqual(calls(), ['-S eth0', '-S eth0']);
	t.deepEqual(machine.calls().filter(call => !call.endsWith(' eth0')), ['-S enP30832s1', '-S enP30832s1']);
	machine.clearCalls();
	await source.snapshot('eth0', 31_000);
	t.deepEqual(calls().sort(), ['-S eth0', '-d eth0', '-g eth0', '-k eth0', '-l eth0', '-x eth0']);
});

test.serial('setChannels goes through the stand-in, reads back, re-creates queues and bumps the epoch', async t => {
	const {machine, source} = await setup(t);
	machine.addQueueTraffic('eth0', 0, {rxPackets: 5000, rxBytes: 7_000_000});
	const before = unwrap(await source.snapshot('eth0', 1000));
	machine.clearCalls();

	const set = await source.setChannels('eth0', {combined: 4}, 1500);
	t.like(unwrap(set), {combined: 4, maxCombined: 8});
	t.deepEqual(machine.calls(), ['-l eth0', '-L eth0 combined 4', '-l eth0']);
	t.is((machine.state().devices['eth0'] as {combined: number}).combined, 4);

	const after = unwrap(await source.snapshot('eth0', 2000));
	t.like(unwrap(after.channels), {combined: 4});
	t.is(after.queues.length, 4);
	t.is(after.queues[0]!.rxPackets, 0n);
	t.is(after.channelCpu.length, 4);
	t.not(after.epoch, before.epoch);
	t.is(unwrap(after.rss).table.filter(entry => entry >= 4).length, 0, 'RSS table re-read over 4 channels');
	// The send table (ethtool -d) the host set again after the attach: i % channels.
	t.deepEqual(before.sendTable, Array.from({length: 16}, (_, i) => i % 8));
	t.deepEqual(after.sendTable, Array.from({length: 16}, (_, i) => i % 4));
	const rates = computeRates(before, after);
	t.is(rates.queues[0]!.rxPps, 0, 'a restart is not a negative or huge rate');

	// Same value again: read before write, no -L.
	machine.clearCalls();
	t.like(unwrap(await source.setChannels('eth0', {combined: 4}, 2500)), {combined: 4});
	t.deepEqual(machine.calls(), ['-l eth0']);
});

test.serial('setRings: clamped by the driver, read back, epoch bumped', async t => {
	const {machine, source} = await setup(t);
	const before = unwrap(await source.snapshot('eth1', 0));
	t.like(unwrap(await source.setRings('eth1', {rx: 4000}, 100)), {rx: 4000, tx: 170, unit: 'sections'});
	t.like(unwrap(await source.setRings('eth1', {tx: 5}, 200)), {rx: 4000, tx: 10});
	const after = unwrap(await source.snapshot('eth1', 1000));
	t.like(unwrap(after.rings), {rx: 4000, tx: 10});
	t.not(after.epoch, before.epoch);
	t.like(machine.state().devices['eth1'], {rings: {rx: 4000, tx: 10, rxMax: 18_139, txMax: 2560}});
	const refused = await source.setRings('eth1', {rx: 999_999}, 300);
	t.is(errorCode(refused), 'EINVAL');
	t.regex(refused.ok ? '' : refused.error.message, /exceeds maximum/);
});

test.serial('driver refusals come back as data with the kernel\'s reason', async t => {
	const {machine, source} = await setup(t);
	const tooMany = await source.setChannels('eth0', {combined: 9}, 0);
	t.is(errorCode(tooMany), 'EINVAL');
	t.regex(tooMany.ok ? '' : tooMany.error.message, /requested channel count exceeds maximum/);
	t.is(errorCode(await source.setChannels('eth0', {rx: 2}, 0)), 'EINVAL');
	const none = await source.setChannels('eth0', {combined: 0}, 0);
	t.regex(none.ok ? '' : none.error.message, /no RX or TX channel/);

	machine.setBehaviour('eth0', '-L', 'eperm');
	const denied = await source.setChannels('eth0', {combined: 2}, 0);
	t.is(errorCode(denied), 'EPERM');
	t.is((machine.state().devices['eth0'] as {combined: number}).combined, 8);
});

test.serial('requests and device names are validated before any process starts', async t => {
	const {machine, source} = await setup(t);
	machine.clearCalls();
	for (const request of [{combined: -1}, {combined: 1.5}, {combined: Number.NaN}, {combined: 2 ** 32}, {}, {bogus: 1} as never]) {
		// eslint-disable-next-line no-await-in-loop
		t.is(errorCode(await source.setChannels('eth0', request, 0)), 'EINVAL', JSON.stringify(request));
	}

	for (const request of [{rx: -5}, {}, {rxMini: 0.5}]) {
		// eslint-disable-next-line no-await-in-loop
		t.is(errorCode(await source.setRings('eth0', request, 0)), 'EINVAL');
	}

	for (const name of ['-x', '*', '../eth0', 'eth0 ; reboot', 'a'.repeat(16), '']) {
		// eslint-disable-next-line no-await-in-loop
		t.is(errorCode(await source.setChannels(name, {combined: 2}, 0)), 'EINVAL', name);
		// eslint-disable-next-line no-await-in-loop
		t.is(errorCode(await source.snapshot(name, 0)), 'EINVAL', name);
	}

	t.is(errorCode(await source.setChannels('eth7', {combined: 2}, 0)), 'ENODEV');
	t.deepEqual(machine.calls(), []);
	// The VF of a watched device is a target (issue 15); this stand-in VF has no -l.
	t.is(errorCode(await source.setChannels('enP30832s1', {combined: 2}, 0)), 'EOPNOTSUPP');
	t.deepEqual(machine.calls(), ['-l enP30832s1']);
});

test.serial('the send table: read from ethtool -d on hv_netvsc only; a dump that is not 16 entries is no table', async t => {
	const {machine, source} = await setup(t);
	const snap = unwrap(await source.snapshot('eth0', 0));
	t.deepEqual(snap.sendTable, Array.from({length: 16}, (_, i) => i % 8));
	// The VF (mana here) is never asked for a register dump: hvtop would not know its meaning.
	t.false(machine.calls().some(call => call.startsWith('-d ') && !call.endsWith(' eth0')));
	machine.setBehaviour('eth0', '-d', 'garbage');
	await source.setChannels('eth0', {combined: 6}, 500);
	t.is(unwrap(await source.snapshot('eth0', 1000)).sendTable, undefined);
});

test.serial('ethtool missing: the panels say how to install it, sysfs and procfs still work', async t => {
	const {source} = await setup(t, {ethtool: '/nonexistent/ethtool'});
	const snap = unwrap(await source.snapshot('eth0', 0));
	for (const panel of [snap.stats, snap.channels, snap.rings, snap.features, snap.rss, snap.info]) {
		t.is(errorCode(panel), 'ENOENT');
		t.regex(panel.ok ? '' : panel.error.message, /apt-get install ethtool/);
	}

	t.regex(snap.stats.ok ? '' : snap.stats.error.message, /dnf install ethtool/);
	t.is(snap.link.speedMbps, 50_000);
	t.deepEqual(snap.channelCpu, [0, 1, 2, 3, 4, 5, 6, 7]);
	t.is(snap.softirqs.length, 8);
	t.is(snap.vf, 'enP30832s1');
	const set = await source.setChannels('eth0', {combined: 2}, 0);
	t.regex(set.ok ? '' : set.error.message, /apt-get install ethtool/);
});

test.serial('ethtool hanging: ETIMEDOUT in that panel within the timeout, the source keeps working', async t => {
	// 4 s: the other reads (seven stand-in processes) must finish within it with both cores busy.
	const {machine, source} = await setup(t, {timeoutMs: 4000, retryMs: 1000});
	machine.setBehaviour('eth0', '-S', 'hang');
	const start = Date.now();
	// Two polls at once while ethtool hangs: one set of children, one answer.
	const [snap, again] = await Promise.all([source.snapshot('eth0', 0), source.snapshot('eth0', 0)]);
	const elapsed = Date.now() - start;
	// Bounded by the timeout (the other reads run alongside), not by the hang.
	t.true(elapsed < 15_000, `took ${elapsed} ms`);
	t.is(unwrap(snap), unwrap(again));
	const first = unwrap(snap);
	t.is(errorCode(first.stats), 'ETIMEDOUT');
	t.deepEqual(first.queues, []);
	t.like(unwrap(first.channels), {combined: 8});
	t.is(machine.calls().filter(call => call === '-S eth0').length, 1);

	t.like(unwrap(unwrap(await source.snapshot('eth1', 0)).channels), {combined: 4});
	t.deepEqual(await standinsRunning(machine), [], 'the hung ethtool was killed');
	machine.setBehaviour('eth0', '-S', undefined);
	const later = unwrap(await source.snapshot('eth0', 5000));
	t.true(later.stats.ok);
	t.is(later.queues.length, 8);
});

test.serial('garbage output: an error panel, no throw, the other panels fine', async t => {
	const {machine, source} = await setup(t);
	machine.setBehaviour('eth0', '-l', 'garbage');
	machine.setBehaviour('eth0', '-S', 'garbage');
	machine.setBehaviour('eth0', '-x', 'garbage');
	const snap = unwrap(await source.snapshot('eth0', 0));
	t.is(errorCode(snap.channels), 'EPARSE');
	t.is(errorCode(snap.stats), 'EPARSE');
	t.is(errorCode(snap.rss), 'EPARSE');
	t.deepEqual(snap.queues, []);
	t.true(snap.rings.ok);
	t.true(snap.features.ok);
	// A set needs a trustworthy read first.
	t.is(errorCode(await source.setChannels('eth0', {combined: 2}, 0)), 'EPARSE');
});

test.serial('rings not supported: "not supported" in that panel only', async t => {
	const {machine, source} = await setup(t);
	machine.setBehaviour('eth1', '-g', 'eopnotsupp');
	const snap = unwrap(await source.snapshot('eth1', 0));
	t.is(errorCode(snap.rings), 'EOPNOTSUPP');
	t.regex(snap.rings.ok ? '' : snap.rings.error.message, /not supported/);
	t.true(snap.channels.ok && snap.stats.ok && snap.features.ok && snap.rss.ok && snap.info.ok);
	// Not asked again every tick.
	machine.clearCalls();
	await source.snapshot('eth1', 10_000);
	t.deepEqual(machine.calls(), ['-S eth1']);
});

test.serial('a device vanishing mid-run is a clear error; the other device and the list carry on', async t => {
	const {machine, source} = await setup(t);
	unwrap(await source.snapshot('eth0', 0));
	unwrap(await source.snapshot('eth1', 0));

	// VF hot-removed (Azure host servicing): eth0 keeps going without a partner.
	machine.removeDevice('enP30832s1');
	const noVf = unwrap(await source.snapshot('eth0', 1000));
	t.is(noVf.vf, undefined);

	machine.removeDevice('eth1');
	const gone = await source.snapshot('eth1', 1000);
	t.is(errorCode(gone), 'ENODEV');
	t.regex(gone.ok ? '' : gone.error.message, /eth1/);
	t.true((await source.snapshot('eth0', 1000)).ok);
	t.deepEqual(await source.devices(), ['eth0']);
	t.is(source.label, 'LIVE — 1 hv_netvsc device');
	t.is(errorCode(await source.setChannels('eth1', {combined: 2}, 1000)), 'ENODEV');

	// It comes back (new ifindex): listed again, counters start a new epoch.
	machine.restoreDevice('eth1');
	machine.restoreDevice('enP30832s1');
	t.deepEqual(await source.devices(), ['eth0', 'eth1']);
	const back = unwrap(await source.snapshot('eth1', 2000));
	t.like(unwrap(back.channels), {combined: 4});
	t.is(unwrap(await source.snapshot('eth0', 2000)).vf, 'enP30832s1');
});

test.serial('ethtool saying "No such device" while sysfs still has it (netvsc re-attaching) is a stats panel error', async t => {
	const {machine, source} = await setup(t);
	unwrap(await source.snapshot('eth1', 0));
	machine.setBehaviour('eth1', '-S', 'enodev');
	const snap = unwrap(await source.snapshot('eth1', 1000));
	t.is(errorCode(snap.stats), 'ENODEV');
	t.deepEqual(snap.queues, [], 'netvsc never falls back to device totals');
	t.like(unwrap(snap.channels), {combined: 4});
	machine.setBehaviour('eth1', '-S', undefined);
	const back = unwrap(await source.snapshot('eth1', 2000));
	t.is(back.queues.length, 4);
	t.is(back.epoch, snap.epoch, 'the same counters: no restart');
});

test.serial('channels changed behind our back (another terminal) are noticed', async t => {
	const {machine, source} = await setup(t);
	machine.addQueueTraffic('eth0', 2, {rxPackets: 100});
	const before = unwrap(await source.snapshot('eth0', 0));
	const {spawnSync} = await import('node:child_process');
	const run = spawnSync(machine.ethtool, ['-L', 'eth0', 'combined', '6']);
	t.is(run.status, 0);
	const after = unwrap(await source.snapshot('eth0', 1000));
	t.like(unwrap(after.channels), {combined: 6});
	t.is(after.queues.length, 6);
	t.not(after.epoch, before.epoch);
});

test.serial('restricted to named devices: any driver, label says --live, unknown names refused', async t => {
	const {source} = await setup(t, {devices: ['eth1', 'enP30832s1']});
	t.is(source.label, 'LIVE — eth1, enP30832s1 (--live)');
	t.deepEqual(await source.devices(), ['eth1', 'enP30832s1']);
	const vf = unwrap(await source.snapshot('enP30832s1', 0));
	t.like(unwrap(vf.info), {driver: 'mlx5_core'});
	t.is(errorCode(vf.channels), 'EOPNOTSUPP');
	// Not netvsc and no per-queue names in -S: device totals as queue 0.
	t.is(vf.queues.length, 1);
	t.deepEqual(vf.channelCpu, []);
	t.deepEqual(vf.errors.map(([name]) => name), ['rx_dropped', 'tx_dropped', 'rx_errors', 'tx_errors']);

	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const missing = await createLiveSource({sysfsRoot: machine.sysfsRoot, devices: ['eth9']});
	t.is(errorCode(missing), 'ENODEV');
	t.is(errorCode(await createLiveSource({sysfsRoot: machine.sysfsRoot, devices: ['-eth0']})), 'EINVAL');
	t.is(errorCode(await createLiveSource({sysfsRoot: '/nonexistent'})), 'ENOENT');
	t.is(errorCode(await createLiveSource({sysfsRoot: machine.sysfsRoot, timeoutMs: -1})), 'EINVAL');
});

test.serial('no hv_netvsc device: the label says so and the list is empty', async t => {
	const {source} = await setup(t, {}, {nics: []});
	t.is(source.label, 'LIVE — no hv_netvsc device found');
	t.deepEqual(await source.devices(), []);
});

test.serial('closed source answers EBADF', async t => {
	const {source} = await setup(t);
	await source.close();
	t.is(errorCode(await source.snapshot('eth0', 0)), 'EBADF');
	t.deepEqual(await source.devices(), []);
});

test.serial('snapshots never throw, whatever the device name', async t => {
	const {source} = await setup(t);
	for (const name of ['eth0', 'eth1', 'nope', '..', '.', 'lo', 'enP30832s1']) {
		// eslint-disable-next-line no-await-in-loop
		const result: Result<DeviceSnapshot> = await source.snapshot(name, 0);
		t.is(typeof result.ok, 'boolean');
	}
});
