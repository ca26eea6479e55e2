// A device's figures in one number each (every packet, errors, drops, the busiest
// CPU's softirq share): what the history keeps, before → after compares and the
// history view plots, summed in one place so they cannot disagree.
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

/** The VF's packet rates: its own driver's totals where read, else netvsc's vf_* counters. */
export const vfTotalsOf = (rates: DeviceRates): {readonly rxPps: number; readonly txPps: number} | undefined => rates.vfDevice?.totals ?? rates.vf;

/** Every packet of the device per second: synthetic and VF, rx and tx. */
export function allPpsOf(rates: DeviceRates): number {
	const vf = vfTotalsOf(rates);
	return rates.totals.rxPps + rates.totals.txPps + (vf ? vf.rxPps + vf.txPps : 0);
}

/** The driver's error counters (the VF's too) rising, per second in all. */
export function errorsOf(rates: DeviceRates): number {
	let sum = 0;
	for (const e of rates.errors) {
		sum += e.rate;
	}

	for (const e of rates.vfDevice?.errors ?? []) {
		sum += e.rate;
	}

	return sum;
}

/** The busiest CPU's softirq share; -1 when no CPU has one (no /proc/stat). */
export function busiestSoftirqOf(rates: DeviceRates): number {
	let busiest = -1;
	for (const cpu of rates.cpus) {
		busiest = Math.max(busiest, cpu.shares?.softirq ?? -1);
	}

	return busiest;
}
