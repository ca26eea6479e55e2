// irqbalance undoing VF interrupt placement: while irqbalance runs, it
// re-spreads interrupts every 10 s by its own idea of load, so a VF queue's
// vector that hvtop moved (a kept irq-cpu change) drifts back, and vectors an
// even spread had apart end up sharing a CPU while other vCPUs take none. The
// advice names the vectors and CPUs, says how to keep irqbalance off them
// (--banirq, IRQBALANCE_BANNED_CPULIST, or stopping it) and, where one move
// fixes it, prefills the irq-cpu dialog (M).
import {formatCpuList} from '../../cpu-list.js';
import type {VfQueueIrqAffinity} from '../../types.js';
import {plural} from '../facts.js';
import {fittingTitle} from '../vf-facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const vfIrqbalanceId = 'vf-irqbalance';

/** What to do about irqbalance, for the vectors named. */
const remedy = (irqs: readonly number[], pid: number): string =>
	`irqbalance (pid ${pid}) will keep doing so: exclude the vectors (IRQBALANCE_ARGS="${irqs.map(irq => `--banirq=${irq}`).join(' ')}" `
	+ 'in /etc/default/irqbalance or /etc/sysconfig/irqbalance, then restart it), keep it off the CPUs with IRQBALANCE_BANNED_CPULIST, '
	+ 'or stop it (systemctl disable --now irqbalance); then move them back with M';

/** The vectors hvtop placed (IRQ → CPUs) that are elsewhere now. */
function movedAway(irqs: readonly VfQueueIrqAffinity[], placed: ReadonlyMap<number, readonly number[]>): Array<{irq: VfQueueIrqAffinity; was: readonly number[]}> {
	return irqs.flatMap(irq => {
		const was = placed.get(irq.irq);
		return was !== undefined && formatCpuList(was) !== formatCpuList(irq.cpus) ? [{irq, was}] : [];
	});
}

/** A CPU that takes two or more queue vectors while an online CPU takes none: the spread was undone. */
function packed(irqs: readonly VfQueueIrqAffinity[], online: readonly number[]): {cpu: number; queues: number[]; free: number[]} | undefined {
	const byCpu = new Map<number, number[]>();
	for (const irq of irqs) {
		// A vector allowed on one CPU lands there; a wider mask is the kernel's (or irqbalance's) choice, not a placement.
		if (irq.cpus.length === 1) {
			byCpu.set(irq.cpus[0]!, [...(byCpu.get(irq.cpus[0]!) ?? []), irq.queue]);
		}
	}

	const free = online.filter(cpu => !irqs.some(irq => irq.cpus.includes(cpu)));
	const shared = [...byCpu].filter(([, queues]) => queues.length > 1).sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0];
	return shared && free.length > 0 && irqs.length <= online.length ? {cpu: shared[0], queues: shared[1], free} : undefined;
}

export function vfIrqbalance({snapshot, placedIrqs}: AdviceInput): Advice | undefined {
	const balancer = snapshot.irqbalance;
	const irqs = snapshot.vfDevice?.queueIrqs ?? [];
	if (!balancer || irqs.length === 0) {
		return undefined;
	}

	const vf = snapshot.vfDevice!.name;
	const moved = placedIrqs ? movedAway(irqs, placedIrqs) : [];
	if (moved.length > 0) {
		const first = moved[0]!;
		const list = moved.map(({irq, was}) => `VF queue ${irq.queue} (IRQ ${irq.irq}) CPU ${formatCpuList(was)} → ${formatCpuList(irq.cpus)}`).join(', ');
		return {
			id: vfIrqbalanceId,
			severity: 'warn',
			title: fittingTitle(`irqbalance moved ${plural(moved.length, 'VF queue interrupt')} hvtop placed on ${vf}`, 'irqbalance moved VF queue interrupts hvtop placed'),
			reason: `${list}: moved since hvtop set them, while irqbalance runs; ${remedy(moved.map(({irq}) => irq.irq), balancer.pid)} — irqbalance(1): ${references.irqbalance}`,
			suggestion: {kind: 'irq-cpu', value: {queue: first.irq.queue, cpu: first.was[0]!}},
			source: references.irqbalance,
		};
	}

	const online = snapshot.softirqs.length > 0 ? snapshot.softirqs.map(s => s.cpu) : Array.from({length: snapshot.vcpus}, (_, cpu) => cpu);
	const shared = packed(irqs, online);
	if (!shared) {
		return undefined;
	}

	const moving = shared.queues[1]!;
	const irqOf = (queue: number): number => irqs.find(irq => irq.queue === queue)!.irq;
	// Hvtop put them there (a kept irq-cpu change): the admin's choice, not irqbalance's.
	if (shared.queues.some(queue => formatCpuList(placedIrqs?.get(irqOf(queue)) ?? []) === String(shared.cpu))) {
		return undefined;
	}

	return {
		id: vfIrqbalanceId,
		severity: 'warn',
		title: fittingTitle(`${vf}: ${shared.queues.length} VF queue interrupts share CPU ${shared.cpu}, irqbalance running`, 'VF queue interrupts share a CPU while irqbalance runs'),
		reason: `VF queues ${shared.queues.join(', ')} (IRQ ${shared.queues.map(irqOf).join(', ')}) all go to CPU ${shared.cpu} while `
			+ `${plural(shared.free.length, 'online CPU')} (${formatCpuList(shared.free)}) take none of ${vf}'s ${irqs.length}: their receive work shares one CPU; `
			+ `${remedy(shared.queues.slice(1).map(irqOf), balancer.pid)} (M proposes queue ${moving} to CPU ${shared.free[0]!}) — irqbalance(1): ${references.irqbalance}`,
		suggestion: {kind: 'irq-cpu', value: {queue: moving, cpu: shared.free[0]!}},
		source: references.irqbalance,
	};
}

export const vfIrqbalanceRule: AdviceRule = {
	id: vfIrqbalanceId,
	when: 'irqbalance runs and a VF queue interrupt moved away from where hvtop put it, or two share a CPU while another takes none',
	check: vfIrqbalance,
};
