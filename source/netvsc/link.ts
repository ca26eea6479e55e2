// Link state and `ethtool DEV` / `ethtool -s`: netvsc_get/set_link_ksettings.
// Without a VF the speed is the host's (or whatever the user set, cosmetically);
// with a VF both are forwarded to the VF.
import type {Link, Result} from '../types.js';
import {failWith} from '../errors.js';

export type Duplex = 'full' | 'half' | 'unknown';

/** What `ethtool DEV` shows for netvsc. */
export type LinkSettings = {
	/** Mb/s; undefined = "Unknown!". */
	readonly speedMbps?: number;
	readonly duplex: Duplex;
	readonly port: string;
	readonly autoneg: boolean;
};

export type LinkSettingsRequest = {
	readonly speedMbps?: number;
	readonly duplex?: Duplex;
	readonly autoneg?: boolean;
	readonly port?: string;
};

/** The model's link view: the shared Link plus what `ip -s link` / sysfs add. */
export type ModelLink = Link & {
	/** /sys/class/net/DEV/carrier_changes since the model started. */
	readonly carrierChanges: number;
	/** The netdev is "present" (not left detached by a failed change). */
	readonly present: boolean;
};

const intMax = 0x7f_ff_ff_ff;

/**
 * net/ethtool/ioctl.c:ethtool_virtdev_set_link_ksettings: only speed, duplex
 * and port Other may be set; autoneg on or another port → EINVAL.
 */
export function checkVirtdevLinkSettings(request: LinkSettingsRequest): Result<{speedMbps?: number; duplex?: Duplex}> {
	if (request.autoneg === true || (request.port !== undefined && request.port.toLowerCase() !== 'other')) {
		return failWith('EINVAL');
	}

	if (request.speedMbps !== undefined && (!Number.isInteger(request.speedMbps) || request.speedMbps < 1 || request.speedMbps > intMax)) {
		return failWith('EINVAL');
	}

	return {
		ok: true,
		value: {
			...(request.speedMbps === undefined ? {} : {speedMbps: request.speedMbps}),
			...(request.duplex === undefined ? {} : {duplex: request.duplex}),
		},
	};
}

export type CarrierState = {
	readonly adminUp: boolean;
	readonly present: boolean;
	readonly hostConnected: boolean;
	/** The last change window [from, until): carrier off (netvsc_attach turns it back on at the end). */
	readonly offFrom: number;
	readonly offUntil: number;
};

/** Carrier is off during a change window and while the device is detached or down. */
export function carrierAt(now: number, state: CarrierState): boolean {
	return state.adminUp && state.present && state.hostConnected && (now < state.offFrom || now >= state.offUntil);
}

/** Share of the step [t0, t1] outside the change window. */
export function openShare(t0: number, t1: number, state: Pick<CarrierState, 'offFrom' | 'offUntil'>): number {
	const span = t1 - t0;
	if (span <= 0) {
		return 0;
	}

	const overlap = Math.max(0, Math.min(t1, state.offUntil) - Math.max(t0, state.offFrom));
	return 1 - (overlap / span);
}
