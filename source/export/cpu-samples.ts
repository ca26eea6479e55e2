// Machine-wide per-CPU samples: each CPU's softirq share over the interval.
// Every device's reading carries the same CPUs (the shares are the machine's,
// not the device's), so the first reading that has them speaks for all.
import type {DeviceReading} from '../stats/reading.js';
import type {Add} from './catalogue.js';

export function cpuSamples(add: Add, readings: readonly DeviceReading[]): void {
	const cpus = readings.find(reading => reading.rates?.cpus.some(cpu => cpu.shares))?.rates?.cpus ?? [];
	for (const cpu of cpus) {
		if (cpu.shares) {
			add('cpuSoftirq', [String(cpu.cpu)], cpu.shares.softirq);
		}
	}
}
