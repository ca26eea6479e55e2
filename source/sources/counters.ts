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

type QueueKey = Exclude<keyof QueueCounters, 'index'>;
type CpuKey = Exclude<keyof CpuCounters, 'cpu'>;
type Kind =
	| {readonly kind: 'queue'; readonly index: number; readonly key: QueueKey}
	| {readonly kind: 'cpu'; readonly cpu: number; readonly key: CpuKey}
	| {readonly kind: 'vf'; readonly key: keyof VfCounters}
	| {readonly kind: 'error'}
	| {readonly kind: 'other'};

function classify(name: string): Kind {
	let m = queuePattern.exec(name);
	if (m) {
		return {kind: 'queue', index: Number(m[2]), key: camel(`${m[1]!}_${m[3]!}`) as QueueKey};
	}

	m = cpuPattern.exec(name);
	if (m) {
		return {kind: 'cpu', cpu: Number(m[1]), key: camel(`${m[2] ?? ''}${m[3]!}_${m[4]!}`) as CpuKey};
	}

	m = vfPattern.exec(name);
	if (m) {
		return {kind: 'vf', key: camel(m[1]!) as keyof VfCounters};
	}

	return errorNames.has(name) ? {kind: 'error'} : {kind: 'other'};
}

// The same few hundred names come every second: match each once (bounded,
// in case a driver keeps inventing names).
const kinds = new Map<string, Kind>();

function kindOf(name: string): Kind {
	let kind = kinds.get(name);
	if (kind === undefined) {
		if (kinds.size >= 8192) {
			kinds.clear();
		}

		kind = classify(name);
		kinds.set(name, kind);
	}

	return kind;
}

export function splitCounters(stats: readonly Stat[]): SplitCounters {
	const queues = new Map<number, MutableQueue>();
	const cpus = new Map<number, MutableCpu>();
	const errors: Stat[] = [];
	let vf: MutableVf | undefined;

	for (const [name, value] of stats) {
		const kind = kindOf(name);
		switch (kind.kind) {
			case 'queue': {
				let q = queues.get(kind.index);
				if (!q) {
					q = {index: kind.index, rxPackets: 0n, rxBytes: 0n, txPackets: 0n, txBytes: 0n};
					queues.set(kind.index, q);
				}

				q[kind.key] = value;
				break;
			}

			case 'cpu': {
				let c = cpus.get(kind.cpu);
				if (!c) {
					c = {
						cpu: kind.cpu,
						rxPackets: 0n,
						rxBytes: 0n,
						txPackets: 0n,
						txBytes: 0n,
						vfRxPackets: 0n,
						vfRxBytes: 0n,
						vfTxPackets: 0n,
						vfTxBytes: 0n,
					};
					cpus.set(kind.cpu, c);
				}

				c[kind.key] = value;
				break;
			}

			case 'vf': {
				vf ??= {rxPackets: 0n, rxBytes: 0n, txPackets: 0n, txBytes: 0n, txDropped: 0n};
				vf[kind.key] = value;
				break;
			}

			case 'error': {
				errors.push([name, value]);
				break;
			}

			default: {
				break;
			}
		}
	}

	const byKey = <T>(map: Map<number, T>): T[] => [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
	return {queues: byKey(queues), cpus: byKey(cpus), errors, ...(vf ? {vfTraffic: vf} : {})};
}
