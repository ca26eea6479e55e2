// Per-queue counters by driver, from `ethtool -S` lists shaped like each
// driver's get_strings (the kernel file is named at each list builder).
import test from 'ava';
import fc from 'fast-check';
import {splitQueueStats, type DriverQueueStats} from '../../source/drivers/queue-stats/index.js';
import {parseStats} from '../../source/ethtool/index.js';
import type {Stat} from '../../source/types.js';

const u64Max = (1n << 64n) - 1n;

/** `ethtool -S` text for names with values 1, 2, 3… unless given. */
function ethtoolS(names: readonly string[], values: ReadonlyMap<string, bigint> = new Map()): Stat[] {
	const text = ['NIC statistics:', ...names.map((name, i) => `     ${name}: ${values.get(name) ?? BigInt(i + 1)}`)].join('\n');
	const parsed = parseStats(text);
	if (!parsed.ok) {
		throw new Error('test data does not parse');
	}

	return parsed.value;
}

const value = (stats: readonly Stat[], name: string): bigint => stats.find(([n]) => n === name)![1];
const totalNames = (split: DriverQueueStats): string[] => split.totals.map(([name]) => name);

// Mana_ethtool.c, mana_get_strings_stats (≈ 6.17): eth, hc, phy, then rx per queue, then tx per queue.
function manaNames(queues: number): string[] {
	const rx = ['packets', 'bytes', 'xdp_drop', 'xdp_tx', 'xdp_redirect', 'pkt_len0_err', 'coalesced_cqe_2', 'coalesced_cqe_3', 'coalesced_cqe_4'];
	const tx = ['packets', 'bytes', 'xdp_xmit', 'tso_packets', 'tso_bytes', 'tso_inner_packets', 'tso_inner_bytes', 'long_pkt_fmt', 'short_pkt_fmt', 'csum_partial', 'mana_map_err'];
	const names = ['stop_queue', 'wake_queue', 'tx_cq_err', 'tx_cqe_unknown_type', 'tx_linear_pkt_cnt', 'rx_cqe_unknown_type', 'hc_rx_discards_no_wqe', 'hc_rx_bytes', 'hc_tx_bytes', 'hc_rx_pkt_drop_phy', 'hc_tc0_rx_pkt_phy', 'hc_tc7_tx_pause_phy'];
	for (let q = 0; q < queues; q++) {
		names.push(...rx.map(counter => `rx_${q}_${counter}`));
	}

	for (let q = 0; q < queues; q++) {
		names.push(...tx.map(counter => `tx_${q}_${counter}`));
	}

	return names;
}

test('mana: rx_N_* and tx_N_* are combined queues; hc_* and the port counters stay the device\'s', t => {
	const names = manaNames(2);
	const stats = ethtoolS(names, new Map([['rx_1_bytes', u64Max], ['hc_rx_discards_no_wqe', 17n]]));
	const split = splitQueueStats(stats, 'mana');
	t.is(split.family, 'rx_N');
	t.deepEqual(split.queues, [
		{index: 0, role: 'combined', rx: {packets: value(stats, 'rx_0_packets'), bytes: value(stats, 'rx_0_bytes')}, tx: {packets: value(stats, 'tx_0_packets'), bytes: value(stats, 'tx_0_bytes')}},
		{index: 1, role: 'combined', rx: {packets: value(stats, 'rx_1_packets'), bytes: u64Max}, tx: {packets: value(stats, 'tx_1_packets'), bytes: value(stats, 'tx_1_bytes')}},
	]);
	t.deepEqual(totalNames(split), names.slice(0, 12), 'every per-queue name is the queue\'s, in or out of a field');
	t.is(split.totals[6]![1], 17n);
	t.is(split.totals[6], stats[6], 'device counters are the input tuples');
});

// En_stats.c: MLX5E_DECLARE_{CH,RX,TX,XDPSQ,RQ_XDPSQ}_STAT; channels group fills ch, then rq (+ xdpsq), then sq per tc.
test('mlx5_core: rxN_/txN_/chN_ by channel; tx%d_dropped is the queue\'s drops; rx_out_of_buffer stays the device\'s', t => {
	const names = [
		'rx_packets', 'rx_bytes', 'tx_packets', 'rx_out_of_buffer', 'rx_vport_unicast_packets',
		'ch0_events', 'ch0_poll', 'ch1_events', 'ch1_poll',
		'rx0_packets', 'rx0_bytes', 'rx0_xdp_drop', 'rx0_buff_alloc_err', 'rx0_xdp_tx_xmit',
		'rx1_packets', 'rx1_bytes', 'rx1_xdp_drop', 'rx1_buff_alloc_err', 'rx1_xdp_tx_xmit',
		'tx0_packets', 'tx0_bytes', 'tx0_stopped', 'tx0_dropped', 'tx0_wake',
		'tx1_packets', 'tx1_bytes', 'tx1_stopped', 'tx1_dropped', 'tx1_wake',
		// A second traffic class: channel + tc × channels.
		'tx2_packets', 'tx2_bytes', 'tx2_dropped',
		'tx0_xdp_xmit', 'tx1_xdp_xmit',
	];
	const stats = ethtoolS(names);
	const split = splitQueueStats(stats, 'mlx5_core');
	t.is(split.family, 'rxN');
	t.deepEqual(split.queues.map(q => [q.index, q.role]), [[0, 'combined'], [1, 'combined'], [2, 'tx']]);
	t.deepEqual(split.queues[1], {
		index: 1,
		role: 'combined',
		rx: {packets: value(stats, 'rx1_packets'), bytes: value(stats, 'rx1_bytes')},
		tx: {packets: value(stats, 'tx1_packets'), bytes: value(stats, 'tx1_bytes'), drops: value(stats, 'tx1_dropped')},
	});
	t.deepEqual(totalNames(split), ['rx_packets', 'rx_bytes', 'tx_packets', 'rx_out_of_buffer', 'rx_vport_unicast_packets']);
});

test('mlx5_core: a channel with only ch counters is still a combined queue', t => {
	const split = splitQueueStats(ethtoolS(['ch0_events', 'ch0_arm', 'rx_out_of_buffer']), 'mlx5_core');
	t.deepEqual(split.queues, [{index: 0, role: 'combined'}]);
});

// Netvsc_drv.c, netvsc_get_strings: globals, vf_*, per queue tx then rx, per CPU.
test('hv_netvsc: rx_queue_N_/tx_queue_N_; vf_* and cpuN_* stay the device\'s', t => {
	const names = [
		'tx_scattered', 'vf_rx_packets', 'vf_tx_dropped',
		'tx_queue_0_packets', 'tx_queue_0_bytes', 'tx_queue_0_xdp_xmit', 'rx_queue_0_packets', 'rx_queue_0_bytes', 'rx_queue_0_xdp_drop', 'rx_queue_0_xdp_redirect', 'rx_queue_0_xdp_tx',
		'cpu0_rx_packets', 'cpu0_vf_tx_bytes',
	];
	const stats = ethtoolS(names);
	const split = splitQueueStats(stats, 'hv_netvsc');
	t.deepEqual(split.queues, [{index: 0, role: 'combined', rx: {packets: 7n, bytes: 8n}, tx: {packets: 4n, bytes: 5n}}]);
	t.deepEqual(totalNames(split), ['tx_scattered', 'vf_rx_packets', 'vf_tx_dropped', 'cpu0_rx_packets', 'cpu0_vf_tx_bytes']);
});

// Virtio_net.c: "rx_queue_%u_%s" before 6.10; "rx%u_%s", "rx%u_hw_%s" and totals "rx_%s" after.
test('virtio_net: both namings, drops from virtnet_rq_stats_desc; hw_ counters are the queue\'s but not traffic', t => {
	const old = ethtoolS(['rx_queue_0_packets', 'rx_queue_0_bytes', 'rx_queue_0_drops', 'rx_queue_0_xdp_drops', 'rx_queue_0_kicks', 'tx_queue_0_packets', 'tx_queue_0_bytes', 'tx_queue_0_xdp_tx_drops', 'tx_queue_0_kicks']);
	t.deepEqual(splitQueueStats(old, 'virtio_net').queues, [{index: 0, role: 'combined', rx: {packets: 1n, bytes: 2n, drops: 3n}, tx: {packets: 6n, bytes: 7n}}]);
	const current = ethtoolS(['rx_packets', 'rx_drops', 'rx0_packets', 'rx0_bytes', 'rx0_drops', 'rx0_hw_packets', 'rx0_hw_drops', 'tx0_packets', 'tx0_bytes', 'tx0_hw_packets']);
	const split = splitQueueStats(current, 'virtio_net');
	t.is(split.family, 'rxN');
	t.deepEqual(split.queues, [{index: 0, role: 'combined', rx: {packets: 3n, bytes: 4n, drops: 5n}, tx: {packets: 8n, bytes: 9n}}]);
	t.deepEqual(totalNames(split), ['rx_packets', 'rx_drops']);
});

// Ena_ethtool.c, ena_queue_strings: "queue_%u_%s_%s" (tx or xdp_tx, then rx); ena_admin_q_*.
test('ena: queue_N_rx_cnt/bytes; XDP tx rings stay the device\'s', t => {
	const stats = ethtoolS(['tx_timeout', 'queue_0_tx_cnt', 'queue_0_tx_bytes', 'queue_0_tx_queue_stop', 'queue_0_rx_cnt', 'queue_0_rx_bytes', 'queue_0_rx_page_alloc_fail', 'queue_1_xdp_tx_cnt', 'ena_admin_q_aborted_cmd']);
	const split = splitQueueStats(stats, 'ena');
	t.deepEqual(split.queues, [{index: 0, role: 'combined', rx: {packets: 5n, bytes: 6n}, tx: {packets: 2n, bytes: 3n}}]);
	t.deepEqual(totalNames(split), ['tx_timeout', 'queue_1_xdp_tx_cnt', 'ena_admin_q_aborted_cmd']);
});

// Gve_ethtool.c, gve_gstrings_{main,rx,tx}_stats.
test('gve: name[N], bytes and rx drops only (no per-queue packet count)', t => {
	const stats = ethtoolS(['rx_packets', 'tx_packets', 'rx_posted_desc[0]', 'rx_completed_desc[0]', 'rx_bytes[0]', 'rx_dropped_pkt[0]', 'rx_posted_desc[1]', 'rx_bytes[1]', 'rx_dropped_pkt[1]', 'tx_posted_desc[0]', 'tx_bytes[0]', 'adminq_prod_cnt']);
	const split = splitQueueStats(stats, 'gve');
	t.deepEqual(split.queues, [
		{index: 0, role: 'combined', rx: {bytes: 5n, drops: 6n}, tx: {bytes: 11n}},
		{index: 1, role: 'rx', rx: {bytes: 8n, drops: 9n}},
	]);
	t.deepEqual(totalNames(split), ['rx_packets', 'tx_packets', 'adminq_prod_cnt']);
});

// Ixgbe_ethtool.c / ice_ethtool.c "tx_queue_%u_packets"; i40e/iavf "%s-%u.packets" (older i40e "tx-%u.tx_packets").
test('intel: ixgbe/ice rx_queue_N_*, i40e and iavf rx-N.* in both spellings', t => {
	const ixgbe = ethtoolS(['rx_packets', 'tx_queue_0_packets', 'tx_queue_0_bytes', 'tx_queue_1_packets', 'tx_queue_1_bytes', 'rx_queue_0_packets', 'rx_queue_0_bytes']);
	t.deepEqual(splitQueueStats(ixgbe, 'ixgbe').queues.map(q => [q.index, q.role]), [[0, 'combined'], [1, 'tx']]);
	t.deepEqual(splitQueueStats(ixgbe, 'ice').queues[0], {index: 0, role: 'combined', rx: {packets: 6n, bytes: 7n}, tx: {packets: 2n, bytes: 3n}});
	const i40e = ethtoolS(['rx_bytes', 'tx-0.packets', 'tx-0.bytes', 'rx-0.packets', 'rx-0.bytes']);
	t.deepEqual(splitQueueStats(i40e, 'iavf').queues, [{index: 0, role: 'combined', rx: {packets: 4n, bytes: 5n}, tx: {packets: 2n, bytes: 3n}}]);
	const oldI40e = ethtoolS(['tx-0.tx_packets', 'tx-0.tx_bytes', 'rx-0.rx_packets', 'rx-0.rx_bytes']);
	t.deepEqual(splitQueueStats(oldI40e, 'i40e').queues, [{index: 0, role: 'combined', rx: {packets: 3n, bytes: 4n}, tx: {packets: 1n, bytes: 2n}}]);
});

// Vmxnet3_ethtool.c: per tq "Tx Queue#" + dev + driver stats, per rq likewise, then "tx timeout count".
function vmxnet3Names(txQueues: number, rxQueues: number): string[] {
	const tx = ['Tx Queue#', '  TSO pkts tx', '  TSO bytes tx', '  ucast pkts tx', '  ucast bytes tx', '  mcast pkts tx', '  mcast bytes tx', '  bcast pkts tx', '  bcast bytes tx', '  pkts tx err', '  pkts tx discard', '  drv dropped tx total', '     too many frags', '     giant hdr', '     hdr err', '     tso', '  ring full', '  pkts linearized', '  hdr cloned', '  giant hdr'];
	const rx = ['Rx Queue#', '  LRO pkts rx', '  LRO byte rx', '  ucast pkts rx', '  ucast bytes rx', '  mcast pkts rx', '  mcast bytes rx', '  bcast pkts rx', '  bcast bytes rx', '  pkts rx OOB', '  pkts rx err', '  drv dropped rx total', '     err', '     fcs', '  rx buf alloc fail'];
	return [...Array.from({length: txQueues}, () => tx).flat(), ...Array.from({length: rxQueues}, () => rx).flat(), 'tx timeout count'];
}

test('vmxnet3: header blocks; unicast + multicast + broadcast, exactly; the global after the blocks is the device\'s', t => {
	const names = vmxnet3Names(2, 1);
	const lines = ['NIC statistics:'];
	const counts = {tx: 0, rx: 0};
	for (const name of names) {
		const header = name === 'Tx Queue#' ? 'tx' : (name === 'Rx Queue#' ? 'rx' : undefined);
		lines.push(`     ${name}: ${header === undefined ? (name.includes('pkts') || name.includes('bytes') ? String(u64Max) : '1') : counts[header]++}`);
	}

	const parsed = parseStats(lines.join('\n'));
	t.true(parsed.ok);
	const stats = parsed.ok ? parsed.value : [];
	const split = splitQueueStats(stats, 'vmxnet3');
	t.is(split.family, 'blocks');
	t.deepEqual(split.queues.map(q => [q.index, q.role]), [[0, 'combined'], [1, 'tx']]);
	t.deepEqual(split.queues[0]!.rx, {packets: 3n * u64Max, bytes: 3n * u64Max, drops: u64Max + 1n});
	t.deepEqual(split.queues[1]!.tx, {packets: 3n * u64Max, bytes: 3n * u64Max, drops: u64Max + 1n});
	t.deepEqual(totalNames(split), ['tx timeout count']);
});

test('an unknown driver gets queues when its names have a common shape, else totals only; never an error', t => {
	const manaLike = ethtoolS(manaNames(1));
	t.deepEqual(splitQueueStats(manaLike, 'some_new_vf').queues.map(q => q.index), [0]);
	t.deepEqual(splitQueueStats(manaLike, undefined).queues.map(q => q.index), [0]);
	const plain = ethtoolS(['rx_packets', 'tx_packets', 'rx_crc_errors']);
	for (const driver of ['e1000', '', '__proto__', 'constructor', 'toString', undefined]) {
		const split = splitQueueStats(plain, driver);
		t.deepEqual(split, {family: '', queues: [], totals: plain});
	}

	t.deepEqual(splitQueueStats([], 'mana'), {family: '', queues: [], totals: []});
});

test('a known driver whose names match none of its own shapes is tried against the common ones', t => {
	const stats = ethtoolS(['rx_queue_0_packets', 'rx_queue_0_bytes']);
	t.deepEqual(splitQueueStats(stats, 'mana').queues, [{index: 0, role: 'rx', rx: {packets: 1n, bytes: 2n}}]);
});

test('indices: below 4096, no leading zeros, no signs; anything else is a device counter', t => {
	const names = ['rx_4095_packets', 'rx_4096_packets', 'rx_00_packets', 'rx_007_packets', 'rx_-1_packets', 'rx_99999999999999999999_packets', 'rx_1e3_packets', 'rx_0x10_packets'];
	const split = splitQueueStats(ethtoolS(names), 'mana');
	t.deepEqual(split.queues.map(q => q.index), [4095]);
	t.deepEqual(totalNames(split), names.slice(1));
});

test('the plan is per name list: new values with the same names, and a changed list, both read right', t => {
	const two = manaNames(2);
	const first = splitQueueStats(ethtoolS(two), 'mana');
	const again = splitQueueStats(ethtoolS(two, new Map([['rx_0_packets', 999n]])), 'mana');
	t.is(first.queues[0]!.rx!.packets, 13n);
	t.is(again.queues[0]!.rx!.packets, 999n);
	const three = splitQueueStats(ethtoolS(manaNames(3)), 'mana');
	t.deepEqual(three.queues.map(q => q.index), [0, 1, 2]);
	// The same names under another driver are planned for that driver.
	t.is(splitQueueStats(ethtoolS(two), 'mlx5_core').family, 'rx_N', 'mlx5 shapes match nothing here: the common ones do');
});

// Properties: a reference model of mana's naming against random lists.
const controls = fc.constantFrom('\u001B', '\u0007', '\u009B', '\u202E', '\u0000', '\r', '\t');
const index = fc.oneof(
	{weight: 4, arbitrary: fc.integer({min: 0, max: 70}).map(String)},
	{weight: 1, arbitrary: fc.constantFrom('4096', '4294967296', '00', '01', '-1', '1e3', '99999999999999999999')},
);
const manaName = fc.oneof(
	fc.tuple(fc.constantFrom('rx', 'tx'), index, fc.constantFrom('packets', 'bytes', 'xdp_drop', 'tso_bytes', 'coalesced_cqe_2')).map(([dir, i, counter]) => `${dir}_${i}_${counter}`),
	fc.constantFrom('stop_queue', 'hc_rx_discards_no_wqe', 'hc_tc3_rx_pkt_phy', 'rx_packets', '__proto__', 'constructor'),
	fc.tuple(fc.constantFrom('rx_1_packets', 'hc_', 'tx_'), controls, fc.string({maxLength: 6})).map(parts => parts.join('')),
	fc.string({maxLength: 40}),
);
const u64 = fc.oneof(fc.bigInt({min: 0n, max: u64Max}), fc.bigInt({min: 0n, max: 1000n}));
const statList = fc.uniqueArray(fc.tuple(manaName, u64), {maxLength: 120, selector: ([name]) => name}).map(list => list.map(([name, v]): Stat => [name, v]));
const manaPattern = /^(rx|tx)_(0|[1-9]\d{0,3})_([a-z\d_]{1,40})$/;

test('property (mana): queues and totals match a reference reading, whatever else the list holds', t => {
	fc.assert(fc.property(statList, fc.constantFrom('mana', 'unknown-driver'), (stats, driver) => {
		const expected = new Map<number, Map<string, bigint>>();
		const totals: Stat[] = [];
		for (const stat of stats) {
			const match = manaPattern.exec(stat[0]);
			if (match && Number(match[2]) < 4096) {
				const fields = expected.get(Number(match[2])) ?? new Map<string, bigint>();
				fields.set(`${match[1]}.${match[3]}`, stat[1]);
				expected.set(Number(match[2]), fields);
			} else {
				totals.push(stat);
			}
		}

		const split = splitQueueStats(stats, driver);
		if (expected.size === 0) {
			t.deepEqual(split, {family: '', queues: [], totals: stats});
			return;
		}

		t.deepEqual(split.totals, totals);
		t.deepEqual(split.queues.map(q => q.index), [...expected.keys()].sort((a, b) => a - b));
		for (const queue of split.queues) {
			const fields = expected.get(queue.index)!;
			t.is(queue.rx?.packets, fields.get('rx.packets'));
			t.is(queue.tx?.bytes, fields.get('tx.bytes'));
			const dirs = new Set([...fields.keys()].map(key => key.split('.')[0]));
			t.is(queue.role, dirs.size === 2 ? 'combined' : (dirs.has('rx') ? 'rx' : 'tx'));
		}
	}), {numRuns: 400});
});

test('property: the order of the list changes no queue (named shapes), and nothing throws for any driver', t => {
	fc.assert(fc.property(statList, fc.string({maxLength: 12}), (stats, driver) => {
		const reversed = [...stats].reverse();
		const forward = splitQueueStats(stats, driver);
		const backward = splitQueueStats(reversed, driver);
		t.deepEqual(backward.queues, forward.queues);
		t.deepEqual(backward.totals, [...forward.totals].reverse());
		for (const queue of forward.queues) {
			t.true(Number.isSafeInteger(queue.index) && queue.index >= 0 && queue.index < 4096);
		}
	}), {numRuns: 300});
});
