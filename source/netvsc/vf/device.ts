// One VF (mana or mlx5_core) paired with a netvsc device: its settings, its
// counters and its presence. Host servicing removes it (every read and set
// fails with ENODEV) and re-adds it as a new instance, a new epoch, with the
// driver's defaults: whatever was set on the old one is lost. Reads are
// shaped like the netvsc model's (source/types.ts), so views need no new types.
import type {VfDriverFacts} from '../../drivers/index.js';
import {failWith, noSuchDevice} from '../../errors.js';
import {
	ok, type ChannelRequest, type Channels, type QueueCounters, type Result, type RingRequest, type Rings, type Rss, type Stat,
} from '../../types.js';
import {createAccumulator, type Accumulator} from '../accumulator.js';
import {channelsView} from '../channels.js';
import type {RxfhRequest} from '../rss.js';
import {formatKey} from '../toeplitz.js';
import {
	changedFromDefaults, defaultVfSettings, setVfChannels, setVfCoalesce, setVfRings, setVfRxfh,
	type VfHost, type VfPortState, type VfSettingName, type VfSettings,
} from './settings.js';
import {VfIrqs} from './irqs.js';
import type {VfDemand} from './traffic.js';

export type VfDeviceSpec = {
	readonly facts: VfDriverFacts;
	readonly host: VfHost;
	/** The VF netdev's name, e.g. enP30832s1. */
	readonly name: string;
};

/** `ethtool -c` as far as the VF model goes: MANA's CQE coalescing. */
export type VfCoalesce = {
	readonly rxCqeFrames: number;
	/** Rx_cqe_nsecs: MANA_RX_CQE_NSEC_DEF when coalescing is on (firmware without its own value), else 0. */
	readonly rxCqeNsecs: number;
};

/** What a servicing did: the instance that left or came, and what the old one had that the new one lacks. */
export type VfServicing = {
	readonly kind: 'removed' | 'added';
	readonly epoch: number;
	readonly name: string;
	readonly lost: readonly VfSettingName[];
};

const manaRxCqeNsecs = 2048;
// Per-queue counter slots.
const rxPackets = 0;
const rxBytes = 1;
const txPackets = 2;
const txBytes = 3;
const slots = 4;

type Layout = {readonly channels: number; readonly names: readonly string[]; readonly index: ReadonlyMap<string, number>};

export class VfDevice {
	readonly facts: VfDriverFacts;
	readonly host: VfHost;
	readonly defaults: VfSettings;
	#name: string;
	#epoch = 1;
	#present = true;
	#settings: VfSettings;
	#port: VfPortState = {rdmaHoldsPort: false, portUp: true};
	#queues: Accumulator;
	/** Rx no-buffer drops (the hardware's, per device). */
	#hardware: Accumulator;
	/**
	 * What queues freed by a re-queue had counted, per slot: the device totals
	 * are these plus the open queues' counters, so a total is the exact sum of
	 * what every queue of this instance ever counted.
	 */
	#retired: bigint[] = [0n, 0n, 0n, 0n];
	/** Mlx5 keeps showing every channel it ever opened (priv->stats_nch). */
	#statsChannels: number;
	#layout: Layout | undefined;
	#lost: readonly VfSettingName[] = [];
	/** The queues' interrupt vectors and their affinity (irqs.ts). */
	readonly irqs = new VfIrqs();

	constructor(spec: VfDeviceSpec) {
		this.facts = spec.facts;
		this.host = spec.host;
		this.#name = spec.name;
		this.defaults = defaultVfSettings(spec.facts, spec.host);
		this.#settings = this.defaults;
		this.#statsChannels = this.defaults.channels;
		this.#queues = createAccumulator(this.defaults.maxChannels * slots);
		this.#hardware = createAccumulator(1);
	}

	get name(): string {
		return this.#name;
	}

	get driver(): string {
		return this.facts.name;
	}

	/** 1 for the VF found at start, +1 for each re-add: tells instances apart. */
	get epoch(): number {
		return this.#epoch;
	}

	get present(): boolean {
		return this.#present;
	}

	/** The current settings (while absent: the last instance's). */
	get settings(): VfSettings {
		return this.#settings;
	}

	get port(): VfPortState {
		return this.#port;
	}

	setPort(port: Partial<VfPortState>): void {
		this.#port = {...this.#port, ...port};
	}

	/** Settings that differ from the driver's defaults and will not survive the next servicing. */
	changedSettings(): VfSettingName[] {
		return changedFromDefaults(this.#settings, this.defaults);
	}

	/** Host servicing takes the VF away (hot-remove). */
	remove(): Result<VfServicing> {
		if (!this.#present) {
			return noSuchDevice(this.#name);
		}

		this.#present = false;
		this.#lost = this.changedSettings();
		return ok({kind: 'removed', epoch: this.#epoch, name: this.#name, lost: this.#lost});
	}

	/** The host gives a VF back: a new netdev with the driver's defaults and fresh counters. */
	readd(name = this.#name): Result<VfServicing> {
		if (this.#present) {
			return failWith('EUSAGE', `${this.#name} is present: only a removed VF can be re-added`);
		}

		this.#present = true;
		this.#epoch++;
		this.#name = name;
		this.#settings = this.defaults;
		this.#port = {rdmaHoldsPort: false, portUp: true};
		this.#statsChannels = this.defaults.channels;
		this.#queues = createAccumulator(this.defaults.maxChannels * slots);
		this.#hardware = createAccumulator(1);
		this.#retired = [0n, 0n, 0n, 0n];
		this.#layout = undefined;
		this.irqs.reset();
		return ok({kind: 'added', epoch: this.#epoch, name, lost: this.#lost});
	}

	channels(): Result<Channels> {
		return this.#read(() => channelsView(this.#settings.maxChannels, this.#settings.channels));
	}

	rings(): Result<Rings> {
		const {rxRing, txRing} = this.facts;
		return this.#read(() => ({rxMax: rxRing.max, txMax: txRing.max, rx: this.#settings.rxRing, tx: this.#settings.txRing, unit: 'descriptors'}));
	}

	rss(): Result<Rss> {
		const {table, key, hfunc, tableConfigured} = this.#settings;
		return this.#read(() => ({table, key: formatKey(key), hfunc, configured: tableConfigured}));
	}

	coalesce(): Result<VfCoalesce> {
		const frames = this.#settings.rxCqeFrames;
		return this.#read(() => ({rxCqeFrames: frames, rxCqeNsecs: frames > 1 ? manaRxCqeNsecs : 0}));
	}

	setChannels(request: ChannelRequest): Result<VfSettings> {
		return this.#apply(() => setVfChannels(this.facts, this.#settings, request, this.#port));
	}

	setRings(request: RingRequest): Result<VfSettings> {
		return this.#apply(() => setVfRings(this.facts, this.#settings, request));
	}

	setCoalesce(rxCqeFrames: number): Result<VfSettings> {
		return this.#apply(() => setVfCoalesce(this.facts, this.#settings, rxCqeFrames));
	}

	setRxfh(request: RxfhRequest): Result<VfSettings> {
		return this.#apply(() => setVfRxfh(this.facts, this.#settings, request, this.#port));
	}

	/** `/proc/irq/N/smp_affinity_list` of one of its queue vectors (ENODEV while absent). */
	setIrqAffinity(irq: number, cpus: readonly number[], online: readonly number[]): Result<readonly number[]> {
		return this.#present ? this.irqs.write(irq, cpus, this.#settings.channels, online) : noSuchDevice(this.#name);
	}

	/** Adds one step of VF traffic to the counters (nothing while absent). */
	record(demand: VfDemand): void {
		if (!this.#present || demand.queues !== this.#settings.channels) {
			return;
		}

		const queues = this.#queues;
		const hardware = this.#hardware;
		for (let q = 0; q < demand.queues; q++) {
			const base = q * slots;
			queues.add(base + rxPackets, demand.rxPackets[q]!);
			queues.add(base + rxBytes, demand.rxBytes[q]!);
			queues.add(base + txPackets, demand.txPackets[q]!);
			queues.add(base + txBytes, demand.txBytes[q]!);
			hardware.add(0, demand.rxDropped[q]!);
		}
	}

	/** Per-queue counters of the open channels. */
	queueCounters(): Result<QueueCounters[]> {
		return this.#read(() => Array.from({length: this.#settings.channels}, (_, index) => {
			const values = this.#queues.values;
			const base = index * slots;
			return {
				index, rxPackets: values[base + rxPackets]!, rxBytes: values[base + rxBytes]!, txPackets: values[base + txPackets]!, txBytes: values[base + txBytes]!,
			};
		}));
	}

	/** `ethtool -S`: the driver's names in its order, exact 64-bit values. */
	stats(): Result<Stat[]> {
		return this.#read(() => {
			const layout = this.#statLayout();
			const values = Array.from<bigint>({length: layout.names.length}).fill(0n);
			const set = (name: string, value: bigint): void => {
				const at = layout.index.get(name);
				if (at !== undefined) {
					values[at] = value;
				}
			};

			const {queueStat, totalStats} = this.facts;
			const queues = this.#queues.values;
			for (let q = 0; q < layout.channels; q++) {
				set(queueStat.rxPackets(q), queues[(q * slots) + rxPackets]!);
				set(queueStat.rxBytes(q), queues[(q * slots) + rxBytes]!);
				set(queueStat.txPackets(q), queues[(q * slots) + txPackets]!);
				set(queueStat.txBytes(q), queues[(q * slots) + txBytes]!);
			}

			const totals = this.#totals();
			set(this.facts.rxNoBufferStat, this.#hardware.values[0]!);
			set(totalStats.rxPackets, totals[rxPackets]!);
			set(totalStats.rxBytes, totals[rxBytes]!);
			set(totalStats.txPackets, totals[txPackets]!);
			set(totalStats.txBytes, totals[txBytes]!);
			return layout.names.map((name, i): Stat => [name, values[i]!]);
		});
	}

	/** The device totals, per slot: retired queues plus the open ones (every slot the accumulator has). */
	#totals(): bigint[] {
		const totals = [...this.#retired];
		const values = this.#queues.values;
		for (let at = 0; at < values.length; at++) {
			totals[at % slots]! += values[at]!;
		}

		return totals;
	}

	#statLayout(): Layout {
		if (this.#layout?.channels !== this.#statsChannels) {
			const names = this.facts.statNames(this.#statsChannels);
			this.#layout = {channels: this.#statsChannels, names, index: new Map(names.map((name, i) => [name, i]))};
		}

		return this.#layout;
	}

	#read<T>(read: () => T): Result<T> {
		return this.#present ? ok(read()) : noSuchDevice(this.#name);
	}

	#apply(change: () => Result<VfSettings>): Result<VfSettings> {
		if (!this.#present) {
			return noSuchDevice(this.#name);
		}

		const result = change();
		if (!result.ok) {
			return result;
		}

		const before = this.#settings;
		const after = result.value;
		const requeued = after.channels !== before.channels || after.rxRing !== before.rxRing || after.txRing !== before.txRing;
		if (requeued && this.facts.restartsQueueCounters) {
			this.#retired = this.#totals();
			this.#queues = createAccumulator(this.defaults.maxChannels * slots);
		}

		this.#statsChannels = this.facts.restartsQueueCounters ? after.channels : Math.max(this.#statsChannels, after.channels);
		this.#settings = after;
		return ok(after);
	}
}
