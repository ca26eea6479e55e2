// computeRates as of c8f0174, before the per-tick allocation work: the oracle
// test/stats/same-as-before.test.ts holds source/stats/rates.ts to, bit for bit.
// Kept (issue 14): it alone caught sorted-input lookups that read the first of
// duplicate queues, unsorted short lists taken as sorted, fractional CPU ids,
// NET_TX rated as a restarted 64-bit counter, a lost error baseline and a
// queue's CPU taken from the previous map; the direct tests passed all of them.
// Two snapshots of one device → per-second rates per queue, per CPU, for the
// VF path and for each error counter, over the real elapsed time.
import type {DeviceSnapshot} from '../../../source/sources/source.js';
import type {CpuCounters, QueueCounters, SoftirqCounters} from '../../../source/types.js';
// The counter rule is the product's own slow path (classifyDelta, no fast path):
// test/stats/counter-delta.test.ts holds counterDelta and counterRate to it.
import {classifyDelta, maxCountPerSecond, maxDeltaFor, perSecond, type CounterWidth} from '../../../source/sources/counter-delta.js';
import {queueImbalance} from './imbalance.js';

// The types are the current ones (unchanged by the work): only the code is the old one.
import type {CpuRates, DeviceRates, ErrorRate, QueueRates, RateOptions, Totals} from '../../../source/stats/rates.js';

export type {CpuRates, DeviceRates, ErrorRate, QueueRates, RateOptions, Totals};

type Traffic = {-readonly [K in keyof Totals]: number};

const zero = (): Traffic => ({rxPps: 0, rxBps: 0, txPps: 0, txBps: 0});

const byKey = <T>(items: readonly T[], key: (item: T) => number): Map<number, T> =>
	new Map(items.map(item => [key(item), item]));

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

/** The synthetic (netvsc channel) part of a CPU's counters: cpuN_* minus cpuN_vf_*. */
const synthetic = (c: CpuCounters | undefined, field: 'rx' | 'tx', unit: 'Packets' | 'Bytes'): bigint | undefined => {
	if (!c) {
		return undefined;
	}

	const all = c[`${field}${unit}`];
	const vf = c[`vf${field === 'rx' ? 'Rx' : 'Tx'}${unit}`];
	return all > vf ? all - vf : 0n;
};

export function computeRates(prev: DeviceSnapshot | undefined, next: DeviceSnapshot, options: RateOptions = {}): DeviceRates {
	const seconds = elapsed(prev, next);
	// The baseline, only when the interval is usable; without one every rate is 0.
	const base = seconds > 0 ? prev : undefined;
	const restarted = base !== undefined && base.epoch !== next.epoch;
	const max = maxDeltaFor(seconds, options.maxPerSecond ?? maxCountPerSecond);

	const rate = (before: bigint | undefined, after: bigint, width: CounterWidth = 64, queueBound = false): number =>
		base ? perSecond(classifyDelta(before, after, {restarted: queueBound && restarted, width, max}).delta, seconds) : 0;

	// Queues. Per-queue counters are the ones an epoch change restarts.
	const prevQueues = byKey<QueueCounters>(base?.queues ?? [], q => q.index);
	const cpuOf = (index: number): number | undefined => {
		const cpu = next.channelCpu[index];
		return isCpuId(cpu) ? cpu : undefined;
	};

	const traffic = [...byKey<QueueCounters>(next.queues, q => q.index).values()]
		.sort((a, b) => a.index - b.index)
		.map(q => {
			const p = prevQueues.get(q.index);
			return {
				index: q.index,
				rxPps: rate(p?.rxPackets, q.rxPackets, 64, true),
				rxBps: rate(p?.rxBytes, q.rxBytes, 64, true),
				txPps: rate(p?.txPackets, q.txPackets, 64, true),
				txBps: rate(p?.txBytes, q.txBytes, 64, true),
			};
		});

	const totals = zero();
	for (const q of traffic) {
		totals.rxPps += q.rxPps;
		totals.rxBps += q.rxBps;
		totals.txPps += q.txPps;
		totals.txBps += q.txBps;
	}

	const packets = totals.rxPps + totals.txPps;
	const queues: QueueRates[] = traffic.map(q => {
		const cpu = cpuOf(q.index);
		return {
			...q,
			share: packets > 0 ? (q.rxPps + q.txPps) / packets : 0,
			...(cpu === undefined ? {} : {cpu}),
		};
	});

	// CPUs: every CPU named by counters, softirqs or the channel map.
	const prevCpus = byKey<CpuCounters>(base?.cpus ?? [], c => c.cpu);
	const nextCpus = byKey<CpuCounters>(next.cpus, c => c.cpu);
	const prevSoft = byKey<SoftirqCounters>(base?.softirqs ?? [], s => s.cpu);
	const nextSoft = byKey<SoftirqCounters>(next.softirqs, s => s.cpu);

	const served = new Map<number, number[]>();
	const channelTraffic = new Map<number, Traffic>();
	for (const [index, cpu] of next.channelCpu.entries()) {
		if (isCpuId(cpu)) {
			served.set(cpu, [...(served.get(cpu) ?? []), index]);
		}
	}

	for (const q of traffic) {
		const cpu = cpuOf(q.index);
		if (cpu !== undefined) {
			const t = channelTraffic.get(cpu) ?? zero();
			t.rxPps += q.rxPps;
			t.rxBps += q.rxBps;
			t.txPps += q.txPps;
			t.txBps += q.txBps;
			channelTraffic.set(cpu, t);
		}
	}

	// The kernel attributes a channel's whole history to its *current* CPU, so
	// when a channel moved, CPU counters jump; sum the queue deltas instead.
	const moved = base !== undefined && mappingChanged(base.channelCpu, next.channelCpu);

	const ids = new Set<number>([...nextCpus.keys(), ...nextSoft.keys(), ...served.keys()].filter(id => isCpuId(id)));
	const cpus: CpuRates[] = [...ids].sort((a, b) => a - b).map(id => {
		const c = nextCpus.get(id);
		const p = prevCpus.get(id);
		const s = nextSoft.get(id);
		const ps = prevSoft.get(id);
		const vfRxPps = c ? rate(p?.vfRxPackets, c.vfRxPackets) : 0;
		const vfRxBps = c ? rate(p?.vfRxBytes, c.vfRxBytes) : 0;
		const vfTxPps = c ? rate(p?.vfTxPackets, c.vfTxPackets) : 0;
		const vfTxBps = c ? rate(p?.vfTxBytes, c.vfTxBytes) : 0;

		// Synthetic part from the CPU's own counters when they are comparable,
		// else from the queues it serves (older kernels have no cpuN_* at all).
		const fromCounters = c !== undefined && p !== undefined && !moved;
		const syn = (field: 'rx' | 'tx', unit: 'Packets' | 'Bytes'): number =>
			rate(synthetic(p, field, unit), synthetic(c, field, unit) ?? 0n, 64, true);
		const channels = fromCounters
			? {rxPps: syn('rx', 'Packets'), rxBps: syn('rx', 'Bytes'), txPps: syn('tx', 'Packets'), txBps: syn('tx', 'Bytes')}
			: (channelTraffic.get(id) ?? zero());

		return {
			cpu: id,
			rxPps: channels.rxPps + vfRxPps,
			rxBps: channels.rxBps + vfRxBps,
			txPps: channels.txPps + vfTxPps,
			txBps: channels.txBps + vfTxBps,
			vfRxPps,
			vfTxPps,
			queues: served.get(id) ?? [],
			// Softirq and softnet counters are u32 in the kernel.
			netRxPerSec: s ? rate(ps?.netRx, s.netRx, 32) : 0,
			netTxPerSec: s ? rate(ps?.netTx, s.netTx, 32) : 0,
			dropsPerSec: s ? rate(ps?.dropped, s.dropped, 32) : 0,
			squeezesPerSec: s ? rate(ps?.squeezed, s.squeezed, 32) : 0,
		};
	});

	// Global error counters live in the device context and survive re-creation.
	const prevErrors = new Map(base?.errors ?? []);
	const errors: ErrorRate[] = next.errors.map(([name, value]) => {
		const r = rate(prevErrors.get(name), value);
		return {name, value, rate: r, rising: r > 0};
	});

	const v = next.vfTraffic;
	const pv = base?.vfTraffic;
	const vf = v
		? {
			rxPps: rate(pv?.rxPackets, v.rxPackets),
			rxBps: rate(pv?.rxBytes, v.rxBytes),
			txPps: rate(pv?.txPackets, v.txPackets),
			txBps: rate(pv?.txBytes, v.txBytes),
			// vf_tx_dropped is a u32 sum in the driver: it wraps.
			dropsPerSec: rate(pv?.txDropped, v.txDropped, 32),
		}
		: undefined;

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
		reset: restarted,
	};
}
