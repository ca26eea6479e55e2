// The kernel's CPU list format (`0-3,5,7-8`: cpulist_parse, `%*pbl`), as
// sysfs `online` and /proc/irq/N/smp_affinity_list print and take it.
import {maxCpus} from './drivers/limits.js';

/** `0-3,5,7-8` → [0,1,2,3,5,7,8], each CPU once, in order; undefined for anything else or a CPU ≥ maxCpus. */
export function parseCpuList(text: string): number[] | undefined {
	const cpus = new Set<number>();
	for (const part of text.trim().split(',')) {
		const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
		if (!match) {
			return undefined;
		}

		const first = Number(match[1]);
		const last = match[2] === undefined ? first : Number(match[2]);
		if (last < first || last >= maxCpus) {
			return undefined;
		}

		for (let cpu = first; cpu <= last; cpu++) {
			cpus.add(cpu);
		}
	}

	return [...cpus].sort((a, b) => a - b);
}

/** [0,1,2,3,5] → `0-3,5`: ranges of consecutive CPUs, as the kernel prints a list. */
export function formatCpuList(cpus: readonly number[]): string {
	const sorted = [...new Set(cpus)].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		const first = sorted[i]!;
		while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) {
			i++;
		}

		parts.push(first === sorted[i] ? String(first) : `${first}-${sorted[i]!}`);
	}

	return parts.join(',');
}
