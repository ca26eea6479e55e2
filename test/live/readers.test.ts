// The small readers of the live source on hand-made trees: procfs parsing,
// VMBus channel→CPU fallbacks, sysfs pairing and queue mapping.
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import test from 'ava';
import {parseCpuList, parseSoftirqs, parseSoftnet, readOnlineCpus, readSoftirqCounters} from '../../source/sources/live/procfs.js';
import {queuesFor, queuesRestarted} from '../../source/sources/live/queues.js';
import {isStale} from '../../source/sources/live/slow-reads.js';
import {findVfPartner, readDevice, readTotals} from '../../source/sources/live/sysfs.js';
import {readChannelCpus} from '../../source/sources/live/vmbus.js';

function tree(t: {teardown(fn: () => void): void}, files: Record<string, string>, links: Record<string, string> = {}): string {
	const root = mkdtempSync(join(tmpdir(), 'hvtop-readers-'));
	t.teardown(() => {
		rmSync(root, {recursive: true, force: true});
	});
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), {recursive: true});
		writeFileSync(join(root, path), text);
	}

	for (const [path, target] of Object.entries(links)) {
		mkdirSync(dirname(join(root, path)), {recursive: true});
		symlinkSync(target, join(root, path));
	}

	return root;
}

test('softirqs: NET_RX/NET_TX by the CPU named in the header', t => {
	const text = [
		'                    CPU0       CPU1       CPU3',
		'          HI:          0          0          0',
		'      NET_TX:          7          0         18446744073709551615',
		'      NET_RX:       1551       1640          2',
		'       BLOCK:          0       8744          0',
	].join('\n');
	const parsed = parseSoftirqs(text);
	t.deepEqual([...parsed.keys()], [0, 1, 3]);
	t.deepEqual(parsed.get(1), {netRx: 1640n, netTx: 0n});
	t.deepEqual(parsed.get(3), {netRx: 2n, netTx: 18_446_744_073_709_551_615n});
	t.deepEqual(parseSoftirqs(''), new Map());
	t.deepEqual(parseSoftirqs('garbage\nNET_RX: x y'), new Map());
});

test('softnet_stat: dropped (2nd) and squeezed (3rd) hex columns, CPU id from the 13th when present', t => {
	const modern = [
		'0000000b 00000002 0000000a 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000',
		'00000b73 00000000 000000ff 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000003 00000000 00000000',
	].join('\n');
	const parsed = parseSoftnet(modern);
	t.deepEqual(parsed.get(0), {dropped: 2n, squeezed: 10n});
	t.deepEqual(parsed.get(3), {dropped: 0n, squeezed: 255n});
	// Old kernels: 11 columns, rows in online-CPU order.
	const old = '00000001 00000004 00000005 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000';
	t.deepEqual(parseSoftnet(old, [2]).get(2), {dropped: 4n, squeezed: 5n});
	t.deepEqual(parseSoftnet('zz yy xx\n\n'), new Map());
});

test('cpu lists', t => {
	t.deepEqual(parseCpuList('0-3,5,7-8\n'), [0, 1, 2, 3, 5, 7, 8]);
	t.deepEqual(parseCpuList('0'), [0]);
	t.is(parseCpuList('3-1'), undefined);
	t.is(parseCpuList('a'), undefined);
	t.is(parseCpuList('0-99999'), undefined);
});

test('online CPUs from sysfs, else /proc/stat; softirq counters merged', async t => {
	const root = tree(t, {
		'proc/stat': 'cpu  1 2 3\ncpu0 1 2 3\ncpu2 1 2 3\nintr 5\n',
		'proc/softirqs': '    CPU0 CPU1 CPU2\nNET_TX: 1 2 3\nNET_RX: 4 5 6\n',
		'proc/net/softnet_stat': '00000001 00000001 00000002 0 0 0 0 0 0 0 0\n00000001 00000003 00000004 0 0 0 0 0 0 0 0\n',
	});
	const online = await readOnlineCpus({sysfsRoot: join(root, 'sys'), procfsRoot: join(root, 'proc')});
	t.deepEqual(online, [0, 2]);
	const counters = await readSoftirqCounters(join(root, 'proc'), online);
	t.deepEqual(counters.map(c => [c.cpu, c.netRx, c.netTx, c.dropped, c.squeezed]), [
		[0, 4n, 1n, 1n, 2n],
		[1, 5n, 2n, 0n, 0n],
		[2, 6n, 3n, 3n, 4n],
	]);
	t.deepEqual(await readSoftirqCounters(join(root, 'nowhere')), []);
});

const guid = '000d3a01-0b1c-4d2e-8f3a-6045bd01a1b2';

test('channel→CPU: subchannel_id orders the queues', async t => {
	const vmbus = `sys/bus/vmbus/devices/${guid}`;
	const root = tree(t, {
		[`${vmbus}/channels/30/cpu`]: '5\n',
		[`${vmbus}/channels/30/subchannel_id`]: '2\n',
		[`${vmbus}/channels/14/cpu`]: '0\n',
		[`${vmbus}/channels/14/subchannel_id`]: '0\n',
		[`${vmbus}/channels/29/cpu`]: '3\n',
		[`${vmbus}/channels/29/subchannel_id`]: '1\n',
		[`${vmbus}/channels/31/cpu`]: 'junk\n',
		'sys/class/net/eth0/ifindex': '2\n',
	}, {'sys/class/net/eth0/device': `../../../bus/vmbus/devices/${guid}`});
	t.deepEqual(await readChannelCpus(join(root, 'sys'), 'eth0', guid), [0, 3, 5]);
	// Through the device link alone (no GUID known).
	t.deepEqual(await readChannelCpus(join(root, 'sys'), 'eth0'), [0, 3, 5]);
	t.deepEqual(await readChannelCpus(join(root, 'sys'), 'eth9'), []);
	t.deepEqual(await readChannelCpus(join(root, 'sys'), '../../etc'), []);
});

test('channel→CPU: old kernels without subchannel_id or channels/ (channel_vp_mapping)', async t => {
	const root = tree(t, {
		[`sys/bus/vmbus/devices/${guid}/channel_vp_mapping`]: '15:2\n14:1\nbogus\n16:0\n',
		[`sys2/bus/vmbus/devices/${guid}/channels/21/cpu`]: '4\n',
		[`sys2/bus/vmbus/devices/${guid}/channels/20/cpu`]: '6\n',
	});
	t.deepEqual(await readChannelCpus(join(root, 'sys'), 'eth0', guid), [1, 2, 0]);
	t.deepEqual(await readChannelCpus(join(root, 'sys2'), 'eth0', guid), [6, 4]);
});

test('sysfs device: driver, queues, link, VF by lower_ link or by master link', async t => {
	const root = tree(t, {
		'sys/class/net/eth0/ifindex': '2\n',
		'sys/class/net/eth0/operstate': 'up\n',
		'sys/class/net/eth0/carrier': '1\n',
		'sys/class/net/eth0/speed': '-1\n',
		'sys/class/net/eth0/queues/rx-0/rps_cpus': '0\n',
		'sys/class/net/eth0/queues/rx-1/rps_cpus': '0\n',
		'sys/class/net/eth0/queues/tx-0/xps_cpus': '0\n',
		'sys/class/net/eth0/statistics/rx_packets': '18446744073709551615\n',
		'sys/class/net/eth0/statistics/rx_bytes': '1\n',
		'sys/class/net/eth0/statistics/tx_packets': '2\n',
		'sys/class/net/eth0/statistics/tx_bytes': '3\n',
		'sys/class/net/eth1/operstate': 'down\n',
		'sys/class/net/vf1/operstate': 'up\n',
		[`sys/bus/vmbus/devices/${guid}/x`]: '',
		'sys/bus/vmbus/drivers/hv_netvsc/x': '',
		'sys/devices/pci1/1:00:02.0/x': '',
		'sys/bus/pci/drivers/mlx4_core/x': '',
	}, {
		'sys/class/net/eth0/device': `../../../bus/vmbus/devices/${guid}`,
		[`sys/bus/vmbus/devices/${guid}/driver`]: '../../drivers/hv_netvsc',
		'sys/class/net/vf1/device': '../../../devices/pci1/1:00:02.0',
		'sys/devices/pci1/1:00:02.0/driver': '../../../bus/pci/drivers/mlx4_core',
		'sys/class/net/vf1/master': '../eth1',
	});
	const sys = join(root, 'sys');
	const eth0 = await readDevice(sys, 'eth0');
	if (!eth0.ok) {
		t.fail(eth0.error.message);
		return;
	}

	t.like(eth0.value, {driver: 'hv_netvsc', ifindex: 2, operstate: 'up', carrier: true, rxQueues: 2, txQueues: 1, busDevice: guid});
	t.is(eth0.value.speedMbps, undefined, 'speed -1 is unknown');
	const totals = await readTotals(sys, 'eth0');
	t.like(totals.ok ? totals.value : {}, {rxPackets: 18_446_744_073_709_551_615n, txBytes: 3n, rxDropped: 0n});

	const eth1 = await readDevice(sys, 'eth1');
	t.true(eth1.ok);
	t.is(eth1.ok ? await findVfPartner(sys, eth1.value) : 'x', 'vf1');
	t.is(eth0.ok ? await findVfPartner(sys, eth0.value) : 'x', undefined);

	const gone = await readDevice(sys, 'eth9');
	t.is(gone.ok ? '' : gone.error.code, 'ENODEV');
	t.is((await readTotals(sys, 'eth9')).ok, false);
	t.is((await readDevice(sys, '..')).ok, false);
});

test('sysfs VF pairing: a VF not enslaved yet is found by the shared MAC; a VLAN with the MAC is not a VF', async t => {
	const guid = 'f8615163-0000-1000-2000-000d3a123456';
	const root = tree(t, {
		'sys/class/net/eth0/address': '00:0d:3a:12:34:56\n',
		'sys/class/net/eth0/ifindex': '2\n',
		'sys/class/net/eth0/operstate': 'up\n',
		'sys/class/net/eth0.100/address': '00:0d:3a:12:34:56\n',
		'sys/class/net/eth0.100/ifindex': '3\n',
		'sys/class/net/enP30832s1/address': '00:0D:3A:12:34:56\n',
		'sys/class/net/enP30832s1/ifindex': '4\n',
		'sys/class/net/eth1/address': '00:0d:3a:ab:cd:ef\n',
		'sys/class/net/eth1/operstate': 'up\n',
		'sys/bus/vmbus/drivers/hv_netvsc/x': '',
		'sys/bus/pci/drivers/mana/x': '',
		'sys/devices/pci7870/7870:00:00.0/x': '',
	}, {
		'sys/class/net/eth0/device': `../../../bus/vmbus/devices/${guid}`,
		'sys/class/net/eth1/device': `../../../bus/vmbus/devices/${guid}`,
		[`sys/bus/vmbus/devices/${guid}/driver`]: '../../drivers/hv_netvsc',
		'sys/class/net/enP30832s1/device': '../../../devices/pci7870/7870:00:00.0',
		'sys/devices/pci7870/7870:00:00.0/driver': '../../../bus/pci/drivers/mana',
	});
	const sys = join(root, 'sys');
	const eth0 = await readDevice(sys, 'eth0');
	const eth1 = await readDevice(sys, 'eth1');
	t.is(eth0.ok ? await findVfPartner(sys, eth0.value) : 'x', 'enP30832s1');
	t.is(eth1.ok ? await findVfPartner(sys, eth1.value) : 'x', undefined);
});

test('queue mapping: per-queue names first, device totals only for non-netvsc', t => {
	const q = {index: 0, rxPackets: 1n, rxBytes: 2n, txPackets: 3n, txBytes: 4n};
	const totals = {rxPackets: 10n, rxBytes: 20n, txPackets: 30n, txBytes: 40n, rxDropped: 0n, txDropped: 0n, rxErrors: 0n, txErrors: 0n};
	t.deepEqual(queuesFor([q], totals, true), [q]);
	t.deepEqual(queuesFor([], totals, false), [{index: 0, rxPackets: 10n, rxBytes: 20n, txPackets: 30n, txBytes: 40n}]);
	t.deepEqual(queuesFor(undefined, totals, true), []);
	t.false(queuesRestarted(undefined, [q]));
	t.false(queuesRestarted([q], [{...q, rxPackets: 5n}]));
	t.true(queuesRestarted([q], [{...q, txBytes: 1n}]));
	t.false(queuesRestarted([q], [{...q, index: 1, rxPackets: 0n}]), 'a new queue alone is no restart');
});

test('slow reads: retry transient failures, keep lasting answers until refresh', t => {
	const rules = {refreshMs: 60_000, retryMs: 5000};
	const okEntry = {result: {ok: true as const, value: 1}, at: 0};
	const timedOut = {result: {ok: false as const, error: {code: 'ETIMEDOUT', errno: 110, message: ''}}, at: 0};
	const unsupported = {result: {ok: false as const, error: {code: 'EOPNOTSUPP', errno: 95, message: ''}}, at: 0};
	t.true(isStale('channels', undefined, 0, rules));
	t.false(isStale('channels', okEntry, 59_999, rules));
	t.true(isStale('channels', okEntry, 60_000, rules));
	t.false(isStale('info', okEntry, 10_000_000, rules));
	t.false(isStale('rings', timedOut, 4999, rules));
	t.true(isStale('rings', timedOut, 5000, rules));
	t.false(isStale('rings', unsupported, 59_000, rules));
	t.true(isStale('rings', okEntry, -1, rules), 'clock went back');
});

test('queue restarts: a counter that steps back slightly is no restart; a drop to near zero is', t => {
	const q = {index: 0, rxPackets: 1_000_000n, rxBytes: 2_000_000n, txPackets: 3000n, txBytes: 4000n};
	t.false(queuesRestarted([q], [{...q, rxPackets: 999_000n}]), 'a small step back must not restart every queue');
	t.false(queuesRestarted([q], [{...q, txBytes: 3999n}]));
	t.true(queuesRestarted([q], [{...q, rxPackets: 12n}]));
	t.true(queuesRestarted([q], [{...q, rxBytes: 1_000_000n}]), 'half of the old value counts as a restart from zero');
});
