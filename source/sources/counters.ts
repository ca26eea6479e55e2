// Turns the flat, ordered `ethtool -S` list into per-queue, per-CPU, VF and
// error counters. Names are matched, never positions: the list changes with
// the channel count, and a stat must never be attributed to the wrong queue.
import type {Stat} from '../types.js';
import {globalStatNames} from '../netvsc/stats.js';
import type {CpuCounters, QueueCounters, VfCounters} from './source.js';

/** hv_netvsc's global counters, in driver order: the model's list is the driver's. */
export {globalStatNames as netvscErrorNames} from '../netvsc/stats.js';

const errorNames = new Set<string>(globalStatNames);
const queuePattern = /^(rx|tx)_queue_(\d+)_(packets|bytes)$/;
const cpuPattern = /^cpu(\d+)_(vf_)?(rx|tx)_(packets|bytes)$/;
const vfPattern = /^vf_(rx_packets|rx_bytes|tx_packets|tx_bytes|tx_dropped)$/;

type MutableQueue = {-readonly [K in keyof QueueCounters]: QueueCounters[K]};
type MutableCpu = {-readonly [K in keyof CpuCounters]: CpuCounters[K]};
type MutableVf = {-readonly [K in keyof VfCounters]: VfCounters[K]};

export type SplitCounters = {
	readonly queues: QueueCounters[];
	readonly cpus: CpuCounters[];
	readonly errors: Stat[];
	readonly vfTraffic?: VfCounters;
};

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function splitCounters(stats: readonly Stat[]): SplitCounters {
	const queues = new Map<number, MutableQueue>();
	const cpus = new Map<number, MutableCpu>();
	const errors: Stat[] = [];
	let vf: MutableVf | undefined;

	for (const [name, value] of stats) {
		let m = queuePattern.exec(name);
		if (m) {
			const index = Number(m[2]);
			let q = queues.get(index);
			if (!q) {
				q = {index, rxPackets: 0n, rxBytes: 0n, txPackets: 0n, txBytes: 0n};
				queues.set(index, q);
			}

			const key = camel(`${m[1]!}_${m[3]!}`) as 'rxPackets' | 'rxBytes' | 'txPackets' | 'txBytes';
			q[key] = value;
			continue;
		}

		m = cpuPattern.exec(name);
		if (m) {
			const cpu = Number(m[1]);
			let c = cpus.get(cpu);
			if (!c) {
				c = {
					cpu,
					rxPackets: 0n,
					rxBytes: 0n,
					txPackets: 0n,
					txBytes: 0n,
					vfRxPackets: 0n,
					vfRxBytes: 0n,
					vfTxPackets: 0n,
					vfTxBytes: 0n,
				};
				cpus.set(cpu, c);
			}

			const key = camel(`${m[2] ?? ''}${m[3]!}_${m[4]!}`) as keyof Omit<CpuCounters, 'cpu'>;
			c[key] = value;
			continue;
		}

		m = vfPattern.exec(name);
		if (m) {
			vf ??= {rxPackets: 0n, rxBytes: 0n, txPackets: 0n, txBytes: 0n, txDropped: 0n};
			vf[camel(m[1]!) as keyof VfCounters] = value;
			continue;
		}

		if (errorNames.has(name)) {
			errors.push([name, value]);
		}
	}

	const byKey = <T>(map: Map<number, T>): T[] => [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
	return {queues: byKey(queues), cpus: byKey(cpus), errors, ...(vf ? {vfTraffic: vf} : {})};
}
