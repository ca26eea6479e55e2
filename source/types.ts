// Typed values shared by every layer. Parsers (source/ethtool), the model
// (source/netvsc) and the sources produce these; stats and the UI consume them.

/** An operation failure, returned as data and never thrown at the UI. */
export type OpError = {
	/** Symbolic errno, e.g. 'EINVAL', 'EOPNOTSUPP', 'ENODEV', 'EPERM', 'ETIMEDOUT'. */
	readonly code: string;
	/** Numeric errno (22 for EINVAL…); 0 when the failure is not an errno (timeout, garbage). */
	readonly errno: number;
	/** The driver's / ethtool's own message, for display. */
	readonly message: string;
};

export type Result<T> =
	| {readonly ok: true; readonly value: T}
	| {readonly ok: false; readonly error: OpError};

export const ok = <T>(value: T): Result<T> => ({ok: true, value});
export const fail = <T = never>(error: OpError): Result<T> => ({ok: false, error});

/** `ethtool -l`. A maximum of 0 means the driver reports none ("n/a"). */
export type Channels = {
	readonly maxRx: number;
	readonly maxTx: number;
	readonly maxOther: number;
	readonly maxCombined: number;
	readonly rx: number;
	readonly tx: number;
	readonly other: number;
	readonly combined: number;
};

/** A set-channels request: only the fields given are changed (as `ethtool -L`). */
export type ChannelRequest = Partial<Pick<Channels, 'rx' | 'tx' | 'other' | 'combined'>>;

/** `ethtool -g`. For hv_netvsc the unit is buffer sections, not descriptors. */
export type Rings = {
	readonly rxMax: number;
	readonly txMax: number;
	readonly rx: number;
	readonly tx: number;
	readonly unit: 'sections' | 'descriptors';
	/** Bytes per section (netvsc only), so the UI can show buffer sizes. */
	readonly rxSectionBytes?: number;
	readonly txSectionBytes?: number;
};

/** A set-rings request (as `ethtool -G`): rx-mini, rx-jumbo and the rest exist to be refused. */
export type RingRequest = {
	readonly rx?: number;
	readonly tx?: number;
	readonly rxMini?: number;
	readonly rxJumbo?: number;
	readonly rxBufLen?: number;
};

/** One line of `ethtool -k`. */
export type Feature = {
	readonly name: string;
	readonly on: boolean;
	readonly fixed: boolean;
};

/** `ethtool -x`. */
export type Rss = {
	readonly table: readonly number[];
	/** Lower-case hex bytes joined by ':' as ethtool prints them. */
	readonly key: string;
	readonly hfunc: string;
	/** The table was set by the user (IFF_RXFH_CONFIGURED): known on the model; ethtool does not print it. */
	readonly configured?: boolean;
};

/**
 * `ethtool -X DEV …` in ethtool's own words: one table form (`equal N`,
 * `weight W…`, `default`) and/or `hkey` (hex bytes joined by colons).
 */
export type RssRequest = {
	readonly equal?: number;
	readonly weights?: readonly number[];
	readonly reset?: boolean;
	readonly key?: string;
};

/** `ethtool -n DEV rx-flow-hash TYPE` for the four flow types netvsc hashes: ethtool's field letters ("sd", "sdfn"). */
export type FlowHash = {
	readonly tcp4: string;
	readonly tcp6: string;
	readonly udp4: string;
	readonly udp6: string;
};

/** `ethtool -N DEV rx-flow-hash TYPE FIELDS`: one flow type (tcp4 tcp6 udp4 udp6), ethtool's letters. */
export type FlowHashRequest = {
	readonly flowType: string;
	readonly fields: string;
};

/**
 * `/proc/net/snmp` as far as fragmentation matters: the `Ip:` and `Udp:`
 * counters by the kernel's own header names (FragCreates, ReasmFails,
 * InDatagrams, RcvbufErrors, …), u64 exact; a name the kernel does not list is absent.
 */
export type SnmpCounters = {
	readonly ip: Readonly<Record<string, bigint>>;
	readonly udp: Readonly<Record<string, bigint>>;
};

/** `ethtool -i`. */
export type DriverInfo = {
	readonly driver: string;
	readonly version: string;
	readonly firmwareVersion: string;
	readonly busInfo: string;
};

export type Link = {
	readonly up: boolean;
	readonly carrier: boolean;
	/** Mb/s; undefined when unknown. */
	readonly speedMbps?: number;
	readonly duplex?: 'full' | 'half' | 'unknown';
};

/** One counter of `ethtool -S`, in the driver's order. 64-bit exact. */
export type Stat = readonly [name: string, value: bigint];

/** Traffic counters, per queue, per CPU, of the VF and of the kernel: what a snapshot carries (netvsc/ and sources/ both make them). */
export type QueueCounters = {
	readonly index: number;
	readonly rxPackets: bigint;
	readonly rxBytes: bigint;
	readonly txPackets: bigint;
	readonly txBytes: bigint;
};

export type CpuCounters = {
	readonly cpu: number;
	readonly rxPackets: bigint;
	readonly rxBytes: bigint;
	readonly txPackets: bigint;
	readonly txBytes: bigint;
	readonly vfRxPackets: bigint;
	readonly vfRxBytes: bigint;
	readonly vfTxPackets: bigint;
	readonly vfTxBytes: bigint;
};

export type VfCounters = {
	readonly rxPackets: bigint;
	readonly rxBytes: bigint;
	readonly txPackets: bigint;
	readonly txBytes: bigint;
	readonly txDropped: bigint;
};

/** What a queue carries: receive, transmit, or both (a combined channel). */
export type QueueRole = 'rx' | 'tx' | 'combined';

/** One queue of the VF, from its own driver's `ethtool -S` names; a count the driver lacks is absent. */
export type VfQueueCounters = QueueCounters & {
	readonly role: QueueRole;
	readonly rxDrops?: bigint;
	readonly txDrops?: bigint;
	/** The CPU the queue's interrupt lands on (its MSI-X vector's affinity), when known. */
	readonly cpu?: number;
	/** Interrupts its MSI-X vector took, summed over CPUs (/proc/interrupts; u32 per CPU in the kernel), when known. */
	readonly interrupts?: bigint;
};

/** `ethtool -c` as far as hvtop tunes it: MANA's CQE coalescing (rx-cqe-frames 1 or 4). */
export type Coalesce = {
	readonly rxCqeFrames: number;
	readonly rxCqeNsecs?: number;
};

export type CoalesceRequest = {
	readonly rxCqeFrames: number;
};

/**
 * The VF (Accelerated Networking: mana, mlx5_core) paired with a netvsc device,
 * read through its own driver. Absent from the snapshot when the device has no VF.
 */
export type VfDeviceSnapshot = {
	/** The VF netdev, e.g. enP30832s1. */
	readonly name: string;
	/** Its driver, e.g. mana or mlx5_core. */
	readonly driver: string;
	/**
	 * Tells VF instances apart: a servicing removes the VF and adds a new netdev
	 * with the driver's defaults (the live source uses its ifindex, the model an epoch).
	 */
	readonly instance: number;
	readonly channels: Result<Channels>;
	readonly rings: Result<Rings>;
	readonly coalesce?: Result<Coalesce>;
	/** `ethtool -x` of the VF: its own indirection table and key (receive traffic on the VF follows it); absent when not read. */
	readonly rss?: Result<Rss>;
	/**
	 * The VF netdev is up (IFF_UP in sysfs `flags`: it was opened, and MANA's port is up only
	 * then; it refuses `ethtool -X` otherwise); absent when unknown.
	 */
	readonly up?: boolean;
	/** Raw `ethtool -S` of the VF, in its driver's order. */
	readonly stats: Result<readonly Stat[]>;
	/** Per-queue counters from `stats`; empty when the driver's names have no queues. */
	readonly queues: readonly VfQueueCounters[];
	/** The VF driver's error counters (hc_rx_discards_no_wqe, rx_out_of_buffer, ...), in its order. */
	readonly errors: readonly Stat[];
	/** Each queue's MSI-X vector and the CPUs it may go to (`/proc/irq/N/smp_affinity_list`), when the source reads them. */
	readonly queueIrqs?: readonly VfQueueIrqAffinity[];
};

/** A VF queue's interrupt: its IRQ number and its allowed CPUs (smp_affinity_list). */
export type VfQueueIrqAffinity = {
	readonly queue: number;
	readonly irq: number;
	readonly cpus: readonly number[];
};

/** Per-CPU kernel counters from /proc/softirqs and /proc/net/softnet_stat. */
export type SoftirqCounters = {
	readonly cpu: number;
	readonly netRx: bigint;
	readonly netTx: bigint;
	readonly dropped: bigint;
	readonly squeezed: bigint;
};

/**
 * One CPU's time from a `cpuN` line of /proc/stat, in USER_HZ ticks (jiffies), exact:
 * user nice system idle iowait irq softirq steal (guest time is already in user/nice).
 * Fields an older kernel does not print are 0.
 */
export type CpuTimes = {
	readonly cpu: number;
	readonly user: bigint;
	readonly nice: bigint;
	readonly system: bigint;
	readonly idle: bigint;
	readonly iowait: bigint;
	readonly irq: bigint;
	readonly softirq: bigint;
	readonly steal: bigint;
};
