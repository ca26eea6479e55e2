// What an irq-cpu request asks of a source, checked once for the model and the
// live source: the VF queue vectors' affinities as `IRQ:cpulist` pairs in
// queue order (`25:3 26:0-7`), turned into the smp_affinity_list writes that
// make the VF match it. Vectors that were replaced (other IRQ numbers) since
// the plan are refused, nothing written.
import {formatCpuList, parseCpuList} from '../cpu-list.js';
import {failWith} from '../errors.js';
import {ok, type Result, type VfQueueIrqAffinity} from '../types.js';

export type IrqAffinityRequest = {readonly irqAffinity?: unknown; readonly [field: string]: unknown};

export type IrqWrite = {readonly irq: number; readonly cpus: readonly number[]};

// Linux IRQ numbers stay below 2^24 (IRQ_BITMAP_BITS); a VF has at most a few hundred queues.
const maxIrq = 1 << 24;
const maxPairs = 1024;

/** `25:3 26:0-7` → its pairs, in order; undefined for anything else. */
export function parseIrqAffinity(text: string): IrqWrite[] | undefined {
	const pairs = text.trim().split(/\s+/);
	if (text.trim() === '' || pairs.length > maxPairs) {
		return undefined;
	}

	const out: IrqWrite[] = [];
	for (const pair of pairs) {
		const match = /^(\d{1,8}):(\S+)$/.exec(pair);
		const cpus = match ? parseCpuList(match[2]!) : undefined;
		if (!match || Number(match[1]) >= maxIrq || cpus === undefined || cpus.length === 0) {
			return undefined;
		}

		out.push({irq: Number(match[1]), cpus});
	}

	return out;
}

/** The queues' vectors as a request's text: `IRQ:cpulist` in queue order. */
export const formatIrqAffinity = (irqs: readonly VfQueueIrqAffinity[]): string =>
	[...irqs].sort((a, b) => a.queue - b.queue).map(irq => `${irq.irq}:${formatCpuList(irq.cpus)}`).join(' ');

/** The writes that make `current` match the request; EIO when the vectors are not the ones planned on. */
export function irqWrites(request: IrqAffinityRequest, current: readonly VfQueueIrqAffinity[]): Result<IrqWrite[]> {
	const wanted = typeof request.irqAffinity === 'string' ? parseIrqAffinity(request.irqAffinity) : undefined;
	if (wanted === undefined) {
		return failWith('EINVAL', 'an irq-cpu request names every VF queue vector and its CPUs (irqAffinity: "IRQ:cpulist …")');
	}

	const sorted = [...current].sort((a, b) => a.queue - b.queue);
	if (wanted.length !== sorted.length || wanted.some((entry, i) => entry.irq !== sorted[i]!.irq)) {
		return failWith('EIO', 'the VF\'s queue vectors changed since the plan (other IRQ numbers or another queue count): nothing moved');
	}

	return ok(wanted.filter((entry, i) => formatCpuList(entry.cpus) !== formatCpuList(sorted[i]!.cpus)));
}
