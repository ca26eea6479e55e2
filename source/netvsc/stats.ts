// `ethtool -S`: exact names and order of netvsc_get_strings (≈ v6.17):
// 11 global, 5 VF, 8 per queue (queue by queue), 8 per present CPU.
import type {Stat} from '../types.js';

export const globalStatNames = [
	'tx_scattered',
	'tx_no_memory',
	'tx_no_space',
	'tx_too_big',
	'tx_busy',
	'tx_send_full',
	'rx_comp_busy',
	'rx_no_memory',
	'stop_queue',
	'wake_queue',
	'vlan_error',
] as const;

export type GlobalStat = (typeof globalStatNames)[number];

/** Index of each global counter in its array. */
export const globalIndex = Object.fromEntries(globalStatNames.map((name, i) => [name, i])) as Record<GlobalStat, number>;

export const vfStatNames = ['vf_rx_packets', 'vf_rx_bytes', 'vf_tx_packets', 'vf_tx_bytes', 'vf_tx_dropped'] as const;

export const queueStatSuffixes = [
	'tx_queue_%_packets',
	'tx_queue_%_bytes',
	'tx_queue_%_xdp_xmit',
	'rx_queue_%_packets',
	'rx_queue_%_bytes',
	'rx_queue_%_xdp_drop',
	'rx_queue_%_xdp_redirect',
	'rx_queue_%_xdp_tx',
] as const;

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

export const cpuStatSuffixes = [
	'rx_packets',
	'rx_bytes',
	'tx_packets',
	'tx_bytes',
	'vf_rx_packets',
	'vf_rx_bytes',
	'vf_tx_packets',
	'vf_tx_bytes',
] as const;

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
	/** Per present CPU id: the VF counters, in vfCpuSlot order. */
	readonly vfPerCpu: (cpu: number) => readonly bigint[];
	/** Target CPU of each queue (attribution of the synthetic per-CPU part). */
	readonly channelCpu: readonly number[];
};

/**
 * netvsc_get_ethtool_stats. cpuN_rx/tx = cpuN_vf_* plus the per-queue totals
 * of every channel whose *current* target CPU is N (netvsc_get_pcpu_stats).
 */
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

		names = statNames(channels, presentCpus);
		namesByLayout.set(key, names);
	}

	return names;
}

export function buildStats(inputs: StatInputs): Stat[] {
	const names = layoutNames(inputs.channels, inputs.presentCpus);
	const values: bigint[] = [...inputs.globals, ...inputs.vfTotals];
	for (let i = 0; i < inputs.channels * queueStatCount; i++) {
		values.push(inputs.queues[i] ?? 0n);
	}

	const synthetic = new Map<number, bigint[]>();
	for (let q = 0; q < inputs.channels; q++) {
		const cpu = inputs.channelCpu[q] ?? 0;
		const sum = synthetic.get(cpu) ?? [0n, 0n, 0n, 0n];
		const base = q * queueStatCount;
		sum[0]! += inputs.queues[base + queueSlot.rxPackets] ?? 0n;
		sum[1]! += inputs.queues[base + queueSlot.rxBytes] ?? 0n;
		sum[2]! += inputs.queues[base + queueSlot.txPackets] ?? 0n;
		sum[3]! += inputs.queues[base + queueSlot.txBytes] ?? 0n;
		synthetic.set(cpu, sum);
	}

	for (const cpu of inputs.presentCpus) {
		const vf = inputs.vfPerCpu(cpu);
		const own = synthetic.get(cpu) ?? [0n, 0n, 0n, 0n];
		values.push(
			(vf[0] ?? 0n) + own[0]!,
			(vf[1] ?? 0n) + own[1]!,
			(vf[2] ?? 0n) + own[2]!,
			(vf[3] ?? 0n) + own[3]!,
			vf[0] ?? 0n,
			vf[1] ?? 0n,
			vf[2] ?? 0n,
			vf[3] ?? 0n,
		);
	}

	return names.map((name, i) => [name, values[i] ?? 0n] as const);
}
