// What hvtop needs to know about one network driver, as data: the live source,
// the parsers, the model and advice read these instead of comparing driver
// names, so another driver (mana, mlx5_core, virtio_net…) is one new file in
// this folder plus one line in index.ts.

export type DriverFacts = {
	/** The name `ethtool -i` and sysfs (`device/driver`) report. */
	readonly name: string;
	/** What `ethtool -g` counts: hv_netvsc's rx/tx are buffer sections, not descriptors. */
	readonly ringUnit: 'sections' | 'descriptors';
	/**
	 * `ethtool -S` names of the driver's global error counters, in driver order.
	 * Empty: the driver has none, and sysfs drops/errors are shown instead.
	 */
	readonly errorStatNames: readonly string[];
	/**
	 * The device is a synthetic NIC on VMBus: its channels have CPUs in sysfs, it
	 * may be paired with a VF (Accelerated Networking), and its sysfs totals
	 * include the VF path, so they can never stand in for per-queue counters.
	 */
	readonly vmbus: boolean;
	/** A channel or ring change re-creates every queue (detach/attach), so their counters restart. */
	readonly recreatesQueues: boolean;
	/**
	 * A known host bug with rapid repeated re-creations of the device (the address):
	 * hvtop rate-limits its channel and ring changes (source/tuning/rate-limit.ts).
	 */
	readonly rapidRecreateBug?: string;
	/**
	 * The `ethtool -N rx-flow-hash` field sets the driver accepts for tcp4 tcp6 udp4 udp6 and what
	 * the setting steers; absent: hvtop does not know (the driver answers for itself).
	 */
	readonly flowHash?: {readonly fields: readonly string[]; readonly steers: 'transmit' | 'receive'};
};
