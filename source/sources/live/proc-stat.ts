// Per-CPU time from /proc/stat: each `cpuN` line (the `cpu` line without a
// number is the sum and is skipped) gives user nice system idle iowait irq
// softirq steal guest guest_nice in USER_HZ ticks. The file is untrusted
// (a captured tree, --procfs-root): a line that is not exactly a CPU id and
// decimal u64 fields is ignored, as is any CPU ≥ maxCpus or seen twice.
import {join} from 'node:path';
import {maxCpus} from '../counters.js';
import type {CpuTimes} from '../../types.js';
import {readText} from './fs-read.js';

const maxU64 = (1n << 64n) - 1n;
/** user nice system idle: every kernel since 2.4 prints these; later fields arrived one by one (iowait 2.5.41, irq/softirq 2.6.0, steal 2.6.11). */
const requiredFields = 4;

/** The `cpuN` lines of /proc/stat, by ascending CPU id; fields a kernel does not print are 0n. */
export function parseProcStat(text: string): CpuTimes[] {
	const byCpu = new Map<number, CpuTimes>();
	const duplicate = new Set<number>();
	for (const line of text.split('\n')) {
		const match = /^cpu(\d{1,5})((?: \d{1,20}){4,10}) *$/.exec(line);
		if (!match) {
			continue;
		}

		const cpu = Number(match[1]);
		const fields = match[2]!.trim().split(' ').map(BigInt);
		if (cpu >= maxCpus || fields.length < requiredFields || fields.some(value => value > maxU64)) {
			continue;
		}

		if (byCpu.has(cpu)) {
			// Two lines for one CPU: neither can be trusted.
			duplicate.add(cpu);
			continue;
		}

		const field = (index: number): bigint => fields[index] ?? 0n;
		byCpu.set(cpu, {
			cpu, user: field(0), nice: field(1), system: field(2), idle: field(3), iowait: field(4), irq: field(5), softirq: field(6), steal: field(7),
		});
	}

	return [...byCpu.values()].filter(times => !duplicate.has(times.cpu)).sort((a, b) => a.cpu - b.cpu);
}

/** Per online CPU (the ones /proc/stat lists): its time so far; [] when the file is missing or unreadable. */
export async function readCpuTimes(procfsRoot: string): Promise<CpuTimes[]> {
	const text = await readText(join(procfsRoot, 'stat'));
	return text === undefined ? [] : parseProcStat(text);
}
