// One device's carrier, link settings and VF registration: what `ip link set
// up|down`, `ethtool DEV`, `ethtool -s` and host servicing change. None of it
// re-adds the netvsc_device; a re-add only flaps the carrier (flapCarrier).
import type {Result} from '../types.js';
import {failWith} from '../errors.js';
import type {DeviceState} from './device-state.js';
import {nextStamp, withDevice} from './device-state.js';
import {setModelledVfPresent} from './device-vf.js';
import {carrierAt, checkVirtdevLinkSettings, type CarrierState, type LinkSettings, type LinkSettingsRequest} from './link.js';

export function carrierStateOf(state: DeviceState): CarrierState {
	return {
		adminUp: state.adminUp,
		present: state.present,
		hostConnected: state.context.host.connected,
		offFrom: state.carrierOffFrom,
		offUntil: state.carrierOffUntil,
	};
}

export function carrierOn(state: DeviceState, now: number): boolean {
	return carrierAt(now, carrierStateOf(state));
}

/** netvsc_attach: carrier off, and on again when the device is up and the host is connected. */
export function flapCarrier(state: DeviceState, at: number, duration: number): void {
	if (carrierOn(state, at)) {
		state.carrierChanges += 2;
		state.carrierOffFrom = at;
		state.carrierOffUntil = at + duration;
	}
}

/** With a registered VF, netvsc forwards the link settings to it. */
function vfForwarded(state: DeviceState): boolean {
	return state.vfRegistered && state.spec.vf !== undefined;
}

export function linkSettingsOf(state: DeviceState): LinkSettings {
	if (vfForwarded(state)) {
		return {speedMbps: state.vfSpeed, duplex: 'full', port: 'Other', autoneg: false};
	}

	return {...(state.speed === undefined ? {} : {speedMbps: state.speed}), duplex: state.duplex, port: 'Other', autoneg: false};
}

/** `ethtool -s`: forwarded to a registered VF, else stored (cosmetic) after the core's checks. */
export function setLinkSettings(state: DeviceState, request: LinkSettingsRequest): Result<LinkSettings> {
	return withDevice(state, () => {
		const {vf} = state.spec;
		if (state.vfRegistered && vf) {
			if (!vf.linkSettingsSettable) {
				return failWith('EOPNOTSUPP');
			}

			if (request.speedMbps !== undefined) {
				state.vfSpeed = request.speedMbps;
			}

			return {ok: true, value: linkSettingsOf(state)};
		}

		const checked = checkVirtdevLinkSettings(request);
		if (!checked.ok) {
			return checked;
		}

		if (checked.value.speedMbps !== undefined) {
			state.speed = checked.value.speedMbps;
		}

		if (checked.value.duplex !== undefined) {
			state.duplex = checked.value.duplex;
		}

		return {ok: true, value: linkSettingsOf(state)};
	});
}

/** `ip link set DEV up|down`: no re-add, counters kept; the carrier follows. */
export function setAdminUp(state: DeviceState, up: boolean, at: number): Result<boolean> {
	if (up === state.adminUp) {
		return {ok: true, value: up};
	}

	// netvsc_open needs a netvsc_device.
	if (up && (!state.present || !state.nv)) {
		return failWith('ENODEV');
	}

	const before = carrierOn(state, at);
	state.adminUp = up;
	if (up) {
		state.stalled = false;
	}

	if (before !== carrierOn(state, at)) {
		state.carrierChanges++;
	}

	return {ok: true, value: up};
}

export function vfNameOf(state: DeviceState): string | undefined {
	return state.vfRegistered ? state.vfModel?.device.name ?? state.spec.vf?.name : undefined;
}

/** Host servicing removes the VF (traffic falls back to the synthetic path) and brings it back. */
export function setVfPresent(state: DeviceState, present: boolean): Result<boolean> {
	if (!state.spec.vf) {
		return failWith('ENODEV', `${state.spec.name} has no VF`);
	}

	if (state.vfModel) {
		setModelledVfPresent(state, state.vfModel, present);
		return {ok: true, value: present};
	}

	state.vfRegistered = present;
	state.stamps.vf = nextStamp(state);
	return {ok: true, value: present};
}
