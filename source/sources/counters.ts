// Turns the flat, ordered `ethtool -S` list into per-queue, per-CPU, VF and
// error counters. Names are matched, never positions: the list changes with
// the channel count, and a stat must never be attributed to the wrong queue.
import type {Stat} from '../types.js';
import {knownErrorStatNames} from '../drivers/index.js';
import {maxCpus, maxQueues} from '../drivers/limits.js';
import {planCache} from '../drivers/queue-stats/plan-cache.js';
import type {CpuCounters, QueueCounters, VfCounters} from './source.js';

// The error counters of the drivers hvtop knows (hv_netvsc's globals, mana's
// hc_*, mlx5's rx_out_of_buffer…); other drivers' errors are shown from sysfs
// (the live source decides by DriverFacts.errorStatNames).
const errorNames = knownErrorStatNames;
// Indices are bounded before they become numbers (a huge one must not be an
// array length; 2^32 must not wrap onto queue 0 in an Int32Array) and have no
// leading zeros (`rx_queue_00_*` is not queue 0); the bounds are in
// drivers/limits.ts. Anything beyond is not a queue or CPU counter: it is left unparsed.
export {maxCpus, maxQueues} from '../drivers/limits.js';
const queuePattern = /^(rx|tx)_queue_(0|[1-9]\d{0,3})_(packets|bytes)$/;
const cpuPattern = /^cpu(0|[1-9]\d{0,3})_(vf_)?(rx|tx)_(packets|bytes)$/;
const vfPattern = /^vf_(rx_packets|rx_bytes|tx_packets|tx_bytes|tx_dropped)$/;

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
	if (m && Number(m[2]) < maxQueues) {
		return {kind: 'queue', index: Number(m[2]), key: camel(`${m[1]!}_${m[3]!}`) as QueueKey};
	}

	m = cpuPattern.exec(name);
	if (m && Number(m[1]) < maxCpus) {
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

// What to do with each position of one list of names, worked out once: the
// queues and CPUs in index order, and for each field the position of its
// (last) stat, or -1; kept per name list by planCache.
type Plan = {
	readonly names: readonly string[];
	/** Per queue in index order: index, then the positions of rxPackets, rxBytes, txPackets, txBytes. */
	readonly queues: Int32Array;
	/** Per CPU in id order: cpu, then the positions of the eight fields in CpuCounters order. */
	readonly cpus: Int32Array;
	/** Positions of rxPackets, rxBytes, txPackets, txBytes, txDropped; undefined without VF stats. */
	readonly vf: Int32Array | undefined;
	readonly errors: Int32Array;
};

const queueFields = ['rxPackets', 'rxBytes', 'txPackets', 'txBytes'] as const;
const cpuFields = ['rxPackets', 'rxBytes', 'txPackets', 'txBytes', 'vfRxPackets', 'vfRxBytes', 'vfTxPackets', 'vfTxBytes'] as const;
const vfFields = ['rxPackets', 'rxBytes', 'txPackets', 'txBytes', 'txDropped'] as const;

function makePlan(stats: readonly Stat[]): Plan {
	const queues = new Map<number, Int32Array>();
	const cpus = new Map<number, Int32Array>();
	const errors: number[] = [];
	let vf: Int32Array | undefined;
	const slots = (map: Map<number, Int32Array>, id: number, width: number): Int32Array => {
		let row = map.get(id);
		if (row === undefined) {
			row = new Int32Array(width + 1).fill(-1);
			row[0] = id;
			map.set(id, row);
		}

		return row;
	};

	for (const [i, [name]] of stats.entries()) {
		const kind = kindOf(name);
		switch (kind.kind) {
			case 'queue': {
				slots(queues, kind.index, queueFields.length)[1 + queueFields.indexOf(kind.key)] = i;
				break;
			}

			case 'cpu': {
				slots(cpus, kind.cpu, cpuFields.length)[1 + cpuFields.indexOf(kind.key)] = i;
				break;
			}

			case 'vf': {
				vf ??= new Int32Array(vfFields.length).fill(-1);
				vf[vfFields.indexOf(kind.key)] = i;
				break;
			}

			case 'error': {
				errors.push(i);
				break;
			}

			default: {
				break;
			}
		}
	}

	const flat = (map: Map<number, Int32Array>): Int32Array => {
		const rows = [...map.entries()].sort((a, b) => a[0] - b[0]);
		const out = new Int32Array(rows.reduce((n, [, row]) => n + row.length, 0));
		let at = 0;
		for (const [, row] of rows) {
			out.set(row, at);
			at += row.length;
		}

		return out;
	};

	return {names: stats.map(([name]) => name), queues: flat(queues), cpus: flat(cpus), vf, errors: Int32Array.from(errors)};
}

// One layout per device (and a live list may change shape); the same cache as splitQueueStats', its own instance.
const planFor = planCache(8, stats => makePlan(stats));

const at = (stats: readonly Stat[], position: number): bigint => position < 0 ? 0n : stats[position]![1];

export function splitCounters(stats: readonly Stat[]): SplitCounters {
	const plan = planFor(stats, '');
	const queueRows = plan.queues;
	const queues = new Array<QueueCounters>(queueRows.length / 5);
	for (let r = 0, q = 0; r < queueRows.length; r += 5, q++) {
		queues[q] = {
			index: queueRows[r]!,
			rxPackets: at(stats, queueRows[r + 1]!),
			rxBytes: at(stats, queueRows[r + 2]!),
			txPackets: at(stats, queueRows[r + 3]!),
			txBytes: at(stats, queueRows[r + 4]!),
		};
	}

	const cpuRows = plan.cpus;
	const cpus = new Array<CpuCounters>(cpuRows.length / 9);
	for (let r = 0, c = 0; r < cpuRows.length; r += 9, c++) {
		cpus[c] = {
			cpu: cpuRows[r]!,
			rxPackets: at(stats, cpuRows[r + 1]!),
			rxBytes: at(stats, cpuRows[r + 2]!),
			txPackets: at(stats, cpuRows[r + 3]!),
			txBytes: at(stats, cpuRows[r + 4]!),
			vfRxPackets: at(stats, cpuRows[r + 5]!),
			vfRxBytes: at(stats, cpuRows[r + 6]!),
			vfTxPackets: at(stats, cpuRows[r + 7]!),
			vfTxBytes: at(stats, cpuRows[r + 8]!),
		};
	}

	const errors = new Array<Stat>(plan.errors.length);
	for (let e = 0; e < plan.errors.length; e++) {
		const [name, value] = stats[plan.errors[e]!]!;
		errors[e] = [name, value];
	}

	const {vf} = plan;
	if (vf === undefined) {
		return {queues, cpus, errors};
	}

	const vfTraffic: VfCounters = {
		rxPackets: at(stats, vf[0]!),
		rxBytes: at(stats, vf[1]!),
		txPackets: at(stats, vf[2]!),
		txBytes: at(stats, vf[3]!),
		txDropped: at(stats, vf[4]!),
	};
	return {queues, cpus, errors, vfTraffic};
}
