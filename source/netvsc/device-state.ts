// The mutable state of one hv_netvsc interface, in one object so that the
// modules beside device.ts (re-add, link, changes, views, routing) can each
// work on it without the class holding every field. Two lifetimes live here:
// the net_device's (survives a re-add) and the netvsc_device's (`nv`, rebuilt
// by every channel, ring or MTU change).
import type {Result} from '../types.js';
import {failWith} from '../errors.js';
import {createAccumulator} from './accumulator.js';
import type {DeviceCounters} from './datapath.js';
import type {DeviceContext, DeviceSpec} from './device-spec.js';
import type {DeviceVf} from './device-vf.js';
import {defaultMsgLevel} from './device-ops.js';
import type {ArmedFault} from './faults.js';
import {initialFeatures, type FeatureState} from './features.js';
import type {Duplex} from './link.js';
import type {DeviceInfo, NvDevice} from './nvdevice.js';
import {defaultRxSections, defaultTxSections} from './rings.js';
import {defaultL4Hash} from './rss.js';
import {globalStatNames} from './stats.js';
import {defaultRssKey} from './toeplitz.js';

/**
 * Stamps say which cached view or traffic table is stale: each change takes the
 * next value of `last`, so a stamp never repeats for one device.
 */
export type Stamps = {
	last: number;
	/** The key or table the host was told. */
	rss: number;
	/** The TX hash level. */
	tx: number;
	features: number;
	/** VF registration. */
	vf: number;
	/** Bumped by each write of a channel's target CPU (the only change of channelCpu in place). */
	cpu: number;
};

export type DeviceState = {
	readonly spec: DeviceSpec;
	readonly context: DeviceContext;
	/** The primary channel's CPU: it keeps it across re-adds. */
	readonly primaryCpu: number;
	readonly counters: DeviceCounters;
	readonly faults: ArmedFault[];
	readonly stamps: Stamps;
	/** Bumped whenever the queues are re-created (per-queue counters restart at 0). */
	epoch: number;
	/** The end of the current change: RTNL is held and the carrier is off until then. */
	busyUntil: number;
	/** Requests that met a `hang` fault: they never return (see faults.ts). */
	hangs: number;
	/** The netvsc_device; undefined while detached. */
	nv: NvDevice | undefined;
	/** The configuration the netvsc_device was last built from (its MTU is the device's). */
	info: DeviceInfo;
	/** False once a failed restore left the device detached. */
	present: boolean;
	adminUp: boolean;
	/** The last change window [from, until): carrier off. */
	carrierOffFrom: number;
	carrierOffUntil: number;
	carrierChanges: number;
	/** Left by a drain timeout: TX queues stopped and the RNDIS filter cleared (10.8). */
	stalled: boolean;
	/** IFF_RXFH_CONFIGURED. */
	rxfhConfigured: boolean;
	l4Hash: number;
	features: FeatureState;
	msgLevel: number;
	/** The synthetic link's speed (Mb/s); undefined = "Unknown!". */
	speed: number | undefined;
	duplex: Duplex;
	xdp: boolean;
	vfRegistered: boolean;
	vfSpeed: number;
	/** The VF through its own driver, when the spec models it (set once, after the flows exist). */
	vfModel: DeviceVf | undefined;
};

/** The net_device at probe, before its first netvsc_device is added. */
export function createDeviceState(spec: DeviceSpec, context: DeviceContext, primaryCpu: number): DeviceState {
	return {
		spec,
		context,
		primaryCpu,
		counters: {
			globals: createAccumulator(globalStatNames.length),
			vfPerCpu: createAccumulator(context.cpuSlots * 4),
			vfTxDropped: 0,
		},
		faults: [],
		stamps: {last: 0, rss: 0, tx: 0, features: 0, vf: 0, cpu: 0},
		epoch: 0,
		busyUntil: 0,
		hangs: 0,
		nv: undefined,
		// Probe: netvsc_devinfo_get(NULL) with the boot-time configuration applied on top.
		info: {
			channels: spec.channels ?? context.probeChannels,
			recvSections: spec.rings?.rx ?? defaultRxSections,
			sendSections: spec.rings?.tx ?? defaultTxSections,
			rssKey: Uint8Array.from(defaultRssKey),
			mtu: spec.mtu ?? 1500,
		},
		present: true,
		adminUp: spec.up ?? true,
		carrierOffFrom: Number.NEGATIVE_INFINITY,
		carrierOffUntil: Number.NEGATIVE_INFINITY,
		carrierChanges: 0,
		stalled: false,
		rxfhConfigured: false,
		l4Hash: defaultL4Hash,
		features: initialFeatures(context.host.offloads),
		msgLevel: defaultMsgLevel,
		speed: undefined,
		duplex: 'full',
		xdp: false,
		vfRegistered: spec.vf !== undefined,
		vfSpeed: spec.vf?.speedMbps ?? 0,
		vfModel: undefined,
	};
}

/** The next stamp of this device. */
export function nextStamp(state: DeviceState): number {
	return ++state.stamps.last;
}

/** net/ethtool: every request on a detached device fails before reaching the driver. */
export function withDevice<T>(state: DeviceState, body: (nv: NvDevice) => Result<T>): Result<T> {
	if (!state.present || !state.nv) {
		return failWith('ENODEV');
	}

	return body(state.nv);
}
