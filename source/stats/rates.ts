// Two snapshots of one device → per-second rates per queue, per CPU, for the
// VF path and for each error counter, over the real elapsed time.
import type {DeviceSnapshot} from '../sources/source.js';
import type {CpuCounters, CpuTimes, QueueCounters, QueueRole, SoftirqCounters} from '../types.js';
import {cpuShares, type CpuShares} from './cpu-shares.js';
import {counterRate, maxCountPerSecond, maxDeltaFor, rateRule, type RateRule} from '../sources/counter-delta.js';
import {queueImbalance} from './imbalance.js';
import {snmpRates, type SnmpRates} from './snmp-rates.js';
import {computeVfRates} from './vf-rates.js';
import {byKey, isAscending, lookupBy, type KeyOf} from './keyed.js';

export type QueueRates = {
	readonly index: number;
	readonly rxPps: number;
	/** Bytes/s. */
	readonly rxBps: number;
	readonly txPps: number;
	readonly txBps: number;
	/** 0..1: this queue's (rx+tx) packets/s over the device's total */
	readonly share: number;
	/** From channelCpu. */
	readonly cpu?: number;
};

export type ErrorRate = {
	readonly name: string;
	readonly value: bigint;
	/** Per second. */
	readonly rate: number;
	/** rate > 0 */
	readonly rising: boolean;
};

export type CpuRates = {
	readonly cpu: number;
	/** Everything this CPU handled, synthetic + VF, as the driver counts cpuN_rx_*. */
	readonly rxPps: number;
	readonly rxBps: number;
	readonly txPps: number;
	readonly txBps: number;
	readonly vfRxPps: number;
	readonly vfTxPps: number;
	/** queue indexes served by this CPU */
	readonly queues: readonly number[];
	readonly netRxPerSec: number;
	readonly netTxPerSec: number;
	readonly dropsPerSec: number;
	readonly squeezesPerSec: number;
	/** Its time over the interval by kind (/proc/stat), when the source reads it and the counters allow. */
	readonly shares?: CpuShares;
};

export type Totals = {
	readonly rxPps: number;
	readonly rxBps: number;
	readonly txPps: number;
	readonly txBps: number;
};

export type DeviceRates = {
	readonly name: string;
	readonly at: number;
	readonly elapsedSeconds: number;
	readonly queues: readonly QueueRates[];
	/** Sum of the queues (the synthetic path). */
	readonly totals: Totals;
	/** max/mean of per-queue (rx+tx) packets/s, in [1, queue count]; see imbalance.ts. */
	readonly imbalance: number;
	readonly errors: readonly ErrorRate[];
	readonly cpus: readonly CpuRates[];
	readonly vf?: Totals & {readonly dropsPerSec: number};
	/** The VF through its own driver (snapshot.vfDevice), when the source read it. */
	readonly vfDevice?: VfDeviceRates;
	/** The VF the previous snapshot read (by name) is gone from this one: host servicing, traffic back on the synthetic path. */
	readonly vfRemoved?: string;
	/** the queues were re-created during this interval (a channel/ring change) */
	readonly reset: boolean;
	/** Machine-wide IP reassembly and UDP rates (/proc/net/snmp), when the source reads them. */
	readonly snmp?: SnmpRates;
};

/** One VF queue's rates; drops only where its driver counts them per queue. */
export type VfQueueRates = QueueRates & {
	readonly role: QueueRole;
	readonly rxDropsPerSec?: number;
	readonly txDropsPerSec?: number;
};

/** The VF's own view of its traffic: per queue, totals, and its driver's error counters. */
export type VfDeviceRates = {
	readonly name: string;
	readonly driver: string;
	readonly instance: number;
	readonly queues: readonly VfQueueRates[];
	readonly totals: Totals;
	/** As DeviceRates.imbalance, over the VF's queues. */
	readonly imbalance: number;
	readonly errors: readonly ErrorRate[];
	/**
	 * A new VF instance since the previous snapshot (host servicing removed the VF
	 * and added a new one with the driver's defaults): its counters restarted, rates are 0.
	 */
	readonly replaced: boolean;
};

export type RateOptions = {
	/** Counter deltas faster than this per second are glitches and count as 0. */
	readonly maxPerSecond?: number;
};

type Traffic = {-readonly [K in keyof Totals]: number};
type MutableQueueRates = {-readonly [K in keyof QueueRates]: QueueRates[K]};

const zero = (): Traffic => ({rxPps: 0, rxBps: 0, txPps: 0, txBps: 0});

const queueIndex: KeyOf<QueueCounters> = q => q.index;
const cpuId: KeyOf<CpuCounters | SoftirqCounters | CpuTimes> = c => c.cpu;

const isCpuId = (cpu: number | undefined): cpu is number => cpu !== undefined && Number.isInteger(cpu) && cpu >= 0;

/** Seconds between the snapshots; 0 when they cannot be compared. */
function elapsed(prev: DeviceSnapshot | undefined, next: DeviceSnapshot): number {
	if (!prev || prev.name !== next.name) {
		return 0;
	}

	const seconds = (next.at - prev.at) / 1000;
	return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/** Both maps known and some queue now points at another CPU. */
function mappingChanged(before: readonly number[], after: readonly number[]): boolean {
	if (before.length === 0 || after.length === 0) {
		return false;
	}

	const n = Math.max(before.length, after.length);
	for (let i = 0; i < n; i++) {
		if (before[i] !== after[i]) {
			return true;
		}
	}

	return false;
}

/** The synthetic (netvsc channel) part of one of a CPU's counters: cpuN_x minus cpuN_vf_x. */
function synthetic(all: bigint, vf: bigint): bigint {
	if (!(all > vf)) {
		return 0n;
	}

	// Without VF traffic there is nothing to subtract (and no BigInt to allocate).
	return vf === 0n ? all : all - vf;
}

/** The queues, once each, by ascending index (of duplicates the last counts, in the first's place, as a Map keeps them). */
function queuesInOrder(queues: readonly QueueCounters[]): readonly QueueCounters[] {
	return isAscending(queues, queueIndex)
		? queues
		: [...byKey(queues, queueIndex).values()].sort((a, b) => a.index - b.index);
}

/** Per CPU, the sum of its queues' traffic, in queue order; for CPUs whose own counters cannot be compared. */
function trafficByCpu(queues: readonly QueueRates[]): Map<number, Traffic> {
	const byCpu = new Map<number, Traffic>();
	for (const q of queues) {
		if (q.cpu !== undefined) {
			const t = byCpu.get(q.cpu) ?? zero();
			t.rxPps += q.rxPps;
			t.rxBps += q.rxBps;
			t.txPps += q.txPps;
			t.txBps += q.txBps;
			byCpu.set(q.cpu, t);
		}
	}

	return byCpu;
}

/** The queue indexes each CPU serves, from the channel map. */
function servedQueues(channelCpu: readonly number[]): Map<number, number[]> {
	const served = new Map<number, number[]>();
	for (let index = 0; index < channelCpu.length; index++) {
		const cpu = channelCpu[index];
		if (isCpuId(cpu)) {
			const queues = served.get(cpu);
			if (queues) {
				queues.push(index);
			} else {
				served.set(cpu, [index]);
			}
		}
	}

	return served;
}

/** What every part of one rate computation shares: the baseline and the rules for its counters. */
type RateContext = {
	/** The baseline, only when the interval is usable; without one every rate is 0. */
	readonly base: DeviceSnapshot | undefined;
	readonly rate: (before: bigint | undefined, after: bigint, rule?: RateRule) => number;
	readonly counter32: RateRule;
	readonly queueCounter: RateRule;
};

/** Per-queue rates in queue order, with their shares, and their sum (the synthetic path). */
function queueRates(ctx: RateContext, next: DeviceSnapshot): {queues: MutableQueueRates[]; totals: Traffic} {
	const {base, rate, queueCounter} = ctx;
	const prevQueue = lookupBy(base?.queues ?? [], queueIndex);
	const totals = zero();
	const queues = queuesInOrder(next.queues).map((q): MutableQueueRates => {
		const p = prevQueue(q.index);
		const rxPps = rate(p?.rxPackets, q.rxPackets, queueCounter);
		const rxBps = rate(p?.rxBytes, q.rxBytes, queueCounter);
		const txPps = rate(p?.txPackets, q.txPackets, queueCounter);
		const txBps = rate(p?.txBytes, q.txBytes, queueCounter);
		totals.rxPps += rxPps;
		totals.rxBps += rxBps;
		totals.txPps += txPps;
		totals.txBps += txBps;
		const cpu = next.channelCpu[q.index];
		// share is known once all queues are: set below.
		return isCpuId(cpu)
			? {index: q.index, rxPps, rxBps, txPps, txBps, share: 0, cpu}
			: {index: q.index, rxPps, rxBps, txPps, txBps, share: 0};
	});

	const packets = totals.rxPps + totals.txPps;
	for (let i = 0; i < queues.length; i++) {
		const q = queues[i]!;
		q.share = packets > 0 ? (q.rxPps + q.txPps) / packets : 0;
	}

	return {queues, totals};
}

/** Every CPU named by counters, softirqs or the channel map, ascending. */
function cpuIds(next: DeviceSnapshot, served: ReadonlyMap<number, number[]>): number[] {
	const ids = new Set<number>();
	const addId = (id: number) => {
		if (isCpuId(id)) {
			ids.add(id);
		}
	};

	for (const counters of [next.cpus, next.softirqs]) {
		for (let i = 0; i < counters.length; i++) {
			addId(counters[i]!.cpu);
		}
	}

	served.forEach((_, id) => {
		addId(id);
	});

	return [...ids].sort((a, b) => a - b);
}

/** Per-CPU rates: synthetic + VF traffic, and the softirq/softnet counters. */
function cpuRates(ctx: RateContext, next: DeviceSnapshot, queues: readonly QueueRates[]): CpuRates[] {
	const {base, rate, counter32, queueCounter} = ctx;
	const prevCpu = lookupBy(base?.cpus ?? [], cpuId);
	const nextCpu = lookupBy(next.cpus, cpuId);
	const prevSoft = lookupBy(base?.softirqs ?? [], cpuId);
	const nextSoft = lookupBy(next.softirqs, cpuId);
	const [prevTimes, nextTimes] = [lookupBy(base?.cpuTimes ?? [], cpuId), lookupBy(next.cpuTimes ?? [], cpuId)];
	const served = servedQueues(next.channelCpu);
	let channelTraffic: Map<number, Traffic> | undefined;
	// Scratch for one CPU's synthetic rates, read right away into its CpuRates.
	const ownTraffic = zero();

	// The kernel attributes a channel's whole history to its *current* CPU, so
	// when a channel moved, CPU counters jump; sum the queue deltas instead.
	const moved = base !== undefined && mappingChanged(base.channelCpu, next.channelCpu);

	return cpuIds(next, served).map(id => {
		const c = nextCpu(id);
		const p = prevCpu(id);
		const s = nextSoft(id);
		const ps = prevSoft(id);
		const t = nextTimes(id);
		const shares = t ? cpuShares(prevTimes(id), t) : undefined;
		const vfRxPps = c ? rate(p?.vfRxPackets, c.vfRxPackets) : 0;
		const vfRxBps = c ? rate(p?.vfRxBytes, c.vfRxBytes) : 0;
		const vfTxPps = c ? rate(p?.vfTxPackets, c.vfTxPackets) : 0;
		const vfTxBps = c ? rate(p?.vfTxBytes, c.vfTxBytes) : 0;

		// Synthetic part from the CPU's own counters when they are comparable,
		// else from the queues it serves (older kernels have no cpuN_* at all).
		let channels: Totals;
		if (c !== undefined && p !== undefined && !moved) {
			ownTraffic.rxPps = rate(synthetic(p.rxPackets, p.vfRxPackets), synthetic(c.rxPackets, c.vfRxPackets), queueCounter);
			ownTraffic.rxBps = rate(synthetic(p.rxBytes, p.vfRxBytes), synthetic(c.rxBytes, c.vfRxBytes), queueCounter);
			ownTraffic.txPps = rate(synthetic(p.txPackets, p.vfTxPackets), synthetic(c.txPackets, c.vfTxPackets), queueCounter);
			ownTraffic.txBps = rate(synthetic(p.txBytes, p.vfTxBytes), synthetic(c.txBytes, c.vfTxBytes), queueCounter);
			channels = ownTraffic;
		} else {
			channelTraffic ??= trafficByCpu(queues);
			channels = channelTraffic.get(id) ?? zero();
		}

		return {
			cpu: id,
			rxPps: channels.rxPps + vfRxPps,
			rxBps: channels.rxBps + vfRxBps,
			txPps: channels.txPps + vfTxPps,
			txBps: channels.txBps + vfTxBps,
			vfRxPps,
			vfTxPps,
			queues: served.get(id) ?? [],
			netRxPerSec: s ? rate(ps?.netRx, s.netRx, counter32) : 0,
			netTxPerSec: s ? rate(ps?.netTx, s.netTx, counter32) : 0,
			dropsPerSec: s ? rate(ps?.dropped, s.dropped, counter32) : 0,
			squeezesPerSec: s ? rate(ps?.squeezed, s.squeezed, counter32) : 0,
			...(shares ? {shares} : {}),
		};
	});
}

/** The VF's own totals, when the device reports them. */
function vfRates(ctx: RateContext, next: DeviceSnapshot): DeviceRates['vf'] {
	const {base, rate, counter32} = ctx;
	const v = next.vfTraffic;
	const pv = base?.vfTraffic;
	return v
		? {
			rxPps: rate(pv?.rxPackets, v.rxPackets),
			rxBps: rate(pv?.rxBytes, v.rxBytes),
			txPps: rate(pv?.txPackets, v.txPackets),
			txBps: rate(pv?.txBytes, v.txBytes),
			// vf_tx_dropped is a u32 sum in the driver: it wraps.
			dropsPerSec: rate(pv?.txDropped, v.txDropped, counter32),
		}
		: undefined;
}

export function computeRates(prev: DeviceSnapshot | undefined, next: DeviceSnapshot, options: RateOptions = {}): DeviceRates {
	const seconds = elapsed(prev, next);
	// The baseline, only when the interval is usable; without one every rate is 0.
	const base = seconds > 0 ? prev : undefined;
	const restarted = base !== undefined && base.epoch !== next.epoch;
	const max = maxDeltaFor(seconds, options.maxPerSecond ?? maxCountPerSecond);
	// Per-queue counters are the ones an epoch change restarts; softirq and
	// softnet counters are u32 in the kernel. One options object per kind, not per counter.
	const counter64 = rateRule(seconds, {width: 64, max});
	const counter32 = rateRule(seconds, {width: 32, max});
	const queueCounter = rateRule(seconds, {restarted, width: 64, max});

	const rate = (before: bigint | undefined, after: bigint, rule: RateRule = counter64): number =>
		base ? counterRate(before, after, rule) : 0;
	const ctx: RateContext = {base, rate, counter32, queueCounter};

	const {queues, totals} = queueRates(ctx, next);
	const cpus = cpuRates(ctx, next, queues);

	// Global error counters live in the device context and survive re-creation.
	const prevErrors = new Map(base?.errors ?? []);
	const errors: ErrorRate[] = next.errors.map(([name, value]) => {
		const r = rate(prevErrors.get(name), value);
		return {name, value, rate: r, rising: r > 0};
	});

	const vf = vfRates(ctx, next);
	// The VF read through its own driver: its own instance rules (vf-rates.ts).
	const sameDevice = prev?.name === next.name;
	const previousVf = sameDevice ? prev.vfDevice : undefined;
	// Back after a servicing: the previous snapshot had no VF at all (not merely none read through its driver).
	const appeared = sameDevice && prev.vfDevice === undefined && prev.vf === undefined;
	const vfDevice = next.vfDevice ? computeVfRates(previousVf, next.vfDevice, seconds, max, appeared) : undefined;
	const vfRemoved = previousVf && !next.vfDevice && next.vf === undefined ? previousVf.name : undefined;

	return {
		name: next.name,
		at: next.at,
		elapsedSeconds: seconds,
		queues,
		totals,
		imbalance: queueImbalance(queues),
		errors,
		cpus,
		...(vf ? {vf} : {}),
		...(vfDevice ? {vfDevice} : {}),
		...(vfRemoved === undefined ? {} : {vfRemoved}),
		reset: restarted,
		...(next.snmp ? {snmp: snmpRates(base?.snmp, next.snmp, (before, after) => rate(before, after))} : {}),
	};
}
