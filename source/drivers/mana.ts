// mana (drivers/net/ethernet/microsoft/mana), the Microsoft Azure Network
// Adapter: the VF of newer Azure sizes, enslaved to hv_netvsc. Every number
// and name below is from the kernel source; the file is cited beside each.
import type {DriverFacts} from './facts.js';
import {roundUpPowerOfTwo, type VfDriverFacts} from './vf-driver.js';

export const name = 'mana';

// Channels (include/net/mana/mana.h; gdma_main.c:mana_gd_setup_irqs caps the
// queues per port at num_online_cpus(); mana_en.c:mana_probe_port sets
// num_queues = min(max_queues, MANA_DEF_NUM_QUEUES)).
/** MANA_MAX_NUM_QUEUES. */
export const maxQueues = 64;
/** MANA_DEF_NUM_QUEUES. */
export const defaultQueues = 16;

// Rings (include/net/mana/mana.h; mana_ethtool.c:mana_set_ringparam refuses
// a value below the minimum with -EINVAL and rounds the rest up to a power of two).
/** MIN/DEF/MAX_RX_BUFFERS_PER_QUEUE. */
export const rxRing = {min: 128, default: 1024, max: 8192} as const;
/** MIN/DEF/MAX_TX_BUFFERS_PER_QUEUE. */
export const txRing = {min: 128, default: 256, max: 16_384} as const;

// RSS (include/net/mana/mana.h; mana_en.c:mana_query_vport_cfg).
/** MANA_HASH_KEY_SIZE. */
export const hashKeyBytes = 40;
/** MANA_INDIRECT_TABLE_DEF_SIZE: used when the host offers no valid size. */
export const defaultTableSize = 64;
/** MANA_INDIRECT_TABLE_MAX_SIZE. */
export const maxTableSize = 512;

/** mana_query_vport_cfg: the host's num_indirection_ent when a power of two in 1…512, else 64. */
export function tableSizeFromHost(hostEntries: number | undefined): number {
	const valid = hostEntries !== undefined && Number.isInteger(hostEntries) && hostEntries > 0 && hostEntries <= maxTableSize
		&& roundUpPowerOfTwo(hostEntries) === hostEntries;
	return valid ? hostEntries : defaultTableSize;
}

/** MANA_RXCOMP_OOB_NUM_PPI: packets per coalesced CQE; `rx-cqe-frames` is 1 (off, the default) or 4. */
export const cqeFramesCoalesced = 4;

// `ethtool -S` (mana_ethtool.c:mana_get_strings_stats): driver counters, hardware
// counters, physical-port counters, then every RX queue, then every TX queue.
export const ethStatNames = ['stop_queue', 'wake_queue', 'tx_cq_err', 'tx_cqe_unknown_type', 'tx_linear_pkt_cnt', 'rx_cqe_unknown_type'] as const;

export const hcStatNames = [
	'hc_rx_discards_no_wqe',
	'hc_rx_err_vport_disabled',
	'hc_rx_bytes',
	'hc_rx_ucast_pkts',
	'hc_rx_ucast_bytes',
	'hc_rx_bcast_pkts',
	'hc_rx_bcast_bytes',
	'hc_rx_mcast_pkts',
	'hc_rx_mcast_bytes',
	'hc_tx_err_gf_disabled',
	'hc_tx_err_vport_disabled',
	'hc_tx_err_inval_vportoffset_pkt',
	'hc_tx_err_vlan_enforcement',
	'hc_tx_err_eth_type_enforcement',
	'hc_tx_err_sa_enforcement',
	'hc_tx_err_sqpdid_enforcement',
	'hc_tx_err_cqpdid_enforcement',
	'hc_tx_err_mtu_violation',
	'hc_tx_err_inval_oob',
	'hc_tx_err_gdma',
	'hc_tx_bytes',
	'hc_tx_ucast_pkts',
	'hc_tx_ucast_bytes',
	'hc_tx_bcast_pkts',
	'hc_tx_bcast_bytes',
	'hc_tx_mcast_pkts',
	'hc_tx_mcast_bytes',
] as const;

const trafficClasses = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/** mana_phy_stats: the two drop counters, per-TC traffic (tc by tc), then per-TC pause. */
export const phyStatNames: readonly string[] = [
	'hc_rx_pkt_drop_phy',
	'hc_tx_pkt_drop_phy',
	...trafficClasses.flatMap(tc => [`hc_tc${tc}_rx_pkt_phy`, `hc_tc${tc}_rx_byte_phy`, `hc_tc${tc}_tx_pkt_phy`, `hc_tc${tc}_tx_byte_phy`]),
	...trafficClasses.flatMap(tc => [`hc_tc${tc}_rx_pause_phy`, `hc_tc${tc}_tx_pause_phy`]),
];

/** Per RX queue, `%` is the queue (MANA_STATS_RX_COUNT = 6 + MANA_RXCOMP_OOB_NUM_PPI − 1). */
export const rxQueueStatPatterns = [
	'rx_%_packets',
	'rx_%_bytes',
	'rx_%_xdp_drop',
	'rx_%_xdp_tx',
	'rx_%_xdp_redirect',
	'rx_%_pkt_len0_err',
	'rx_%_coalesced_cqe_2',
	'rx_%_coalesced_cqe_3',
	'rx_%_coalesced_cqe_4',
] as const;

/** Per TX queue (MANA_STATS_TX_COUNT = 11). */
export const txQueueStatPatterns = [
	'tx_%_packets',
	'tx_%_bytes',
	'tx_%_xdp_xmit',
	'tx_%_tso_packets',
	'tx_%_tso_bytes',
	'tx_%_tso_inner_packets',
	'tx_%_tso_inner_bytes',
	'tx_%_long_pkt_fmt',
	'tx_%_short_pkt_fmt',
	'tx_%_csum_partial',
	'tx_%_mana_map_err',
] as const;

const fill = (pattern: string, queue: number): string => pattern.replace('%', String(queue));

export function statNames(queues: number): string[] {
	const names: string[] = [...ethStatNames, ...hcStatNames, ...phyStatNames];
	for (let q = 0; q < queues; q++) {
		for (const pattern of rxQueueStatPatterns) {
			names.push(fill(pattern, q));
		}
	}

	for (let q = 0; q < queues; q++) {
		for (const pattern of txQueueStatPatterns) {
			names.push(fill(pattern, q));
		}
	}

	return names;
}

/** The global counters that only ever count trouble, in driver order. */
export const errorStatNames: readonly string[] = [
	...ethStatNames.filter(stat => stat !== 'tx_linear_pkt_cnt'),
	...hcStatNames.filter(stat => stat.includes('_err_') || stat === 'hc_rx_discards_no_wqe'),
	'hc_rx_pkt_drop_phy',
	'hc_tx_pkt_drop_phy',
];

export const mana: DriverFacts = {
	name,
	ringUnit: 'descriptors',
	errorStatNames,
	vmbus: false,
	// mana_set_channels/mana_set_ringparam: mana_detach + mana_attach re-create every queue.
	recreatesQueues: true,
};

export const manaVf: VfDriverFacts = {
	name,
	hwMaxChannels: maxQueues,
	defaultChannels: defaultQueues,
	rxRing,
	txRing,
	rssKeyBytes: hashKeyBytes,
	rssTableSize: (_channels, hostEntries) => tableSizeFromHost(hostEntries),
	// mana_set_rxfh: Toeplitz only.
	hashFunctions: ['toeplitz'],
	rxCqeFrames: [1, cqeFramesCoalesced],
	// Mana_set_rxfh: -EOPNOTSUPP unless port_is_up.
	rxfhNeedsPortUp: true,
	rxfh: {
		// Mana_get_rxfh_indir_size returns indir_table_sz: the host's offer, a power of two up to 512, else 64.
		tableEntries: {min: 1, max: maxTableSize},
		// Mana_set_rxfh: port_is_up is set by mana_open (the netdev brought up) and cleared by mana_close.
		portDown: {code: 'EOPNOTSUPP', message: 'mana refuses ethtool -X while the port is down (mana_set_rxfh needs port_is_up: bring the VF up first)'},
		hashFunction: {code: 'EOPNOTSUPP', message: 'mana hashes with Toeplitz only'},
	},
	// Mana_set_channels: -EBUSY when !port_is_up && vport_use_count (RDMA holds the vport).
	busyWhileRdma: true,
	// mana_en.c:mana_get_tx_queue: indir_table[skb hash & (indir_table_sz − 1)].
	txPick: 'indirection',
	// mana_detach frees apc->rxqs/tx_qp and their stats; the hc_* counters are the hardware's.
	restartsQueueCounters: true,
	statNames,
	queueStat: {
		rxPackets: q => `rx_${q}_packets`,
		rxBytes: q => `rx_${q}_bytes`,
		txPackets: q => `tx_${q}_packets`,
		txBytes: q => `tx_${q}_bytes`,
	},
	totalStats: {rxPackets: 'hc_rx_ucast_pkts', rxBytes: 'hc_rx_bytes', txPackets: 'hc_tx_ucast_pkts', txBytes: 'hc_tx_bytes'},
	rxNoBufferStat: 'hc_rx_discards_no_wqe',
};
