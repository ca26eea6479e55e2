// Per-queue traffic from any driver's `ethtool -S`: the driver's table
// (shapes.ts) names the queues, a plan per name list (plan.ts) says where each
// counter goes, and a list that matches no shape is all device counters —
// never an error. Counters stay exact (BigInt); a field adding several
// counters (vmxnet3's unicast + multicast + broadcast) adds them exactly.
import type {Stat} from '../../types.js';
import {planCache} from './plan-cache.js';
import {makePlan, type Plan, type PlanFields, type QueueRole} from './plan.js';
import {genericLayout, knownLayouts, type QueueField} from './shapes.js';

export type {QueueRole} from './plan.js';
export {maxStats} from './plan.js';
export {genericLayout, knownLayouts} from './shapes.js';

/** One direction of one queue; a field is absent when the driver has no such per-queue counter. */
export type QueueTraffic = Readonly<Partial<Record<QueueField, bigint>>>;

export type DriverQueue = {
	readonly index: number;
	/** 'combined': the index has both directions (or is a whole channel, mlx5 `chN_*`). */
	readonly role: QueueRole;
	readonly rx?: QueueTraffic;
	readonly tx?: QueueTraffic;
};

export type DriverQueueStats = {
	/** Which naming matched ('rx_N', 'rxN', 'blocks'…; '' for none). */
	readonly family: string;
	/** By index. */
	readonly queues: DriverQueue[];
	/** The device's own counters, in the driver's order (the input tuples). */
	readonly totals: Stat[];
};

// A few name lists at once (a netvsc device and its VF, a list that changed
// shape after a channel change), by driver.
const planFor = planCache(8, (stats, driver): Plan => {
	const known = knownLayouts.get(driver);
	return makePlan(stats.map(([name]) => name), known === undefined ? [genericLayout] : [known, genericLayout]);
});

function sum(stats: readonly Stat[], at: Int32Array): bigint {
	let total = 0n;
	for (const position of at) {
		total += stats[position]![1];
	}

	return total;
}

function traffic(stats: readonly Stat[], plan: PlanFields): QueueTraffic {
	const out: Partial<Record<QueueField, bigint>> = {};
	if (plan.packets !== undefined) {
		out.packets = sum(stats, plan.packets);
	}

	if (plan.bytes !== undefined) {
		out.bytes = sum(stats, plan.bytes);
	}

	if (plan.drops !== undefined) {
		out.drops = sum(stats, plan.drops);
	}

	return out;
}

/**
 * Splits a parsed `ethtool -S` list (parseStats) into per-queue traffic and
 * the device counters, by the driver's naming (`ethtool -i`'s driver, or
 * sysfs `device/driver`); an unknown or absent driver is tried against the
 * common namings.
 */
export function splitQueueStats(stats: readonly Stat[], driver: string | undefined): DriverQueueStats {
	const plan = planFor(stats, driver ?? '');
	const queues = plan.queues.map((queue): DriverQueue => ({
		index: queue.index,
		role: queue.role,
		...(queue.rx === undefined ? {} : {rx: traffic(stats, queue.rx)}),
		...(queue.tx === undefined ? {} : {tx: traffic(stats, queue.tx)}),
	}));
	const totals = Array.from(plan.totals, position => stats[position]!);
	return {family: plan.family, queues, totals};
}
