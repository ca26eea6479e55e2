// A VF's `ethtool -S` as the shared types carry it, the same for the model and
// the live source: each queue its driver names, and the driver's error counters.
import type {Stat, VfQueueCounters} from '../types.js';
import {driverFacts} from './index.js';
import type {DriverQueue} from './queue-stats/index.js';

/** Where a queue's interrupt lands, when the source knows. */
export type QueueIrqFacts = {readonly cpu?: number; readonly interrupts?: bigint};

export function vfQueueCounters(queue: DriverQueue, irq: QueueIrqFacts = {}): VfQueueCounters {
	return {
		index: queue.index,
		role: queue.role,
		rxPackets: queue.rx?.packets ?? 0n,
		rxBytes: queue.rx?.bytes ?? 0n,
		txPackets: queue.tx?.packets ?? 0n,
		txBytes: queue.tx?.bytes ?? 0n,
		...(queue.rx?.drops === undefined ? {} : {rxDrops: queue.rx.drops}),
		...(queue.tx?.drops === undefined ? {} : {txDrops: queue.tx.drops}),
		...(irq.cpu === undefined ? {} : {cpu: irq.cpu}),
		...(irq.interrupts === undefined ? {} : {interrupts: irq.interrupts}),
	};
}

/** The driver's error counters, in its `-S` order. */
export function vfDriverErrors(stats: readonly Stat[], driver: string): Stat[] {
	const names = new Set(driverFacts(driver).errorStatNames);
	return names.size === 0 ? [] : stats.filter(([name]) => names.has(name));
}
