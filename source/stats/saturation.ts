// When a CPU counts as saturated by network work. Where /proc/stat is read
// the answer is measured: the CPU spent most of the interval in softirq
// (network processing) and system time (the system calls feeding it), so
// nothing is left for more packets. Without it the answer is inferred from
// /proc/net/softnet_stat: net_rx_action ran out of its budget (300 packets or
// 2 ms: time_squeeze) or the backlog overflowed (dropped).
import type {CpuRates} from './index.js';

/** softirq + system at or above this share of the interval is a saturated CPU (measured). */
export const saturatedBusyShare = 0.85;
/**
 * Budget exhaustion 50 times a second means the CPU leaves softirq with work
 * pending most of the time; idle or lightly loaded CPUs squeeze a few times a
 * second at most.
 */
export const saturatedSqueezesPerSecond = 50;
/** Any backlog drop is a lost packet; one a second is past noise. */
export const droppingPerSecond = 1;

/** How a CPU's saturation is known: from its measured time, or inferred from softnet counters. */
export type SaturationBasis = 'measured' | 'inferred';

export const saturationBasis = (cpu: CpuRates | undefined): SaturationBasis => (cpu?.shares ? 'measured' : 'inferred');

export const isDropping = (cpu: CpuRates | undefined): boolean => (cpu?.dropsPerSec ?? 0) >= droppingPerSecond;

/** softirq + system of the interval, 0…1; undefined where the CPU's time was not measured. */
export const busyShare = (cpu: CpuRates | undefined): number | undefined =>
	(cpu?.shares ? cpu.shares.softirq + cpu.shares.system : undefined);

export function isSaturated(cpu: CpuRates | undefined): boolean {
	if (cpu === undefined) {
		return false;
	}

	const busy = busyShare(cpu);
	return busy === undefined ? cpu.squeezesPerSec >= saturatedSqueezesPerSecond || isDropping(cpu) : busy >= saturatedBusyShare;
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** Why it counts as saturated: "softirq 91 % + system 3 %" measured, else "inferred: 120 squeezes/s, 4 drops/s". */
export function saturationText(cpu: CpuRates): string {
	if (cpu.shares) {
		return `softirq ${percent(cpu.shares.softirq)} + system ${percent(cpu.shares.system)}`;
	}

	const parts = [`${Math.round(cpu.squeezesPerSec)} squeezes/s`];
	if (cpu.dropsPerSec > 0) {
		parts.push(`${Math.round(cpu.dropsPerSec)} drops/s`);
	}

	return `inferred: ${parts.join(', ')}`;
}
