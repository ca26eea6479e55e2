// What the VF model needs of a VF driver (mana, mlx5_core): its ethtool
// bounds, defaults and errors, and its `ethtool -S` layout, as data. Each
// driver file fills one of these from its kernel source; the model reads only
// this, so a third VF driver is one more file.
import type {ErrnoName} from '../errors.js';

export type RingBounds = {readonly min: number; readonly default: number; readonly max: number};

/** A refusal of the driver: the errno its callback returns and why, in words. */
export type DriverRefusal = {readonly code: ErrnoName; readonly message: string};

/**
 * `ethtool -X` on the VF as its driver takes it: the sizes its indirection table can
 * have (`ethtool -x` shows the one it has) and what it refuses. The ethtool core
 * checks before it (entries below the RX rings, a key of rssKeyBytes: EINVAL).
 */
export type RxfhFacts = {
	/** The table sizes the driver can report: the plan refuses a reading outside them (not the driver hvtop knows). */
	readonly tableEntries: {readonly min: number; readonly max: number};
	/** set_rxfh while the port is down (MANA: -EOPNOTSUPP unless port_is_up); absent: no such refusal. */
	readonly portDown?: DriverRefusal;
	/** set_rxfh with a hash function the driver lacks. */
	readonly hashFunction: DriverRefusal;
};

export type VfDriverFacts = {
	readonly name: 'mana' | 'mlx5_core';
	/** Combined channels only. The maximum is min(online vCPUs, hwMaxChannels). */
	readonly hwMaxChannels: number;
	/** The default channel count before the vCPU and hardware bounds. */
	readonly defaultChannels: number;
	readonly rxRing: RingBounds;
	readonly txRing: RingBounds;
	/** Toeplitz key length, bytes. */
	readonly rssKeyBytes: number;
	/** The indirection table size for a channel count (and the host's offer, MANA). */
	rssTableSize(channels: number, hostEntries: number | undefined): number;
	/** Hash functions `ethtool -X hfunc` accepts (the first is the default). */
	readonly hashFunctions: readonly string[];
	/** `rx-cqe-frames` values `ethtool -C` accepts (the first is the default); empty: not supported. */
	readonly rxCqeFrames: readonly number[];
	/** set_rxfh returns -EOPNOTSUPP while the port is down (MANA). */
	readonly rxfhNeedsPortUp: boolean;
	/** `ethtool -X` bounds and refusals (the vf-rss change kind). */
	readonly rxfh: RxfhFacts;
	/** set_channels returns -EBUSY while RDMA holds the port (MANA). */
	readonly busyWhileRdma: boolean;
	/** How the driver picks a TX queue: its own indirection table (MANA), or the core's skb_tx_hash (mlx5). */
	readonly txPick: 'indirection' | 'skb-hash';
	/** A channel or ring change frees the queues and their counters (MANA's detach/attach); mlx5 keeps its channel stats. */
	readonly restartsQueueCounters: boolean;
	/** `ethtool -S` names in driver order for a channel count. */
	statNames(channels: number): string[];
	/** Per-queue traffic counter names. */
	readonly queueStat: {
		rxPackets(queue: number): string;
		rxBytes(queue: number): string;
		txPackets(queue: number): string;
		txBytes(queue: number): string;
	};
	/** Device totals (packets and bytes both ways). */
	readonly totalStats: {readonly rxPackets: string; readonly rxBytes: string; readonly txPackets: string; readonly txBytes: string};
	/** Packets dropped because the receive ring had no free descriptor. */
	readonly rxNoBufferStat: string;
};

/** roundup_pow_of_two (include/linux/log2.h); 0 and 1 give 1. */
export function roundUpPowerOfTwo(value: number): number {
	let power = 1;
	while (power < value) {
		power *= 2;
	}

	return power;
}
