// mlx5_core (drivers/net/ethernet/mellanox/mlx5/core), the ConnectX VF of
// older Accelerated Networking sizes. Numbers and names from the kernel
// source, cited beside each; the stat list is the part a VF shows on Azure
// that hvtop reads, in the driver's group order (see statNames).
import type {DriverFacts} from './facts.js';
import {roundUpPowerOfTwo, type VfDriverFacts} from './vf-driver.js';

export const name = 'mlx5_core';

// Channels (en.h: MLX5E_MAX_NUM_CHANNELS; en_main.c:mlx5e_build_nic_params sets
// num_channels = min(MLX5E_MAX_NUM_CHANNELS / 2, max_nch), and max_nch is
// bounded by the completion vectors, one per online CPU).
export const maxChannels = 128;
export const defaultChannels = maxChannels / 2;

// Rings (en.h: MLX5E_PARAMS_{MINIMUM,DEFAULT,MAXIMUM}_LOG_{RQ,SQ}_SIZE;
// en_ethtool.c:mlx5e_ethtool_set_ringparam refuses below the minimum with
// -EINVAL and takes order_base_2 of the rest, i.e. rounds up to a power of two).
/** RQ: minimum 1 << (1 + MLX5E_LOG_MAX_RX_WQE_BULK) = 16 with 4 KiB pages; default 1 << 0xa; maximum 1 << 0xd. */
export const rxRing = {min: 16, default: 1024, max: 8192} as const;
/** SQ: 1 << 0x6, 1 << 0xa, 1 << 0xd. */
export const txRing = {min: 64, default: 1024, max: 8192} as const;

// RSS (en/rqt.c:mlx5e_rqt_size; en.h MLX5E_RSS_TOEPLITZ_KEY_SIZE, the TIR's 40-byte field).
export const hashKeyBytes = 40;
/** MLX5E_INDIR_MIN_RQT_SIZE. */
export const minTableSize = 256;
/** MLX5E_UNIFORM_SPREAD_RQT_FACTOR. */
export const spreadFactor = 8;

/** mlx5e_rqt_size for the maximum channel count (what `ethtool -x` shows). */
export function tableSize(maxChannelCount: number): number {
	return Math.max(minTableSize, roundUpPowerOfTwo(maxChannelCount * spreadFactor));
}

// `ethtool -S` (en_stats.c, en_ethtool.c:mlx5e_get_strings): the software
// group, the queue counters (rx_out_of_buffer), the vport group, then per
// channel: every channel's ch stats, every RQ's, every SQ's. Only the
// counters hvtop reads are listed from each group.
export const swStatNames = [
	'rx_packets',
	'rx_bytes',
	'tx_packets',
	'tx_bytes',
	'tx_tso_packets',
	'tx_tso_bytes',
	'rx_csum_unnecessary',
	'rx_csum_none',
	'rx_xdp_drop',
	'tx_queue_stopped',
	'tx_queue_dropped',
	'tx_queue_wake',
	'rx_wqe_err',
	'rx_buff_alloc_err',
] as const;

/** q_stats_desc: RX ring exhaustion is rx_out_of_buffer. */
export const queueCounterStatNames = ['rx_out_of_buffer', 'rx_if_down_packets'] as const;

export const vportStatNames = ['rx_vport_unicast_packets', 'rx_vport_unicast_bytes', 'tx_vport_unicast_packets', 'tx_vport_unicast_bytes'] as const;

export const channelStatPatterns = ['ch%_events', 'ch%_poll', 'ch%_arm', 'ch%_aff_change', 'ch%_force_irq', 'ch%_eq_rearm'] as const;

export const rxQueueStatPatterns = [
	'rx%_packets',
	'rx%_bytes',
	'rx%_csum_complete',
	'rx%_csum_unnecessary',
	'rx%_csum_none',
	'rx%_xdp_drop',
	'rx%_wqe_err',
	'rx%_buff_alloc_err',
] as const;

export const txQueueStatPatterns = [
	'tx%_packets',
	'tx%_bytes',
	'tx%_tso_packets',
	'tx%_tso_bytes',
	'tx%_csum_partial',
	'tx%_stopped',
	'tx%_dropped',
	'tx%_wake',
] as const;

const fill = (pattern: string, queue: number): string => pattern.replace('%', String(queue));

export function statNames(channels: number): string[] {
	const names: string[] = [...swStatNames, ...queueCounterStatNames, ...vportStatNames];
	for (const patterns of [channelStatPatterns, rxQueueStatPatterns, txQueueStatPatterns]) {
		for (let q = 0; q < channels; q++) {
			for (const pattern of patterns) {
				names.push(fill(pattern, q));
			}
		}
	}

	return names;
}

export const errorStatNames: readonly string[] = ['tx_queue_dropped', 'rx_wqe_err', 'rx_buff_alloc_err', 'rx_out_of_buffer'];

export const mlx5: DriverFacts = {
	name,
	ringUnit: 'descriptors',
	errorStatNames,
	vmbus: false,
	// mlx5e_safe_switch_params opens fresh channels; the per-queue stats persist (priv->channel_stats).
	recreatesQueues: false,
};

export const mlx5Vf: VfDriverFacts = {
	name,
	hwMaxChannels: maxChannels,
	defaultChannels,
	rxRing,
	txRing,
	rssKeyBytes: hashKeyBytes,
	rssTableSize: maxChannelCount => tableSize(maxChannelCount),
	// en/rss.c: Toeplitz or XOR.
	hashFunctions: ['toeplitz', 'xor'],
	rxCqeFrames: [],
	rxfhNeedsPortUp: false,
	rxfh: {
		// Mlx5e_get_rxfh_indir_size: mlx5e_rqt_size for the maximum channels, from 256 (1 channel) to 1024 (128).
		tableEntries: {min: minTableSize, max: tableSize(maxChannels)},
		// Mlx5e_set_rxfh: Toeplitz or XOR (XOR only up to the channels an XOR8 table can address: EINVAL).
		hashFunction: {code: 'EOPNOTSUPP', message: 'mlx5_core hashes with Toeplitz or XOR only'},
	},
	busyWhileRdma: false,
	// mlx5e_select_queue → netdev_pick_tx → skb_tx_hash (reciprocal_scale over the TX queues).
	txPick: 'skb-hash',
	// priv->channel_stats outlive the channels.
	restartsQueueCounters: false,
	statNames,
	queueStat: {
		rxPackets: q => `rx${q}_packets`,
		rxBytes: q => `rx${q}_bytes`,
		txPackets: q => `tx${q}_packets`,
		txBytes: q => `tx${q}_bytes`,
	},
	totalStats: {rxPackets: 'rx_packets', rxBytes: 'rx_bytes', txPackets: 'tx_packets', txBytes: 'tx_bytes'},
	rxNoBufferStat: 'rx_out_of_buffer',
};
