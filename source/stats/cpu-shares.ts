// Per-CPU utilisation over one interval from two /proc/stat readings: each
// kind of time's ticks over all ticks the CPU counted. Being ratios of
// non-negative deltas the shares always lie in 0…1 and sum to 1. A counter
// that went backwards (a CPU taken offline and back: NO_HZ idle time is then
// re-read from another clock; a replaced capture) or no tick at all gives no
// shares for that CPU and interval, never a negative or absurd figure.
import type {CpuTimes} from '../types.js';

/** 0…1 of one CPU's time over an interval. */
export type CpuShares = {
	/** Softirq handlers: network receive/transmit processing runs here. */
	readonly softirq: number;
	/** Kernel code on behalf of processes (system calls: the socket sends that fill the queues). */
	readonly system: number;
	/** user + nice. */
	readonly user: number;
	/** idle + iowait. */
	readonly idle: number;
	/** Hard interrupt handlers. */
	readonly irq: number;
	/** Time the hypervisor ran something else while this vCPU wanted to run (Azure: host contention). */
	readonly steal: number;
};

const kinds = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/** The CPU's shares between two readings; undefined without a previous reading, with a counter gone backwards, or with no tick counted. */
export function cpuShares(before: CpuTimes | undefined, after: CpuTimes): CpuShares | undefined {
	if (before === undefined) {
		return undefined;
	}

	const delta = {} as Record<(typeof kinds)[number], bigint>;
	let total = 0n;
	for (const kind of kinds) {
		const [from, to] = [before[kind], after[kind]];
		// A replayed recording is untrusted: anything but exact counters gives no share.
		if (typeof from !== 'bigint' || typeof to !== 'bigint') {
			return undefined;
		}

		const d = to - from;
		if (d < 0n) {
			return undefined;
		}

		delta[kind] = d;
		total += d;
	}

	if (total === 0n) {
		return undefined;
	}

	// Each delta ≤ total, so Number() of each part over Number() of the total stays within 0…1.
	const all = Number(total);
	const share = (ticks: bigint): number => Number(ticks) / all;
	return {
		softirq: share(delta.softirq),
		system: share(delta.system),
		user: share(delta.user + delta.nice),
		idle: share(delta.idle + delta.iowait),
		irq: share(delta.irq),
		steal: share(delta.steal),
	};
}
