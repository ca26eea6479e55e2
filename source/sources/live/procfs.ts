// Per-CPU networking work from procfs: NET_RX/NET_TX softirq counts
// (/proc/softirqs) and backlog drops/squeezes (/proc/net/softnet_stat, hex).
// These show whether the CPUs that serve the channels are the busy ones.
import {join} from 'node:path';
import {cpuColumns} from '../../drivers/vf-irqs.js';
import {maxCpus} from '../counters.js';
import type {SoftirqCounters} from '../source.js';
import {parseCpuList} from '../../cpu-list.js';
import {readText} from './fs-read.js';

export {parseCpuList} from '../../cpu-list.js';

type NetSoftirqs = {netRx: bigint; netTx: bigint};
type Softnet = {dropped: bigint; squeezed: bigint};

/** `/proc/softirqs`: columns are named `CPU<n>` in the header (gaps possible). */
export function parseSoftirqs(text: string): Map<number, NetSoftirqs> {
	const result = new Map<number, NetSoftirqs>();
	const lines = text.split('\n');
	const cpus = cpuColumns(lines[0] ?? '');
	const rows = new Map<string, string[]>();
	for (const line of lines.slice(1)) {
		const match = /^\s*([A-Z_]+):\s*(.*)$/.exec(line);
		if (match) {
			rows.set(match[1]!, match[2]!.trim().split(/\s+/));
		}
	}

	const rx = rows.get('NET_RX') ?? [];
	const tx = rows.get('NET_TX') ?? [];
	const value = (cells: readonly string[], index: number): bigint => {
		const cell = cells[index];
		return cell !== undefined && /^\d{1,20}$/.test(cell) ? BigInt(cell) : 0n;
	};

	for (const [index, cpu] of cpus.entries()) {
		if (cpu !== undefined) {
			result.set(cpu, {netRx: value(rx, index), netTx: value(tx, index)});
		}
	}

	return result;
}

/**
 * `/proc/net/softnet_stat`: one row per online CPU, hex columns; 2nd = dropped
 * (backlog full), 3rd = time_squeeze (budget ran out). Since 5.10 the 13th
 * column is the CPU id; before that rows are in online-CPU order.
 */
export function parseSoftnet(text: string, onlineCpus?: readonly number[]): Map<number, Softnet> {
	const result = new Map<number, Softnet>();
	const rows = text.split('\n').map(line => line.trim()).filter(line => line !== '');
	for (const [row, line] of rows.entries()) {
		const cells = line.split(/\s+/);
		if (cells.length < 3 || !cells.every(cell => /^[\da-f]{1,16}$/i.test(cell))) {
			continue;
		}

		const cpu = cells.length >= 13 ? Number.parseInt(cells[12]!, 16) : (onlineCpus?.[row] ?? row);
		if (cpu >= maxCpus) {
			continue;
		}

		result.set(cpu, {dropped: BigInt(`0x${cells[1]!}`), squeezed: BigInt(`0x${cells[2]!}`)});
	}

	return result;
}

/** Online CPU ids: sysfs `devices/system/cpu/online`, else the `cpuN` lines of /proc/stat. */
export async function readOnlineCpus(roots: {sysfsRoot: string; procfsRoot: string}): Promise<number[]> {
	const online = await readText(join(roots.sysfsRoot, 'devices', 'system', 'cpu', 'online'));
	const fromSysfs = online === undefined ? undefined : parseCpuList(online);
	if (fromSysfs !== undefined && fromSysfs.length > 0) {
		return fromSysfs;
	}

	const stat = await readText(join(roots.procfsRoot, 'stat'));
	const cpus = [...new Set([...(stat ?? '').matchAll(/^cpu(\d{1,5})\s/gm)].map(match => Number(match[1])).filter(cpu => cpu < maxCpus))];
	return cpus.length > 0 ? cpus : [0];
}

/** Merged per-CPU counters, one entry per CPU seen in either file, by CPU id. */
export async function readSoftirqCounters(procfsRoot: string, onlineCpus?: readonly number[]): Promise<SoftirqCounters[]> {
	const [softirqs, softnet] = await Promise.all([
		readText(join(procfsRoot, 'softirqs')),
		readText(join(procfsRoot, 'net', 'softnet_stat')),
	]);
	const irq = parseSoftirqs(softirqs ?? '');
	const net = parseSoftnet(softnet ?? '', onlineCpus);
	const cpus = [...new Set([...irq.keys(), ...net.keys()])].sort((a, b) => a - b);
	return cpus.map(cpu => ({
		cpu,
		netRx: irq.get(cpu)?.netRx ?? 0n,
		netTx: irq.get(cpu)?.netTx ?? 0n,
		dropped: net.get(cpu)?.dropped ?? 0n,
		squeezed: net.get(cpu)?.squeezed ?? 0n,
	}));
}

/**
 * The CPUs an IRQ is delivered to: `/proc/irq/N/effective_affinity_list` (where
 * the interrupt controller actually sends it), else `smp_affinity_list` (the
 * allowed set). Undefined when neither reads as a CPU list.
 */
/** Where an IRQ may go: `smp_affinity_list` (what an admin writes); undefined when unreadable. */
export async function readAllowedCpus(procfsRoot: string, irq: number): Promise<number[] | undefined> {
	if (!Number.isSafeInteger(irq) || irq < 0) {
		return undefined;
	}

	const text = await readText(join(procfsRoot, 'irq', String(irq), 'smp_affinity_list'));
	const cpus = text === undefined ? undefined : parseCpuList(text);
	return cpus !== undefined && cpus.length > 0 ? cpus : undefined;
}

export async function readIrqAffinity(procfsRoot: string, irq: number): Promise<number[] | undefined> {
	if (!Number.isSafeInteger(irq) || irq < 0) {
		return undefined;
	}

	const dir = join(procfsRoot, 'irq', String(irq));
	for (const file of ['effective_affinity_list', 'smp_affinity_list']) {
		// eslint-disable-next-line no-await-in-loop -- the fallback is read only when the first is missing
		const text = await readText(join(dir, file));
		const cpus = text === undefined ? undefined : parseCpuList(text);
		if (cpus !== undefined && cpus.length > 0) {
			return cpus;
		}
	}

	return undefined;
}
