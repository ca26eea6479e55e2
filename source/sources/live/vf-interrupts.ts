// Which CPU serves each VF queue: the queue's MSI-X vector in /proc/interrupts
// (vfIrqs: `mana_qN@pci:…`, `mlx5_compN@pci:…` on the VF's PCI address) and
// where the kernel delivers it (/proc/irq/N/effective_affinity_list, else
// smp_affinity_list). /proc/interrupts is read at most once per poll (one
// `now`), bounded like every procfs read (fs-read.ts).
import {join} from 'node:path';
import {namesQueueIrqs, parseInterrupts, vfIrqs, type Interrupts, type VfQueueIrq} from '../../drivers/vf-irqs.js';
import {readText} from './fs-read.js';
import {readAllowedCpus, readIrqAffinity} from './procfs.js';

export type QueueIrq = {
	/** Its IRQ number (/proc/irq/N). */
	readonly irq: number;
	/** The CPUs it may go to (smp_affinity_list); undefined when unreadable. */
	readonly allowed?: readonly number[];
	/** The CPU its interrupt lands on; undefined when neither the affinity nor the counts say. */
	readonly cpu?: number;
	/** Interrupts taken, summed over CPUs. */
	readonly interrupts: bigint;
};

/** /proc/interrupts parsed, once per `now`; undefined when unreadable. */
export function interruptsReader(procfsRoot: string): (now: number) => Promise<Interrupts | undefined> {
	let last: {now: number; value: Promise<Interrupts | undefined>} | undefined;
	return async now => {
		if (last?.now !== now) {
			last = {
				now,
				value: readText(join(procfsRoot, 'interrupts')).then(text => (text === undefined ? undefined : parseInterrupts(text))),
			};
		}

		return last.value;
	};
}

/**
 * One allowed CPU is the CPU. With several (no effective list: an older kernel),
 * the one among them that took the most of this vector's interrupts.
 */
function cpuOf(irq: VfQueueIrq, affinity: readonly number[] | undefined): number | undefined {
	if (affinity?.length === 1) {
		return affinity[0];
	}

	let best: {cpu: number; count: bigint} | undefined;
	for (const [cpu, count] of irq.perCpu) {
		if (count > 0n && (affinity === undefined || affinity.includes(cpu)) && (best === undefined || count > best.count)) {
			best = {cpu, count};
		}
	}

	return best?.cpu;
}

/** Queue index → its vector's CPU and count; empty when the driver's naming or the PCI address is unknown. */
export async function readQueueIrqs(procfsRoot: string, interrupts: Interrupts | undefined, driver: string, pciAddress: string | undefined): Promise<Map<number, QueueIrq>> {
	const irqs = interrupts === undefined || pciAddress === undefined || !namesQueueIrqs(driver) ? undefined : vfIrqs(interrupts, driver, pciAddress);
	const queues = irqs?.queues ?? [];
	const [affinities, allowed] = await Promise.all([
		Promise.all(queues.map(async queue => readIrqAffinity(procfsRoot, queue.irq))),
		Promise.all(queues.map(async queue => readAllowedCpus(procfsRoot, queue.irq))),
	]);
	const out = new Map<number, QueueIrq>();
	for (const [i, queue] of queues.entries()) {
		const cpu = cpuOf(queue, affinities[i]);
		let total = 0n;
		for (const count of queue.perCpu.values()) {
			total += count;
		}

		const cpus = allowed[i];
		out.set(queue.queue, {irq: queue.irq, ...(cpus === undefined ? {} : {allowed: cpus}), ...(cpu === undefined ? {} : {cpu}), interrupts: total});
	}

	return out;
}
