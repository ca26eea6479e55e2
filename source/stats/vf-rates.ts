// The VF's own rates (snapshot.vfDevice, read through its driver): per queue,
// totals, imbalance and its driver's error counters, by the same exact rules
// as the synthetic queues. A new VF instance (host servicing re-added it) has
// counters that started at an unknown time: no baseline, rates 0, never a
// negative or a restart spike.
import type {VfDeviceSnapshot, VfQueueCounters} from '../types.js';
import {counterRate, rateRule, type RateRule} from '../sources/counter-delta.js';
import {queueImbalance} from './imbalance.js';
import {byKey, isAscending, lookupBy, type KeyOf} from './keyed.js';
import type {ErrorRate, VfDeviceRates, VfQueueRates} from './rates.js';

type MutableVfQueueRates = {-readonly [K in keyof VfQueueRates]: VfQueueRates[K]};

const queueIndex: KeyOf<VfQueueCounters> = q => q.index;

const isCpuId = (cpu: number | undefined): cpu is number => cpu !== undefined && Number.isInteger(cpu) && cpu >= 0;

function inOrder(queues: readonly VfQueueCounters[]): readonly VfQueueCounters[] {
	return isAscending(queues, queueIndex)
		? queues
		: [...byKey(queues, queueIndex).values()].sort((a, b) => a.index - b.index);
}

/** A counter's rate, 0 without a baseline; an optional per-queue count present on both sides only. */
function optionalRate(base: VfQueueCounters | undefined, before: bigint | undefined, after: bigint | undefined, rule: RateRule): number | undefined {
	if (after === undefined) {
		return undefined;
	}

	return base ? counterRate(before, after, rule) : 0;
}

function queueRates(base: VfDeviceSnapshot | undefined, next: VfDeviceSnapshot, rule: RateRule): {queues: MutableVfQueueRates[]; packets: number} {
	const prevQueue = lookupBy(base?.queues ?? [], queueIndex);
	let packets = 0;
	const queues = inOrder(next.queues).map((q): MutableVfQueueRates => {
		const p = base ? prevQueue(q.index) : undefined;
		const rate = (before: bigint | undefined, after: bigint): number => (p ? counterRate(before, after, rule) : 0);
		const rxPps = rate(p?.rxPackets, q.rxPackets);
		const txPps = rate(p?.txPackets, q.txPackets);
		packets += rxPps + txPps;
		// One object per queue, its optional fields set in place (no spread copies: the stats path runs every tick).
		const rates: MutableVfQueueRates = {index: q.index, role: q.role, rxPps, rxBps: rate(p?.rxBytes, q.rxBytes), txPps, txBps: rate(p?.txBytes, q.txBytes), share: 0};
		if (isCpuId(q.cpu)) {
			rates.cpu = q.cpu;
		}

		const rxDrops = optionalRate(p, p?.rxDrops, q.rxDrops, rule);
		if (rxDrops !== undefined) {
			rates.rxDropsPerSec = rxDrops;
		}

		const txDrops = optionalRate(p, p?.txDrops, q.txDrops, rule);
		if (txDrops !== undefined) {
			rates.txDropsPerSec = txDrops;
		}

		return rates;
	});
	return {queues, packets};
}

/**
 * The VF's rates over `seconds` (0: no usable interval) within `max` per counter.
 * `prev` is the VF of the previous snapshot, if it had one; `appeared`: the
 * previous snapshot had none (the VF came back after a servicing).
 */
export function computeVfRates(prev: VfDeviceSnapshot | undefined, next: VfDeviceSnapshot, seconds: number, max: bigint, appeared = false): VfDeviceRates {
	const replaced = appeared || (prev !== undefined && prev.instance !== next.instance);
	// Only the same VF instance over a usable interval is a baseline.
	const base = seconds > 0 && prev !== undefined && !replaced ? prev : undefined;
	const rule = rateRule(seconds, {width: 64, max});
	const {queues, packets} = queueRates(base, next, rule);
	const totals = {rxPps: 0, rxBps: 0, txPps: 0, txBps: 0};
	for (let i = 0; i < queues.length; i++) {
		const q = queues[i]!;
		q.share = packets > 0 ? (q.rxPps + q.txPps) / packets : 0;
		totals.rxPps += q.rxPps;
		totals.rxBps += q.rxBps;
		totals.txPps += q.txPps;
		totals.txBps += q.txBps;
	}

	const prevErrors = base ? new Map(base.errors) : undefined;
	const errors: ErrorRate[] = next.errors.map(([name, value]) => {
		const r = prevErrors ? counterRate(prevErrors.get(name), value, rule) : 0;
		return {name, value, rate: r, rising: r > 0};
	});

	return {
		name: next.name,
		driver: next.driver,
		instance: next.instance,
		queues,
		totals,
		imbalance: queueImbalance(queues),
		errors,
		replaced,
	};
}
