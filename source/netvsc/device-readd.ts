// The re-add: how a channel, ring or MTU change tears down the netvsc_device
// and builds a new one (netvsc_detach + netvsc_attach), with the driver's one
// restore attempt and the faults a test can arm on it. Everything the new
// netvsc_device replaces restarts: per-queue counters (a new epoch), the RSS
// and TX tables, the sub-channel CPUs.
import type {Result} from '../types.js';
import {failWith, type ErrnoName} from '../errors.js';
import {nvspVersion5} from './channels.js';
import {xdpMaxMtu} from './device-ops.js';
import {carrierOn, flapCarrier} from './device-link.js';
import {nextStamp, type DeviceState} from './device-state.js';
import {takeFaults, type ChangeFaults} from './faults.js';
import {refreshFeatures} from './features.js';
import {addNetvscDevice, releaseSubChannels, type DeviceInfo, type NvDevice} from './nvdevice.js';

/** netvsc_devinfo_get(nvdev): the current config, including the key as the device holds it. */
export function devinfoOf(state: DeviceState, nv: NvDevice): DeviceInfo {
	return {
		channels: nv.channels,
		recvSections: nv.recvSections,
		sendSections: nv.sendSections,
		rssKey: Uint8Array.from(nv.rssKey),
		mtu: state.info.mtu,
	};
}

/** A fresh netvsc_device, and what the add refreshes in the net_device. */
export function addDevice(state: DeviceState, info: DeviceInfo, faults: ChangeFaults): NvDevice {
	const {context} = state;
	const {host} = context;
	const nv = addNetvscDevice(info, {
		host,
		onlineCpus: context.onlineCpus().length,
		allocator: context.allocator,
		primaryCpu: state.primaryCpu,
		rxfhConfigured: state.rxfhConfigured,
	}, faults);
	// NVSP ≥ 5: the link speed is re-queried (a user-set speed is overwritten).
	if (host.nvspVersion >= nvspVersion5) {
		state.speed = host.linkSpeedMbps;
	}

	state.features = refreshFeatures(state.features, host.offloads);
	// Everything the traffic engine and the views derived from the old device is stale.
	const {stamps} = state;
	stamps.rss = nextStamp(state);
	stamps.tx = nextStamp(state);
	stamps.features = nextStamp(state);
	stamps.vf = nextStamp(state);
	return nv;
}

function detach(state: DeviceState): void {
	if (state.nv) {
		releaseSubChannels(state.nv, state.context.allocator);
	}

	state.nv = undefined;
	state.stalled = false;
}

/** Returns the errno if the attach fails (and leaves no netvsc_device behind). */
function attach(state: DeviceState, info: DeviceInfo, faults: ChangeFaults, restoring: boolean): ErrnoName | undefined {
	if (faults['attach-and-restore-fail']) {
		return faults['attach-and-restore-fail'].errno ?? 'ENOMEM';
	}

	if (!restoring && faults['attach-fails']) {
		return faults['attach-fails'].errno ?? 'ENOMEM';
	}

	// Re-applying a kept XDP program fails when the MTU is too large for it.
	if (state.xdp && info.mtu > xdpMaxMtu) {
		return 'EOPNOTSUPP';
	}

	state.nv = addDevice(state, info, restoring ? {} : faults);
	return undefined;
}

/**
 * netvsc_detach + netvsc_attach, with one restore attempt (netvsc_set_channels,
 * netvsc_set_ringparam, netvsc_change_mtu). Needs a netvsc_device. Returns the first error.
 */
export function reAdd(state: DeviceState, next: DeviceInfo, at: number, durationMs: number): Result<void> {
	const faults = takeFaults(state.faults);
	const duration = faults.slow?.durationMs ?? durationMs;
	const original = devinfoOf(state, state.nv!);
	if (faults.hang) {
		// Never returns: the caller (the model source) sees `hangs` move and does not answer.
		state.hangs++;
		return failWith('ETIMEDOUT', 'the request never completed');
	}

	if (faults.fail) {
		return failWith(faults.fail.errno);
	}

	if (faults['drain-timeout'] && state.adminUp) {
		// Detach stopped TX and cleared the packet filter, then the rings never drained.
		state.stalled = true;
		state.busyUntil = at + (faults['drain-timeout'].durationMs ?? 10_000);
		return failWith('ETIMEDOUT');
	}

	detach(state);
	state.busyUntil = at + duration;
	state.epoch++;
	const first = attach(state, next, faults, false);
	if (first === undefined) {
		state.info = next;
		flapCarrier(state, at, duration);
		return {ok: true, value: undefined};
	}

	// Restore the old configuration (the MTU goes back with it).
	state.busyUntil = at + (2 * duration);
	const restored = attach(state, original, faults, true);
	if (restored === undefined) {
		state.info = original;
		flapCarrier(state, at, 2 * duration);
	} else {
		// "restoring … setting failed": the device stays detached.
		if (carrierOn(state, at)) {
			state.carrierChanges++;
		}

		state.present = false;
	}

	return failWith(first);
}
