// The ethtool, ip and sysfs writes on one device that need its netvsc_device:
// each applies the core's checks, then the driver's, and either re-adds the
// netvsc_device (channels, rings, MTU) or changes the net_device in place
// (XDP, features, RSS, TX hash, message level, channel CPUs). Errors are data;
// a detached device answers ENODEV, or EIO for the sysfs write, as the kernel does.
import type {ChannelRequest, Channels, Result, RingRequest, Rings} from '../types.js';
import {failWith} from '../errors.js';
import {channelsView, checkChannelsCore, checkChannelsDriver} from './channels.js';
import {applyRxfh, checkMtu, checkTargetCpu, xdpMaxMtu} from './device-ops.js';
import {devinfoOf, reAdd} from './device-readd.js';
import type {FeatureChange, ModelRss} from './device-spec.js';
import {nextStamp, withDevice, type DeviceState} from './device-state.js';
import type {DeviceViews} from './device-views.js';
import {changeFeatures, listFeatures} from './features.js';
import type {NvDevice} from './nvdevice.js';
import {checkRingsCore, clampSections, ringLimits, ringsView} from './rings.js';
import {flowHashFields, maxEntry, setFlowHashFields, type FlowType, type RxfhRequest} from './rss.js';

/** `ethtool -L`: re-adds with the new channel count (netvsc_set_channels). */
export function setChannels(state: DeviceState, views: DeviceViews, request: ChannelRequest, at: number, durationMs: number): Result<Channels> {
	return withDevice(state, nv => setChannelsOn(state, views, nv, request, at, durationMs));
}

/** setChannels once the netvsc_device is known to be there. */
function setChannelsOn(state: DeviceState, views: DeviceViews, nv: NvDevice, request: ChannelRequest, at: number, durationMs: number): Result<Channels> {
	const current = channelsView(nv.maxChannels, nv.channels);
	// The core refuses to drop a channel the user's indirection table still uses.
	const maxInUse = state.rxfhConfigured ? maxEntry(nv.rxTable) : 0;
	const verdict = checkChannelsCore(current, request, maxInUse);
	if (!verdict.ok) {
		return verdict;
	}

	if (!verdict.value.change) {
		return {ok: true, value: current};
	}

	const combined = checkChannelsDriver(verdict.value.counts, {
		hasDevice: true,
		nvspVersion: state.context.host.nvspVersion,
		maxChannels: nv.maxChannels,
	});
	if (!combined.ok) {
		return combined;
	}

	const changed = reAdd(state, {...devinfoOf(state, nv), channels: combined.value}, at, durationMs);
	return changed.ok ? views.channels() : changed;
}

/** `ethtool -G`: re-adds with the new section counts (netvsc_set_ringparam). */
export function setRings(state: DeviceState, views: DeviceViews, request: RingRequest, at: number, durationMs: number): Result<Rings> {
	return withDevice(state, nv => setRingsOn(state, views, nv, request, at, durationMs));
}

/** setRings once the netvsc_device is known to be there. */
function setRingsOn(state: DeviceState, views: DeviceViews, nv: NvDevice, request: RingRequest, at: number, durationMs: number): Result<Rings> {
	const {host} = state.context;
	const limits = ringLimits(host.nvspVersion, host.sections);
	const verdict = checkRingsCore(ringsView(limits, nv.recvSections, nv.sendSections, host.sections), request);
	if (!verdict.ok) {
		return verdict;
	}

	if (!verdict.value.change) {
		return views.rings();
	}

	// The driver clamps; a request that clamps to the current sizes is no change.
	const rx = clampSections(verdict.value.rx, limits.rxMax);
	const tx = clampSections(verdict.value.tx, limits.txMax);
	if (rx === nv.recvSections && tx === nv.sendSections) {
		return views.rings();
	}

	const changed = reAdd(state, {...devinfoOf(state, nv), recvSections: rx, sendSections: tx}, at, durationMs);
	return changed.ok ? views.rings() : changed;
}

/** `ip link set DEV mtu N`: the core's range check, then netvsc_change_mtu (a re-add). */
export function setMtu(state: DeviceState, mtu: number, at: number, durationMs: number): Result<number> {
	const checked = checkMtu(mtu, state.context.host.nvspVersion);
	if (!checked.ok) {
		return checked;
	}

	if (mtu === state.info.mtu) {
		return {ok: true, value: mtu};
	}

	// The range check comes first: an out-of-range MTU is EINVAL even on a detached device.
	return withDevice(state, nv => {
		const changed = reAdd(state, {...devinfoOf(state, nv), mtu}, at, durationMs);
		return changed.ok ? {ok: true, value: state.info.mtu} : changed;
	});
}

/** `ip link set DEV xdp …` (netvsc_bpf.c): no re-add; refused with LRO on or a large MTU. */
export function setXdp(state: DeviceState, attached: boolean): Result<boolean> {
	return withDevice(state, () => {
		if (attached && state.features.active.has('large-receive-offload')) {
			return failWith('EOPNOTSUPP', 'XDP: not support LRO');
		}

		if (attached && state.info.mtu > xdpMaxMtu) {
			return failWith('EOPNOTSUPP', 'XDP: mtu too large');
		}

		state.xdp = attached;
		return {ok: true, value: attached};
	});
}

/** `ethtool -K`: only LRO talks to the host (RSC); no re-add, counters kept. */
export function setFeatures(state: DeviceState, wanted: Readonly<Record<string, boolean>>): Result<FeatureChange> {
	return withDevice(state, () => {
		const changed = changeFeatures(state.features, wanted, {xdpAttached: state.xdp});
		if (!changed.ok) {
			return changed;
		}

		state.features = changed.value.state;
		state.stamps.features = nextStamp(state);
		return {
			ok: true,
			value: {features: listFeatures(state.features), notChanged: changed.value.notChanged, alsoChanged: changed.value.alsoChanged},
		};
	});
}

/** `ethtool -X` (ioctl core, then netvsc_set_rxfh). No re-add: counters persist. */
export function setRss(state: DeviceState, views: DeviceViews, request: RxfhRequest): Result<ModelRss> {
	return withDevice(state, nv => {
		const applied = applyRxfh(nv, request);
		if (!applied.ok) {
			return applied;
		}

		if (applied.value.told) {
			state.stamps.rss = nextStamp(state);
		}

		if (applied.value.configured !== undefined) {
			state.rxfhConfigured = applied.value.configured === 'set';
		}

		return views.rss();
	});
}

/** `ethtool -N DEV rx-flow-hash TYPE FIELDS`: TX hash level only; survives re-adds. */
export function setFlowHash(state: DeviceState, flowType: FlowType, fields: string): Result<string> {
	return withDevice(state, () => {
		const next = setFlowHashFields(state.l4Hash, flowType, fields);
		if (!next.ok) {
			return next;
		}

		state.l4Hash = next.value;
		state.stamps.tx = nextStamp(state);
		return {ok: true, value: flowHashFields(state.l4Hash, flowType)};
	});
}

/** `ethtool -s DEV msglvl N`: stored as the u32 the driver keeps. */
export function setMsgLevel(state: DeviceState, level: number): Result<number> {
	return withDevice(state, () => {
		state.msgLevel = level >>> 0;
		return {ok: true, value: state.msgLevel};
	});
}

/** `echo CPU > /sys/bus/vmbus/devices/GUID/channels/RELID/cpu` (vmbus_drv.c:target_cpu_store). */
export function writeChannelCpu(state: DeviceState, queue: number, text: string): Result<number> {
	const checked = checkTargetCpu(text, state.context);
	if (!checked.ok) {
		return checked;
	}

	const cpu = checked.value;
	const {nv} = state;
	if (!nv || !state.present || queue < 0 || queue >= nv.channels) {
		return failWith('EIO');
	}

	const old = nv.channelCpu[queue]!;
	if (old !== cpu) {
		state.context.allocator.move(old, cpu);
		nv.channelCpu[queue] = cpu;
		state.stamps.cpu++;
	}

	return {ok: true, value: cpu};
}
