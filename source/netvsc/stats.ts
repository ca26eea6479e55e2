// `ethtool -S` as netvsc_get_strings/netvsc_get_ethtool_stats build it: the
// names (from drivers/hv-netvsc.ts) laid out for a channel count and CPU list,
// and the values assembled from the model's counters.
import {cpuStatSuffixes, globalStatNames, queueStatSuffixes, vfStatNames} from '../drivers/hv-netvsc.js';
import type {Stat} from '../types.js';

export {cpuStatSuffixes, globalStatNames, queueStatSuffixes, vfStatNames} from '../drivers/hv-netvsc.js';

export type GlobalStat = (typeof globalStatNames)[number];

/** Index of each global counter in its array. */
export const globalIndex = Object.fromEntries(globalStatNames.map((name, i) => [name, i])) as Record<GlobalStat, number>;

/** Slots of one queue's eight counters. */
export const queueSlot = {
	txPackets: 0,
	txBytes: 1,
	txXdpXmit: 2,
	rxPackets: 3,
	rxBytes: 4,
	rxXdpDrop: 5,
	rxXdpRedirect: 6,
	rxXdpTx: 7,
} as const;

export const queueStatCount = queueStatSuffixes.length;

/** Slots of the VF per-CPU counters (netvsc_vf_pcpu_stats). */
export const vfCpuSlot = {rxPackets: 0, rxBytes: 1, txPackets: 2, txBytes: 3} as const;

/** netvsc_get_sset_count. */
export function statCount(channels: number, presentCpus: number): number {
	return globalStatNames.length + vfStatNames.length + (queueStatCount * channels) + (cpuStatSuffixes.length * presentCpus);
}

export function statNames(channels: number, presentCpus: readonly number[]): string[] {
	const names: string[] = [...globalStatNames, ...vfStatNames];
	for (let q = 0; q < channels; q++) {
		for (const pattern of queueStatSuffixes) {
			names.push(pattern.replace('%', String(q)));
		}
	}

	for (const cpu of presentCpus) {
		for (const suffix of cpuStatSuffixes) {
			names.push(`cpu${cpu}_${suffix}`);
		}
	}

	return names;
}

export type StatInputs = {
	readonly globals: BigUint64Array;
	/** vf_rx_packets, vf_rx_bytes, vf_tx_packets, vf_tx_bytes (sums over CPUs) and vf_tx_dropped (u32). */
	readonly vfTotals: readonly bigint[];
	/** channels × 8, in queueSlot order. */
	readonly queues: BigUint64Array;
	readonly channels: number;
	readonly presentCpus: readonly number[];
	/** CPU slots × 4: each CPU's VF counters, in vfCpuSlot order. */
	readonly vfPerCpu: BigUint64Array;
	/** Target CPU of each queue (attribution of the synthetic per-CPU part). */
	readonly channelCpu: readonly number[];
};

/**
 * The list last built for one device. A counter whose value did not change
 * keeps its tuple (frozen: snapshots share it), so a snapshot allocates only
 * for the counters that moved.
 */
export type StatsCache = {
	names: readonly string[] | undefined;
	stats: readonly Stat[] | undefined;
	/** The layout `names` is for (presentCpus by identity: the machine's list never changes). */
	channels?: number;
	presentCpus?: readonly number[];
};

// The names only change with the channel count and the CPUs: build them once
// per layout, not for every snapshot (about a thousand strings a tick).
const namesByLayout = new Map<string, readonly string[]>();

function layoutNames(channels: number, presentCpus: readonly number[]): readonly string[] {
	const key = `${channels}/${presentCpus.join(',')}`;
	let names = namesByLayout.get(key);
	if (names === undefined) {
		if (namesByLayout.size >= 64) {
			namesByLayout.clear();
		}

		names = Object.freeze(statNames(channels, presentCpus));
		namesByLayout.set(key, names);
	}

	return names;
}

/** The tuple for names[i] = value: the previous one while the value is unchanged. */
function stat(names: readonly string[], previous: readonly Stat[] | undefined, i: number, value: bigint): Stat {
	const before = previous?.[i];
	return before !== undefined && before[1] === value ? before : Object.freeze([names[i]!, value] as const);
}

const plus = (a: bigint, b: bigint): bigint => a === 0n ? b : (b === 0n ? a : a + b);

/**
 * netvsc_get_ethtool_stats. cpuN_rx/tx = cpuN_vf_* plus the per-queue totals
 * of every channel whose *current* target CPU is N (netvsc_get_pcpu_stats).
 * With a cache (one per device), unchanged counters keep their last tuple;
 * the cache then holds this list.
 */
export function buildStats(inputs: StatInputs, cache?: StatsCache): Stat[] {
	const sameLayout = cache?.names !== undefined && cache.channels === inputs.channels && cache.presentCpus === inputs.presentCpus;
	const names = sameLayout ? cache.names! : layoutNames(inputs.channels, inputs.presentCpus);
	const previous = cache?.names === names ? cache.stats : undefined;
	const {globals, vfTotals, queues, channels, presentCpus, vfPerCpu, channelCpu} = inputs;
	const out = new Array<Stat>(names.length);
	let i = 0;
	for (let g = 0; g < globals.length; g++, i++) {
		out[i] = stat(names, previous, i, globals[g]!);
	}

	for (let v = 0; v < vfTotals.length; v++, i++) {
		out[i] = stat(names, previous, i, vfTotals[v]!);
	}

	// Per queue, and the synthetic part of each CPU's totals (rx packets, rx bytes, tx packets, tx bytes).
	let width = 0;
	for (const cpu of presentCpus) {
		width = Math.max(width, cpu + 1);
	}

	for (let q = 0; q < channels; q++) {
		width = Math.max(width, (channelCpu[q] ?? 0) + 1);
	}

	const synthetic = new Array<bigint>(width * 4).fill(0n);
	for (let q = 0; q < channels; q++) {
		const base = q * queueStatCount;
		for (let k = 0; k < queueStatCount; k++, i++) {
			out[i] = stat(names, previous, i, queues[base + k] ?? 0n);
		}

		const sum = (channelCpu[q] ?? 0) * 4;
		const first = i - queueStatCount;
		synthetic[sum] = plus(synthetic[sum]!, out[first + queueSlot.rxPackets]![1]);
		synthetic[sum + 1] = plus(synthetic[sum + 1]!, out[first + queueSlot.rxBytes]![1]);
		synthetic[sum + 2] = plus(synthetic[sum + 2]!, out[first + queueSlot.txPackets]![1]);
		synthetic[sum + 3] = plus(synthetic[sum + 3]!, out[first + queueSlot.txBytes]![1]);
	}

	for (const cpu of presentCpus) {
		const base = cpu * 4;
		const vfRxPackets = vfPerCpu[base + vfCpuSlot.rxPackets] ?? 0n;
		const vfRxBytes = vfPerCpu[base + vfCpuSlot.rxBytes] ?? 0n;
		const vfTxPackets = vfPerCpu[base + vfCpuSlot.txPackets] ?? 0n;
		const vfTxBytes = vfPerCpu[base + vfCpuSlot.txBytes] ?? 0n;
		out[i] = stat(names, previous, i, plus(vfRxPackets, synthetic[base]!));
		out[i + 1] = stat(names, previous, i + 1, plus(vfRxBytes, synthetic[base + 1]!));
		out[i + 2] = stat(names, previous, i + 2, plus(vfTxPackets, synthetic[base + 2]!));
		out[i + 3] = stat(names, previous, i + 3, plus(vfTxBytes, synthetic[base + 3]!));
		out[i + 4] = stat(names, previous, i + 4, vfRxPackets);
		out[i + 5] = stat(names, previous, i + 5, vfRxBytes);
		out[i + 6] = stat(names, previous, i + 6, vfTxPackets);
		out[i + 7] = stat(names, previous, i + 7, vfTxBytes);
		i += 8;
	}

	for (; i < names.length; i++) {
		out[i] = stat(names, previous, i, 0n);
	}

	if (cache !== undefined) {
		cache.names = names;
		cache.stats = out;
		cache.channels = channels;
		cache.presentCpus = presentCpus;
	}

	return out;
}
