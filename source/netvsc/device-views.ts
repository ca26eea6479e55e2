// The read-only views a NetvscDevice hands out (`ethtool -i`, `-l`, `-g`, `-k`,
// `-x`, the link, the VF totals, the statistics), each cached and frozen so a
// snapshot a second does not rebuild what did not change. Pure: they read the
// device's state and never change it.
import type {Channels, Feature, Result, Rings, Stat} from '../types.js';
import {failWith} from '../errors.js';
import type {Accumulator} from './accumulator.js';
import {channelsView} from './channels.js';
import {carrierOn, linkSettingsOf} from './device-link.js';
import {driverInfoOf, interfaceTotalsOf, rssOf} from './device-ops.js';
import type {ModelDriverInfo, ModelRss} from './device-spec.js';
import {withDevice, type DeviceState} from './device-state.js';
import {listFeatures} from './features.js';
import type {LinkSettings, ModelLink} from './link.js';
import type {NvDevice} from './nvdevice.js';
import {ringLimits, ringsView} from './rings.js';
import {buildStats, type StatInputs, type StatsCache} from './stats.js';

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

/** Every view of one device, each kept until the state it shows changes. */
export class DeviceViews {
	readonly #state: DeviceState;
	readonly #info = new View<Result<ModelDriverInfo>>();
	readonly #channels = new View<Result<Channels>>();
	readonly #rings = new View<Result<Rings>>();
	readonly #features = new View<Result<readonly Feature[]>>();
	readonly #rss = new View<Result<ModelRss>>();
	readonly #channelCpu = new View<readonly number[]>();
	readonly #link = new LinkView();
	readonly #vfTotals = new VfTotals();
	readonly #statsCache: StatsCache = {names: undefined, stats: undefined};

	constructor(state: DeviceState) {
		this.#state = state;
	}

	driverInfo(): Result<ModelDriverInfo> {
		return this.#view(this.#info, nv => nv.channels, nv => driverInfoOf(nv, this.#state.context, this.#state.spec.guid));
	}

	channels(): Result<Channels> {
		return this.#view(this.#channels, nv => (nv.maxChannels * 0x1_00_00) + nv.channels, nv => ({ok: true, value: channelsView(nv.maxChannels, nv.channels)}));
	}

	rings(): Result<Rings> {
		const {host} = this.#state.context;
		return this.#view(
			this.#rings,
			nv => (nv.recvSections * 0x1_00_00) + nv.sendSections,
			nv => ({ok: true, value: ringsView(ringLimits(host.nvspVersion, host.sections), nv.recvSections, nv.sendSections, host.sections)}),
		);
	}

	features(): Result<readonly Feature[]> {
		// A feature change replaces the state object: the view is kept per stamp.
		return this.#view(this.#features, () => this.#state.stamps.features, () => ({ok: true, value: listFeatures(this.#state.features)}));
	}

	rss(): Result<ModelRss> {
		const state = this.#state;
		return this.#view(this.#rss, () => (state.stamps.rss * 2) + (state.rxfhConfigured ? 1 : 0), nv => rssOf(nv, state.rxfhConfigured));
	}

	/** queue index → target CPU; empty while detached. */
	channelCpu(): readonly number[] {
		const {nv} = this.#state;
		return nv ? this.#channelCpu.get(nv, this.#state.stamps.cpu, () => [...nv.channelCpu]) : noChannelCpus;
	}

	link(now: number): ModelLink {
		const state = this.#state;
		return this.#link.get(state.adminUp, carrierOn(state, now), linkSettingsOf(state), state.carrierChanges, state.present);
	}

	stats(): Result<Stat[]> {
		return withDevice(this.#state, nv => ({ok: true, value: buildStats(this.#statInputs(nv), this.#statsCache)}));
	}

	/** `ip -s link` (netvsc_get_stats64): current channels plus VF totals; drops after a re-add. */
	interfaceTotals(): {rxPackets: bigint; rxBytes: bigint; txPackets: bigint; txBytes: bigint} {
		const {counters, nv} = this.#state;
		const vf = this.#vfTotals.get(counters.vfPerCpu, counters.vfTxDropped);
		return interfaceTotalsOf(vf, nv?.queues.values ?? new BigUint64Array(0));
	}

	#statInputs(nv: NvDevice): StatInputs {
		const {counters, context} = this.#state;
		return {
			globals: counters.globals.values,
			vfTotals: this.#vfTotals.get(counters.vfPerCpu, counters.vfTxDropped),
			queues: nv.queues.values,
			channels: nv.channels,
			presentCpus: context.presentCpus,
			vfPerCpu: counters.vfPerCpu.values,
			channelCpu: nv.channelCpu,
		};
	}

	/** A view that needs the netvsc_device: ENODEV without one, else kept per (device, stamp). */
	#view<T>(view: View<Result<T>>, stamp: (nv: NvDevice) => number, make: (nv: NvDevice) => Result<T>): Result<T> {
		const {nv} = this.#state;
		if (!this.#state.present || !nv) {
			return failWith('ENODEV');
		}

		return view.get(nv, stamp(nv), make);
	}
}
