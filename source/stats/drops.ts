// One figure for "packets lost" on a device, for before → after a change.
import type {DeviceRates} from './rates.js';

/** The VF's drop counters (its queues' where its driver counts them, else vf_tx_dropped) and the CPUs' backlog drops. */
export function dropsOf(rates: DeviceRates): number {
	let drops = 0;
	for (const cpu of rates.cpus) {
		drops += cpu.dropsPerSec;
	}

	const vfQueues = rates.vfDevice?.queues ?? [];
	const counted = vfQueues.some(q => q.rxDropsPerSec !== undefined || q.txDropsPerSec !== undefined);
	if (counted) {
		for (const q of vfQueues) {
			drops += (q.rxDropsPerSec ?? 0) + (q.txDropsPerSec ?? 0);
		}
	} else {
		drops += rates.vf?.dropsPerSec ?? 0;
	}

	return drops;
}
