// Moving a VF's queue interrupts on a live guest: `echo LIST >
// /proc/irq/N/smp_affinity_list` for each queue vector whose CPUs differ from
// the request (kernel/irq/proc.c write_irq_affinity), then every vector read
// back. The vectors are found the way the snapshot finds them (the driver's
// names on the VF's PCI address in /proc/interrupts). Also: whether
// irqbalance runs, from a bounded scan of /proc/*/comm.
import {join} from 'node:path';
import {formatCpuList} from '../../cpu-list.js';
import {parseInterrupts} from '../../drivers/vf-irqs.js';
import {opError} from '../../errors.js';
import {fail, ok, type OpError, type Result, type VfQueueIrqAffinity} from '../../types.js';
import {formatIrqAffinity, irqWrites, type IrqAffinityRequest} from '../irq-affinity-request.js';
import {writeAttribute} from './attribute-write.js';
import {listDir, readText} from './fs-read.js';
import type {SetOp} from './set-with-readback.js';
import type {SysfsDevice} from './sysfs.js';
import {readQueueIrqs} from './vf-interrupts.js';

/** The kernel's errno for one write, with what it means for an IRQ's affinity. */
export function explainIrqWrite(error: OpError, irq: number, cpus: readonly number[]): OpError {
	switch (error.code) {
		case 'EIO': {
			return opError('EIO', `the kernel refused to move IRQ ${irq} (EIO): it is a managed interrupt, whose CPUs the kernel sets itself (irq_can_set_affinity_usr, kernel/irq/manage.c)`);
		}

		case 'EINVAL': {
			return opError('EINVAL', `the kernel refused CPU ${formatCpuList(cpus)} for IRQ ${irq} (EINVAL): no online CPU in it, or the interrupt controller cannot reach it`);
		}

		case 'ENOENT': {
			return opError('ENOENT', `IRQ ${irq} has no smp_affinity_list (the vector is gone)`);
		}

		default: {
			return error;
		}
	}
}

/** A VF's queue vectors with their allowed CPUs, read now. */
export async function readVfIrqs(procfsRoot: string, device: SysfsDevice): Promise<Result<VfQueueIrqAffinity[]>> {
	const text = await readText(join(procfsRoot, 'interrupts'));
	const irqs = await readQueueIrqs(procfsRoot, text === undefined ? undefined : parseInterrupts(text), device.driver ?? '', device.busDevice);
	const list = [...irqs].flatMap(([queue, irq]) => (irq.allowed === undefined ? [] : [{queue, irq: irq.irq, cpus: irq.allowed}]));
	return list.length > 0
		? ok(list)
		: fail(opError('EOPNOTSUPP', `${device.name} has no queue interrupts hvtop can find (${device.driver ?? 'no driver'}; its vectors are named by mana and mlx5_core)`));
}

export function irqCpuSetOp(procfsRoot: string, timeoutMs: number): SetOp<IrqAffinityRequest, VfQueueIrqAffinity[]> {
	return {
		check: request => (typeof request.irqAffinity === 'string' ? undefined : opError('EINVAL', 'an irq-cpu request names every vector\'s CPUs')),
		read: async device => readVfIrqs(procfsRoot, device),
		unchanged(current, request) {
			const writes = irqWrites(request, current);
			return writes.ok && writes.value.length === 0;
		},
		async write(device, request) {
			const current = await readVfIrqs(procfsRoot, device);
			const writes = current.ok ? irqWrites(request, current.value) : current;
			if (!writes.ok) {
				return writes;
			}

			for (const {irq, cpus} of writes.value) {
				// eslint-disable-next-line no-await-in-loop -- one vector after another; the first refusal stops the rest
				const written = await writeAttribute(join(procfsRoot, 'irq', String(irq), 'smp_affinity_list'), `${formatCpuList(cpus)}\n`, timeoutMs);
				if (!written.ok) {
					return fail(explainIrqWrite(written.error, irq, cpus));
				}
			}

			return ok(undefined);
		},
	};
}

/** The read-back as the request's text. */
export const irqAffinityText = formatIrqAffinity;

// A big machine runs tens of thousands of processes; irqbalance is a daemon started early (a low pid).
const maxProcesses = 32_768;

/** The pid of a running irqbalance, false when none runs, undefined when /proc cannot be listed. */
export async function findIrqbalance(procfsRoot: string): Promise<{pid: number} | false | undefined> {
	const entries = await listDir(procfsRoot);
	if (entries === undefined) {
		return undefined;
	}

	const pids = entries.filter(entry => /^\d{1,9}$/.test(entry)).map(Number).sort((a, b) => a - b).slice(0, maxProcesses);
	for (const pid of pids) {
		// eslint-disable-next-line no-await-in-loop -- stops at the first match; each read is a tiny in-memory file
		if ((await readText(join(procfsRoot, String(pid), 'comm'), 64)) === 'irqbalance') {
			return {pid};
		}
	}

	return false;
}
