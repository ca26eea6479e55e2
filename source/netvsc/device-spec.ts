// The shapes a device is described by: what the scenario says about a NIC,
// its VF and the host, what the machine gives the device, and the extra
// fields the model reports beyond the shared types.
import type {DriverInfo, Feature, Rss} from '../types.js';
import type {CpuAllocator} from './cpu-allocator.js';
import type {Capacities} from './datapath.js';
import type {HostOffloads} from './features.js';
import type {SectionSizes} from './rings.js';
import type {RxfhRequest} from './rss.js';
import type {TrafficProfile} from './traffic.js';
import type {ServicingWindow} from './vf/index.js';

/**
 * A VF modelled through its own driver (device-vf.ts): its queues, settings
 * and `ethtool -S`. Without it only netvsc's vf_* totals exist (the `vf` scenario).
 */
export type VfModelSpec = {
	/** Channels configured at boot (default: the driver's). */
	readonly channels?: number;
	/** Rings configured at boot, descriptors (default: the driver's). */
	readonly rings?: {readonly rx: number; readonly tx: number};
	/** When the host takes the VF away and gives a new one back. */
	readonly servicing?: readonly ServicingWindow[];
};

export type VfSpec = {
	/** e.g. `enP30832s1`. */
	readonly name: string;
	readonly driver?: string;
	/** What `ethtool <vf>` reports; netvsc forwards link settings to it. */
	readonly speedMbps: number;
	/** Share of the traffic the VF carries while it is the datapath (default 0.998: SYN and broadcast stay synthetic). */
	readonly share?: number;
	/** Number of VF queues (default: online CPUs); queue i interrupts the i-th online CPU. */
	readonly queues?: number;
	/** Whether the VF driver implements set_link_ksettings (else `ethtool -s` → EOPNOTSUPP). */
	readonly linkSettingsSettable?: boolean;
	/** The VF through its driver (`driver` must be mana or mlx5_core). */
	readonly model?: VfModelSpec;
};

export type DeviceSpec = {
	readonly name: string;
	readonly ifindex: number;
	/** VMBus instance GUID, lower case: bus-info. */
	readonly guid: string;
	readonly mac: string;
	/** Administratively up (default true). */
	readonly up?: boolean;
	/** Channel count configured at boot (udev/NetworkManager); default: the driver's. */
	readonly channels?: number;
	/** Ring sections configured at boot. */
	readonly rings?: {readonly rx: number; readonly tx: number};
	readonly mtu?: number;
	/** An `ethtool -X` run at boot (a udev rule, an old tuning script): the table the device starts with. */
	readonly rxfh?: RxfhRequest;
	readonly vf?: VfSpec;
	readonly traffic: TrafficProfile;
};

export type HostSpec = {
	readonly nvspVersion: number;
	/** rsscap.num_recv_que. */
	readonly numRecvQueues: number;
	/** rsscap.num_indirect_tabent (invalid or absent → 128). */
	readonly indirectionTableSize?: number;
	/** Reported link speed, Mb/s (undefined → "Unknown!"). */
	readonly linkSpeedMbps?: number;
	readonly connected: boolean;
	readonly offloads: HostOffloads;
	readonly sections: SectionSizes;
	/** VMBus ≥ WIN10 v4.1: channel target CPUs can be changed through sysfs. */
	readonly targetCpuWritable: boolean;
};

/** What a device needs from the machine around it. */
export type DeviceContext = {
	readonly host: HostSpec;
	readonly allocator: CpuAllocator;
	readonly onlineCpus: () => readonly number[];
	readonly presentCpus: readonly number[];
	/** Length of per-CPU arrays (highest CPU id + 1). */
	readonly cpuSlots: number;
	readonly kernelRelease: string;
	readonly probeChannels: number;
	readonly capacities: Capacities;
};

export type ModelDriverInfo = DriverInfo & {
	readonly expansionRomVersion: string;
	readonly supportsStatistics: boolean;
	readonly supportsTest: boolean;
	readonly supportsEepromAccess: boolean;
	readonly supportsRegisterDump: boolean;
	readonly supportsPrivFlags: boolean;
	readonly nStats: number;
	readonly regdumpLen: number;
};

export type ModelRss = Rss & {
	/** IFF_RXFH_CONFIGURED: the table was set by the user. */
	readonly configured: boolean;
	/** GRXRINGS (= channels). */
	readonly rxRings: number;
	readonly hashFunctions: {readonly toeplitz: boolean; readonly xor: boolean; readonly crc32: boolean};
};

export type FeatureChange = {
	readonly features: readonly Feature[];
	readonly notChanged: readonly string[];
	readonly alsoChanged: readonly string[];
};

/** ethtool operations netvsc does not implement (the core answers EOPNOTSUPP). */
export const unsupportedOperations = [
	'coalesce', 'pause', 'wol', 'eee', 'fec', 'nway-reset', 'self-test', 'phys-id', 'eeprom', 'module',
	'dump', 'tunables', 'priv-flags', 'ntuple-rules', 'rss-context',
] as const;
export type UnsupportedOperation = (typeof unsupportedOperations)[number];

