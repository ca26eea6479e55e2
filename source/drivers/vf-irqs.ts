// A VF's queues are real MSI-X vectors, named by its driver in
// /proc/interrupts: MANA `mana_q3@pci:7870:00:00.0` (and `mana_hwc@pci:…`
// for its hardware channel), mlx5 `mlx5_comp3@pci:0002:00:02.0` (and
// `mlx5_async0@pci:…`). Queue N's vector is named N: MANA's queue N uses
// MSI-X vector N + 1 ("mana_q%d", i - 1 in mana_gd_setup_irqs), mlx5's
// channel N completion vector N. The text is untrusted: every number is
// bounded before it becomes one, and a line that does not fit is skipped.
import {maxCpus, maxQueues} from './limits.js';

/** One numbered IRQ line: its per-CPU counts (aligned with Interrupts.cpus) and its action names. */
export type InterruptLine = {
	readonly irq: number;
	readonly counts: readonly bigint[];
	readonly actions: readonly string[];
};

export type Interrupts = {
	/** The CPU of each count column (online CPUs; gaps possible). */
	readonly cpus: readonly number[];
	readonly lines: readonly InterruptLine[];
};

// Linux IRQ numbers stay far below 2^24 (IRQ_BITMAP_BITS); /proc/interrupts of a
// big machine has a few thousand lines.
const maxIrq = 1 << 24;
const maxLines = 65_536;
const maxActions = 16;

/**
 * The `CPU<n>` column header of /proc/interrupts and /proc/softirqs: the CPU of
 * each column, undefined for a column that is not one (or is ≥ maxCpus).
 */
export function cpuColumns(header: string): Array<number | undefined> {
	return header.trim().split(/\s+/).filter(column => column !== '').map(column => {
		const match = /^CPU(\d{1,6})$/.exec(column);
		return match && Number(match[1]) < maxCpus ? Number(match[1]) : undefined;
	});
}

function parseLine(line: string, columns: number): InterruptLine | undefined {
	const match = /^\s*(\d{1,8}):(.*)$/.exec(line);
	if (!match || Number(match[1]) >= maxIrq) {
		return undefined;
	}

	const cells = match[2]!.trim().split(/\s+/);
	const counts: bigint[] = [];
	while (counts.length < columns && /^\d{1,20}$/.test(cells[counts.length] ?? '')) {
		counts.push(BigInt(cells[counts.length]!));
	}

	// Shared IRQs list their actions as "a, b": a name never holds a space.
	const actions = cells.slice(counts.length).map(cell => cell.replace(/,$/, '')).filter(cell => cell.includes('@')).slice(-maxActions);
	return {irq: Number(match[1]), counts, actions};
}

/** /proc/interrupts: the numbered lines (NMI, LOC… are not MSI-X vectors and are skipped). */
export function parseInterrupts(text: string): Interrupts {
	const lines = typeof text === 'string' ? text.split('\n', maxLines) : [];
	const columns = cpuColumns(lines[0] ?? '');
	const parsed: InterruptLine[] = [];
	for (const line of lines.slice(1)) {
		const entry = parseLine(line, columns.length);
		if (entry !== undefined) {
			parsed.push(entry);
		}
	}

	return {cpus: columns.map(cpu => cpu ?? -1), lines: parsed};
}

type IrqNames = {
	/** The queue vector's name before `@pci:`, the queue index in group 1. */
	readonly queue: RegExp;
	/** The driver's other vectors (hardware channel, async events). */
	readonly control: RegExp;
};

// Drivers/net/ethernet/microsoft/mana/gdma_main.c (mana_gd_setup_irqs, mana_gd_setup_dyn_irqs);
// drivers/net/ethernet/mellanox/mlx5/core/pci_irq.c (irq_set_name, "%s@pci:%s").
const irqNames: ReadonlyMap<string, IrqNames> = new Map([
	['mana', {queue: /^mana_q(0|[1-9]\d{0,3})$/, control: /^mana_hwc$/}],
	['mlx5_core', {queue: /^mlx5_comp(0|[1-9]\d{0,3})$/, control: /^mlx5_async\d{0,4}$/}],
]);

/** Whether hvtop knows how a driver names its queue vectors. */
export const namesQueueIrqs = (driver: string | undefined): boolean => driver !== undefined && irqNames.has(driver);

/** A PCI address as pci_name prints it (`%04x:%02x:%02x.%d`; Hyper-V domains may be wider). */
export const isPciAddress = (text: string): boolean => /^[\da-f]{4,8}:[\da-f]{2}:[\da-f]{2}\.[0-7]$/i.test(text);

export type VfIrq = {
	readonly irq: number;
	/** CPU → interrupts it took (u32 in the kernel: wraps at 2^32). */
	readonly perCpu: ReadonlyMap<number, bigint>;
};

export type VfQueueIrq = VfIrq & {readonly queue: number};

export type VfIrqs = {
	/** By queue index. */
	readonly queues: VfQueueIrq[];
	/** The driver's other vectors, by name. */
	readonly control: Array<VfIrq & {readonly name: string}>;
};

function perCpu(interrupts: Interrupts, line: InterruptLine): Map<number, bigint> {
	const out = new Map<number, bigint>();
	for (const [column, count] of line.counts.entries()) {
		const cpu = interrupts.cpus[column]!;
		if (cpu >= 0) {
			out.set(cpu, count);
		}
	}

	return out;
}

/**
 * The vectors of one VF: its driver's names on its PCI address (the basename of
 * sysfs `device`). Undefined when the driver's naming is unknown or the
 * address is not one; a queue named twice keeps its first vector.
 */
export function vfIrqs(interrupts: Interrupts, driver: string | undefined, pciAddress: string): VfIrqs | undefined {
	const names = driver === undefined ? undefined : irqNames.get(driver);
	if (names === undefined || !isPciAddress(pciAddress)) {
		return undefined;
	}

	const suffix = `@pci:${pciAddress.toLowerCase()}`;
	const queues = new Map<number, VfQueueIrq>();
	const control: Array<VfIrq & {name: string}> = [];
	for (const line of interrupts.lines) {
		for (const action of line.actions) {
			const at = action.indexOf('@');
			if (action.slice(at).toLowerCase() !== suffix) {
				continue;
			}

			const base = action.slice(0, at);
			const queue = names.queue.exec(base);
			if (queue && Number(queue[1]) < maxQueues && !queues.has(Number(queue[1]))) {
				queues.set(Number(queue[1]), {queue: Number(queue[1]), irq: line.irq, perCpu: perCpu(interrupts, line)});
			} else if (names.control.test(base)) {
				control.push({name: base, irq: line.irq, perCpu: perCpu(interrupts, line)});
			}
		}
	}

	return {queues: [...queues.values()].sort((a, b) => a.queue - b.queue), control};
}
