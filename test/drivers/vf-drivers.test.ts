import test from 'ava';
import {driverFacts, knownErrorStatNames, mana, manaVf, mlx5, mlx5Vf, vfDriverFacts} from '../../source/drivers/index.js';
import {hcStatNames, phyStatNames, statNames as manaStatNames, tableSizeFromHost} from '../../source/drivers/mana.js';
import {statNames as mlx5StatNames, tableSize} from '../../source/drivers/mlx5.js';
import {roundUpPowerOfTwo} from '../../source/drivers/vf-driver.js';

test('mana and mlx5_core are registered beside hv_netvsc, with VF facts', t => {
	t.is(driverFacts('mana'), mana);
	t.is(driverFacts('mlx5_core'), mlx5);
	t.is(vfDriverFacts('mana'), manaVf);
	t.is(vfDriverFacts('mlx5_core'), mlx5Vf);
	t.is(vfDriverFacts('hv_netvsc'), undefined);
	t.is(vfDriverFacts(undefined), undefined);
	t.like(mana, {ringUnit: 'descriptors', vmbus: false, recreatesQueues: true});
	t.like(mlx5, {ringUnit: 'descriptors', vmbus: false, recreatesQueues: false});
});

test('MANA bounds from mana.h: 64 queues, default 16; rings 128…8192 (1024) and 128…16384 (256); key 40', t => {
	t.like(manaVf, {hwMaxChannels: 64, defaultChannels: 16, rssKeyBytes: 40, busyWhileRdma: true, txPick: 'indirection'});
	t.deepEqual(manaVf.rxRing, {min: 128, default: 1024, max: 8192});
	t.deepEqual(manaVf.txRing, {min: 128, default: 256, max: 16_384});
	t.deepEqual(manaVf.rxCqeFrames, [1, 4]);
	t.deepEqual(manaVf.hashFunctions, ['toeplitz']);
});

test('MANA table size: the host offer when a power of two up to 512, else 64', t => {
	t.is(tableSizeFromHost(undefined), 64);
	t.is(tableSizeFromHost(256), 256);
	t.is(tableSizeFromHost(512), 512);
	t.is(tableSizeFromHost(1024), 64);
	t.is(tableSizeFromHost(100), 64);
	t.is(tableSizeFromHost(0), 64);
});

test('mlx5 bounds: 128 channels, default 64; RQ 16…8192, SQ 64…8192 (1024 each); table ≥ 256, 8 entries per channel', t => {
	t.like(mlx5Vf, {hwMaxChannels: 128, defaultChannels: 64, busyWhileRdma: false, txPick: 'skb-hash'});
	t.deepEqual(mlx5Vf.rxRing, {min: 16, default: 1024, max: 8192});
	t.deepEqual(mlx5Vf.txRing, {min: 64, default: 1024, max: 8192});
	t.deepEqual(mlx5Vf.rxCqeFrames, []);
	t.is(tableSize(8), 256);
	t.is(tableSize(32), 256);
	t.is(tableSize(33), 512);
	t.is(tableSize(64), 512);
});

test('roundup_pow_of_two', t => {
	t.deepEqual([0, 1, 2, 3, 128, 129, 1000, 1024, 1025].map(roundUpPowerOfTwo), [1, 1, 2, 4, 128, 256, 1024, 1024, 2048]);
});

test('MANA ethtool -S order: driver, hc_*, phy, then every rx queue, then every tx queue', t => {
	const names = manaStatNames(2);
	t.deepEqual(names.slice(0, 7), ['stop_queue', 'wake_queue', 'tx_cq_err', 'tx_cqe_unknown_type', 'tx_linear_pkt_cnt', 'rx_cqe_unknown_type', 'hc_rx_discards_no_wqe']);
	// Hc_tx_err_gdma comes before the tx totals (mana_hc_stats order).
	t.true(hcStatNames.indexOf('hc_tx_err_gdma') < hcStatNames.indexOf('hc_tx_bytes'));
	t.is(phyStatNames.length, 2 + (8 * 4) + (8 * 2));
	t.deepEqual(phyStatNames.slice(0, 4), ['hc_rx_pkt_drop_phy', 'hc_tx_pkt_drop_phy', 'hc_tc0_rx_pkt_phy', 'hc_tc0_rx_byte_phy']);
	const queueStart = 6 + hcStatNames.length + phyStatNames.length;
	t.deepEqual(names.slice(queueStart, queueStart + 10), [
		'rx_0_packets', 'rx_0_bytes', 'rx_0_xdp_drop', 'rx_0_xdp_tx', 'rx_0_xdp_redirect', 'rx_0_pkt_len0_err',
		'rx_0_coalesced_cqe_2', 'rx_0_coalesced_cqe_3', 'rx_0_coalesced_cqe_4', 'rx_1_packets',
	]);
	t.is(names[queueStart + 18], 'tx_0_packets');
	t.is(names.at(-1), 'tx_1_mana_map_err');
	// Mana_get_sset_count: eth + phy + hc + queues × (9 + 11).
	t.is(names.length, 6 + hcStatNames.length + phyStatNames.length + (2 * 20));
	t.is(new Set(names).size, names.length);
});

test('mlx5 ethtool -S order: globals with rx_out_of_buffer, then ch, rx and tx per channel', t => {
	const names = mlx5StatNames(2);
	t.true(names.includes('rx_out_of_buffer'));
	const ch0 = names.indexOf('ch0_events');
	const ch1 = names.indexOf('ch1_events');
	const rx0 = names.indexOf('rx0_packets');
	const rx1 = names.indexOf('rx1_packets');
	const tx0 = names.indexOf('tx0_packets');
	t.true(names.indexOf('rx_out_of_buffer') < ch0);
	t.true(ch0 < ch1 && ch1 < rx0 && rx0 < rx1 && rx1 < tx0);
	t.is(names.at(-1), 'tx1_wake');
	t.is(new Set(names).size, names.length);
});

test('each driver\'s counter names exist in its own -S layout', t => {
	for (const facts of [manaVf, mlx5Vf]) {
		const names = new Set(facts.statNames(3));
		for (const q of [0, 2]) {
			for (const stat of [facts.queueStat.rxPackets(q), facts.queueStat.rxBytes(q), facts.queueStat.txPackets(q), facts.queueStat.txBytes(q)]) {
				t.true(names.has(stat), stat);
			}
		}

		for (const stat of [...Object.values(facts.totalStats), facts.rxNoBufferStat]) {
			t.true(names.has(stat), stat);
		}
	}
});

test('the error counters of every known driver are known, and are globals of their driver', t => {
	t.true(knownErrorStatNames.has('hc_rx_discards_no_wqe'));
	t.true(knownErrorStatNames.has('rx_out_of_buffer'));
	t.true(knownErrorStatNames.has('tx_send_full'));
	t.false(knownErrorStatNames.has('hc_rx_bytes'));
	for (const facts of [mana, mlx5]) {
		const names = new Set(facts.name === 'mana' ? manaStatNames(0) : mlx5StatNames(0));
		t.true(facts.errorStatNames.every(name => names.has(name)));
	}
});
