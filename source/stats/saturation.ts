// When a CPU counts as saturated by network softirq work. The kernel exposes
// no softirq percentage per device, but /proc/net/softnet_stat says when
// net_rx_action ran out of its budget (300 packets or 2 ms: time_squeeze) and
// when the backlog overflowed (dropped).
import type {CpuRates} from './index.js';

/**
 * Budget exhaustion 50 times a second means the CPU leaves softirq with work
 * pending most of the time; idle or lightly loaded CPUs squeeze a few times a
 * second at most.
 */
export const saturatedSqueezesPerSecond = 50;
/** Any backlog drop is a lost packet; one a second is past noise. */
export const droppingPerSecond = 1;

export const isDropping = (cpu: CpuRates | undefined): boolean => (cpu?.dropsPerSec ?? 0) >= droppingPerSecond;

export const isSaturated = (cpu: CpuRates | undefined): boolean =>
	cpu !== undefined && (cpu.squeezesPerSec >= saturatedSqueezesPerSecond || isDropping(cpu));

export function saturationText(cpu: CpuRates): string {
	const parts = [`${Math.round(cpu.squeezesPerSec)} squeezes/s`];
	if (cpu.dropsPerSec > 0) {
		parts.push(`${Math.round(cpu.dropsPerSec)} drops/s`);
	}

	return parts.join(', ');
}
