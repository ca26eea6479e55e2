// The one interface every world (model, live, replay) implements. The UI asks
// a Source for nothing but this; it never learns where numbers come from,
// except `label` to say so on screen.
import type {
	Channels,
	CpuCounters,
	CpuTimes,
	QueueCounters,
	SoftirqCounters,
	VfCounters,
	VfDeviceSnapshot,
	ChannelRequest,
	Coalesce,
	CoalesceRequest,
	DriverInfo,
	Feature,
	FlowHash,
	FlowHashRequest,
	Link,
	Result,
	RingRequest,
	Rings,
	Rss,
	RssRequest,
	SnmpCounters,
	Stat,
} from '../types.js';
import type {IrqAffinityRequest} from './irq-affinity-request.js';

/** What setChannelCpu is asked: the queue → CPU map wanted, and the relids it was planned on (a re-created channel is refused). */
export type ChannelCpuRequest = {
	readonly channelCpus?: unknown;
	readonly channelRelids?: unknown;
	readonly [field: string]: unknown;
};

export type {IrqAffinityRequest} from './irq-affinity-request.js';

// The counter types live in types.ts (the model produces them too); re-exported for the sources' users.
export type {CpuCounters, CpuTimes, QueueCounters, SoftirqCounters, VfCounters} from '../types.js';

/** Everything known about one device at one instant. */
export type DeviceSnapshot = {
	readonly name: string;
	/** The app clock (ms) at which it was taken; rates divide by differences of this. */
	readonly at: number;
	readonly info: Result<DriverInfo>;
	readonly link: Link;
	/** The VF (Accelerated Networking) paired with this device, if any. */
	readonly vf?: string;
	/** Online vCPUs of the machine. */
	readonly vcpus: number;
	readonly channels: Result<Channels>;
	readonly rings: Result<Rings>;
	readonly features: Result<readonly Feature[]>;
	readonly rss: Result<Rss>;
	/** `ethtool -n rx-flow-hash` for tcp4 tcp6 udp4 udp6, when the source reads it; EOPNOTSUPP on veth. */
	readonly flowHash?: Result<FlowHash>;
	/** Raw `ethtool -S`, in the driver's order. */
	readonly stats: Result<readonly Stat[]>;
	/** Per-queue traffic counters, derived from `stats` (or sysfs). */
	readonly queues: readonly QueueCounters[];
	/** False when the driver has no per-queue counters and `queues` is one entry of device totals (veth). */
	readonly perQueue?: boolean;
	readonly cpus: readonly CpuCounters[];
	/** The driver's error/event counters (netvsc's global counters), in order. */
	readonly errors: readonly Stat[];
	readonly vfTraffic?: VfCounters;
	/**
	 * The VF through its own driver (queues, channels, rings), when the device
	 * has one and the source can read it; `vf` above names it either way.
	 */
	readonly vfDevice?: VfDeviceSnapshot;
	/** queue index → CPU serving it (VMBus channel target_cpu); empty when unknown. */
	readonly channelCpu: readonly number[];
	/** hv_netvsc's transmit send table (`ethtool -d`, 16 host-set entries), where the source reads it. */
	readonly sendTable?: readonly number[];
	/** queue index → its VMBus channel's relid (`channels/<relid>`), when the source reads them. */
	readonly channelRelids?: readonly number[];
	readonly softirqs: readonly SoftirqCounters[];
	/** Per online CPU, its time so far (/proc/stat), when the source reads it: the CPU view's shares. */
	readonly cpuTimes?: readonly CpuTimes[];
	/** Machine-wide IP fragmentation/reassembly and UDP counters (/proc/net/snmp), when the source reads them. */
	readonly snmp?: SnmpCounters;
	/**
	 * A running irqbalance (its pid), `false` when none runs; absent when unknown or not read
	 * (the live source asks only for a device whose VF has queue interrupts, at most once a minute).
	 */
	readonly irqbalance?: {readonly pid: number} | false;
	/**
	 * Bumped whenever the source knows the device's queues were re-created
	 * (a channel or ring change), so per-queue counters restarted from zero.
	 */
	readonly epoch: number;
};

export type SourceKind = 'model' | 'live' | 'replay';

/**
 * What changing this source's devices needs, declared by the source itself so
 * no caller tests which source it is: the model's device lives in this process
 * (an in-process guard, no root, a private journal); a live device outlives it
 * (a guard process, root, the ifindex to notice a re-created device); a replay
 * cannot be changed.
 */
export type SourceNeeds = {
	/** Where a change's guard runs; 'none': the source cannot be changed. */
	readonly guarding: 'in-process' | 'process' | 'none';
	/** A change needs CAP_NET_ADMIN. */
	readonly needsRoot: boolean;
	/** The journal may live in a private per-process temp dir (the device dies with the process). */
	readonly privateState: boolean;
	/** A failed revert belongs in the kernel log (a real device, not a simulation). */
	readonly kernelLog: boolean;
	/** The device's ifindex now: a different one means it was re-created. */
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
};

/** A device that lives in this process (the model): it dies with hvtop, so its guard and journal may too. */
export const inProcessNeeds: SourceNeeds = {guarding: 'in-process', needsRoot: false, privateState: true, kernelLog: false};

/** A source whose devices cannot be changed (a replay). */
export const unchangeableNeeds: SourceNeeds = {guarding: 'none', needsRoot: false, privateState: false, kernelLog: false};

/** Moves a replay through its recording; each call answers where it is now, in words. */
export type ReplayControl = {
	/** × or ÷ 2 (between ×1/8 and ×16). */
	speed(faster: boolean): string;
	/** Forward or back by `ms` of recording time, within it. */
	seek(ms: number): string;
};

export type Source = {
	/** Which world, for labels and the journal's record of it; what a change needs is `needs`. */
	readonly kind: SourceKind;
	readonly needs: SourceNeeds;
	/** Shown in the header, e.g. "MODEL — no hv_netvsc device found". */
	readonly label: string;
	/** What a live source reads (absolute roots, ethtool): a change's guard reads the same machine. */
	readonly origin?: {readonly sysfsRoot: string; readonly procfsRoot: string; readonly ethtool: string};
	/** A replay's speed and position (`hvtop replay`): the keys < > [ ] use it. */
	readonly replay?: ReplayControl;
	/** One line for the first screen, e.g. on the model: this machine's real NICs and how to watch them. */
	readonly notice?: string;
	devices(): Promise<readonly string[]>;
	snapshot(device: string, now: number): Promise<Result<DeviceSnapshot>>;
	setChannels(device: string, request: ChannelRequest, now: number): Promise<Result<Channels>>;
	setRings(device: string, request: RingRequest, now: number): Promise<Result<Rings>>;
	/** `ethtool -C`: MANA's rx-cqe-frames; EOPNOTSUPP where the driver has none. */
	setCoalesce(device: string, request: CoalesceRequest, now: number): Promise<Result<Coalesce>>;
	/** `ethtool -X`: the RSS indirection table and/or key; the read-back (`ethtool -x`) on success. */
	setRss?(device: string, request: RssRequest, now: number): Promise<Result<Rss>>;
	/** `ethtool -N DEV rx-flow-hash TYPE FIELDS`; the device's flow hash read back afterwards. */
	setFlowHash?(device: string, request: FlowHashRequest, now: number): Promise<Result<FlowHash>>;
	/**
	 * Moves synthetic channels to CPUs: `request.channelCpus` is the whole queue → CPU map wanted;
	 * every channel whose CPU differs is written (`channels/<relid>/cpu`). Returns the map read back.
	 */
	setChannelCpu?(device: string, request: ChannelCpuRequest, now: number): Promise<Result<readonly number[]>>;
	/**
	 * Moves a VF's queue interrupts (`device` is the VF): `request.irqAffinity` is every queue vector's
	 * wanted CPUs (`IRQ:cpulist …`); each that differs is written to /proc/irq/N/smp_affinity_list.
	 * Returns the affinities read back in the same form.
	 */
	setIrqCpu?(device: string, request: IrqAffinityRequest, now: number): Promise<Result<string>>;
	/** Whether irqbalance runs on the machine (its pid), `false` when not; the model has none. */
	irqBalancer?(): Promise<{readonly pid: number} | false | undefined>;
	close(): Promise<void>;
};
