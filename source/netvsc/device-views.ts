// The read-only views a NetvscDevice hands out (`ethtool -i`, `-l`, `-g`, `-k`,
// `-x`, the link, the VF totals), each cached and frozen so a snapshot a second
// does not rebuild what did not change. Pure: the device passes its state in.
import type {Accumulator} from './accumulator.js';
import type {LinkSettings, ModelLink} from './link.js';
import type {NvDevice} from './nvdevice.js';

/** Freezes a view and everything in it. */
export function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const member of Object.values(value)) {
			deepFreeze(member);
		}
	}

	return value;
}

/**
 * One read-only view of the device: built once per state of the netvsc_device
 * and a stamp, then the same frozen object.
 */
export class View<T> {
	#nv: NvDevice | undefined = undefined;
	#stamp = Number.NaN;
	#value: T | undefined = undefined;

	get(nv: NvDevice, stamp: number, make: (nv: NvDevice) => T): T {
		if (this.#value === undefined || nv !== this.#nv || stamp !== this.#stamp) {
			this.#value = deepFreeze(make(nv));
			this.#nv = nv;
			this.#stamp = stamp;
		}

		return this.#value;
	}
}

export const noChannelCpus: readonly number[] = Object.freeze([]);

/** vf_rx_packets, vf_rx_bytes, vf_tx_packets, vf_tx_bytes, vf_tx_dropped (recomputed only when they change). */
export class VfTotals {
	#cache: {readonly version: number; readonly dropped: number; readonly totals: readonly bigint[]} | undefined;

	get(vfPerCpu: Accumulator, vfTxDropped: number): readonly bigint[] {
		const cached = this.#cache;
		if (cached?.version === vfPerCpu.version && cached.dropped === vfTxDropped) {
			return cached.totals;
		}

		const totals = [0n, 0n, 0n, 0n];
		const {values} = vfPerCpu;
		for (let i = 0; i < values.length; i++) {
			totals[i % 4]! += values[i]!;
		}

		totals.push(BigInt(vfTxDropped >>> 0));
		this.#cache = {version: vfPerCpu.version, dropped: vfTxDropped, totals: Object.freeze(totals)};
		return this.#cache.totals;
	}
}

/** The link as the views see it: the same frozen object while nothing in it changed. */
export class LinkView {
	#last: ModelLink | undefined;

	get(up: boolean, carrier: boolean, settings: LinkSettings, carrierChanges: number, present: boolean): ModelLink {
		const last = this.#last;
		if (
			last?.up === up && last.carrier === carrier && last.speedMbps === settings.speedMbps && last.duplex === settings.duplex
			&& last.carrierChanges === carrierChanges && last.present === present
		) {
			return last;
		}

		this.#last = Object.freeze({
			up,
			carrier,
			...(settings.speedMbps === undefined ? {} : {speedMbps: settings.speedMbps}),
			duplex: settings.duplex,
			carrierChanges,
			present,
		});
		return this.#last;
	}
}
