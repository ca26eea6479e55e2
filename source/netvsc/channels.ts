// `ethtool -l/-L`: the limits netvsc computes at every device add and the
// checks a set-channels request meets, first in the ethtool core (netlink
// path, net/ethtool/channels.c) and then in netvsc_set_channels.
import type {ChannelRequest, Channels, Result} from '../types.js';
import {hasChannelDefault16, vrssChannelDefault, vrssChannelDefaultBefore612, vrssChannelMax} from '../drivers/hv-netvsc.js';
import {failWith} from '../errors.js';

export {vrssChannelDefault, vrssChannelMax} from '../drivers/hv-netvsc.js';
export const nvspVersion5 = 0x5_00_00;

/** net/core/dev.c:netif_get_num_default_rss_queues (≥ 6.0): physical cores, halved above two. */
export function defaultRssQueues(physicalCores: number): number {
	const cores = Math.max(1, physicalCores);
	return cores <= 2 ? cores : Math.ceil(cores / 2);
}

/**
 * What probe asks for: max(VRSS_CHANNEL_DEFAULT, default_rss_queues) since 6.12 (646f071d),
 * VRSS_CHANNEL_DEFAULT (8) before; `version` is the kernel's (major, minor), undefined: today's.
 */
export function probeChannelRequest(physicalCores: number, version?: readonly [number, number]): number {
	return hasChannelDefault16(version) ? Math.max(vrssChannelDefault, defaultRssQueues(physicalCores)) : vrssChannelDefaultBefore612;
}

export type RssCapability = {
	readonly nvspVersion: number;
	readonly numRecvQueues: number;
	readonly onlineCpus: number;
};

/** rndis_filter_device_add: no vRSS below NVSP 5 or with fewer than 2 host queues. */
export function supportsVrss(cap: RssCapability): boolean {
	return cap.nvspVersion >= nvspVersion5 && cap.numRecvQueues >= 2;
}

export function maxChannels(cap: RssCapability): number {
	return supportsVrss(cap) ? Math.min(vrssChannelMax, cap.onlineCpus, cap.numRecvQueues) : 1;
}

/** netvsc_get_channels: only combined is reported; a maximum of 0 reads "n/a". */
export function channelsView(maxCombined: number, combined: number): Channels {
	return {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined, rx: 0, tx: 0, other: 0, combined};
}

export type ChannelCounts = {readonly rx: number; readonly tx: number; readonly other: number; readonly combined: number};

/** The core either finds nothing to change (driver not called) or passes counts on. */
export type ChannelVerdict = {readonly change: false} | {readonly change: true; readonly counts: ChannelCounts};

const isU32 = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 0xff_ff_ff_ff;

/**
 * net/ethtool/channels.c:ethnl_set_channels, in order: overlay the request on
 * the current counts; nothing changed → no-op; above a maximum; no RX or TX
 * channel left; below the highest queue of a user-set indirection table.
 * @param maxRxfhInUse highest queue index in a user-configured table, 0 when not configured
 */
export function checkChannelsCore(current: Channels, request: ChannelRequest, maxRxfhInUse: number): Result<ChannelVerdict> {
	for (const [name, value] of Object.entries(request)) {
		if (value !== undefined && !isU32(value)) {
			return failWith('EINVAL', `invalid ${name} count: ${String(value)}`);
		}
	}

	const counts = {
		rx: request.rx ?? current.rx,
		tx: request.tx ?? current.tx,
		other: request.other ?? current.other,
		combined: request.combined ?? current.combined,
	};
	const changed = counts.rx !== current.rx || counts.tx !== current.tx || counts.other !== current.other
		|| counts.combined !== current.combined;
	if (!changed) {
		return {ok: true, value: {change: false}};
	}

	if (counts.rx > current.maxRx || counts.tx > current.maxTx || counts.other > current.maxOther
		|| counts.combined > current.maxCombined) {
		return failWith('EINVAL', 'requested channel count exceeds maximum');
	}

	if (counts.combined === 0 && (counts.rx === 0 || counts.tx === 0)) {
		return failWith('EINVAL', 'requested channel counts would result in no RX or TX channel being configured');
	}

	if (counts.combined + counts.rx <= maxRxfhInUse) {
		return failWith('EINVAL', `requested channel counts are too low for existing indirection table (${maxRxfhInUse})`);
	}

	return {ok: true, value: {change: true, counts}};
}

export type DriverChannelState = {
	/** netvsc_device exists and is not being destroyed. */
	readonly hasDevice: boolean;
	readonly nvspVersion: number;
	readonly maxChannels: number;
};

/** netvsc_drv.c:netvsc_set_channels argument checks (unreachable through the core, kept for fidelity). */
export function checkChannelsDriver(counts: ChannelCounts, state: DriverChannelState): Result<number> {
	if (counts.combined === 0 || counts.rx !== 0 || counts.tx !== 0 || counts.other !== 0) {
		return failWith('EINVAL');
	}

	if (!state.hasDevice) {
		return failWith('ENODEV');
	}

	if (state.nvspVersion < nvspVersion5 || counts.combined > state.maxChannels) {
		return failWith('EINVAL');
	}

	return {ok: true, value: counts.combined};
}
