// Moving a VF queue's interrupt to other CPUs: the queue's MSI-X vector
// (mana_qN / mlx5_compN in /proc/interrupts) is delivered where
// /proc/irq/N/smp_affinity_list allows (kernel/irq/proc.c). The values are
// every queue vector's affinity (`IRQ:cpulist …`), so a read-back compares all
// of them and a revert writes back each one that moved. irqbalance, when it
// runs, re-spreads interrupts and would undo the move: the plan says so.
import {formatCpuList, parseCpuList} from '../../cpu-list.js';
import {failWith, opError} from '../../errors.js';
import {formatIrqAffinity} from '../../sources/irq-affinity-request.js';
import type {DeviceSnapshot} from '../../sources/source.js';
import {ok, type Result, type VfQueueIrqAffinity} from '../../types.js';
import {checkDevice, parseCount, problem, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import {moveLoadEffect} from './channel-cpu.js';
import type {ChangeKindSpec, KindInput, PlanContext} from './kind.js';
import {dialogVf, vfEffects, vfLabel, vfReading, type VfReading} from './vf.js';

export type IrqCpuReading = VfReading<readonly VfQueueIrqAffinity[]> & {
	/** Online CPUs (as /proc/softirqs lists them); undefined when unknown. */
	readonly online?: ReadonlySet<number>;
};

export const irqbalanceReference = 'irqbalance(1): https://github.com/Irqbalance/irqbalance/blob/master/irqbalance.1';

/** What irqbalance does to a moved interrupt, and what to do about it. */
export const irqbalanceWarning = (pid: number, irq: number): string =>
	`irqbalance is running (pid ${pid}): it re-spreads interrupts every 10 s and will undo this move. `
	+ `Exclude the IRQ (IRQBALANCE_ARGS="--banirq=${irq}" in /etc/default/irqbalance or /etc/sysconfig/irqbalance, then restart it), `
	+ `keep it off CPUs with IRQBALANCE_BANNED_CPULIST, or stop it (systemctl stop irqbalance) — ${irqbalanceReference}`;

export function irqCpuReading(snap: DeviceSnapshot): Result<IrqCpuReading> {
	const reading = vfReading(snap, 'queue interrupts', vf => (vf.queueIrqs && vf.queueIrqs.length > 0 ? ok(vf.queueIrqs) : undefined));
	if (!reading.ok) {
		return reading;
	}

	return ok({...reading.value, ...(snap.softirqs.length > 0 ? {online: new Set(snap.softirqs.map(s => s.cpu))} : {})});
}

const valuesOf = (reading: IrqCpuReading): Values => ({irqAffinity: formatIrqAffinity(reading.value)});

function parseCpus(dev: string, reading: IrqCpuReading, text: number | string): PlanResult | number[] {
	const cpus = parseCpuList(String(text));
	if (cpus === undefined || cpus.length === 0) {
		return problem('usage', `cpu must be a CPU number or a CPU list (3, 2-3, 0,4), got ${JSON.stringify(String(text))}`);
	}

	const {online, vcpus} = reading;
	const usable = cpus.filter(cpu => (online ? online.has(cpu) : cpu < vcpus));
	if (usable.length === 0) {
		// Irq_set_affinity refuses a mask without an online CPU.
		return problem('refused', `CPU ${formatCpuList(cpus)} is not online on ${dev}'s machine: the kernel refuses it (EINVAL)`, opError('EINVAL', `no online CPU in ${formatCpuList(cpus)}`));
	}

	return cpus;
}

function irqbalanceWords(context: PlanContext | undefined, irq: number): string[] {
	if (context?.irqbalance === undefined) {
		return ['whether irqbalance runs is unknown here: if it does, it will undo this move (irqbalance --banirq, see irqbalance(1))'];
	}

	return context.irqbalance ? [irqbalanceWarning(context.irqbalance.pid, irq)] : [];
}

export function planIrqCpu(dev: string, current: Result<IrqCpuReading>, input: KindInput, context?: PlanContext): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (!current.ok) {
		return problem('refused', current.error.message, current.error);
	}

	const reading = current.value;
	const queueInput = parseCount('VF queue', input['queue'] ?? '');
	if (!queueInput.ok) {
		return problem('usage', queueInput.message);
	}

	const queue = queueInput.value;
	const irqs = [...reading.value].sort((a, b) => a.queue - b.queue);
	const entry = irqs.find(irq => irq.queue === queue);
	if (entry === undefined) {
		return problem('usage', `${vfLabel(dev, reading.vf)} has queue interrupts for queues 0–${irqs.length - 1}; queue ${queue} asked`);
	}

	const cpus = parseCpus(dev, reading, input['cpu'] ?? '');
	if (!Array.isArray(cpus)) {
		return cpus;
	}

	if (formatCpuList(cpus) === formatCpuList(entry.cpus)) {
		return problem('unchanged', `queue ${queue}'s interrupt (IRQ ${entry.irq}) already goes to CPU ${formatCpuList(cpus)}; nothing to change`);
	}

	const after: Values = {irqAffinity: formatIrqAffinity(irqs.map(irq => (irq.queue === queue ? {...irq, cpus} : irq)))};
	const from = entry.cpus[0] ?? 0;
	const offline = reading.online ? cpus.filter(cpu => !reading.online!.has(cpu)) : [];
	return {
		ok: true,
		plan: {
			dev,
			kind: 'irq-cpu',
			vf: reading.vf,
			before: valuesOf(reading),
			after,
			request: after,
			max: {},
			effects: [
				`VF queue ${queue}'s interrupt (IRQ ${entry.irq}) goes to CPU ${formatCpuList(cpus)} instead of CPU ${formatCpuList(entry.cpus)}: its receive work moves there`,
				moveLoadEffect(context, `VF queue ${queue}`, context?.rates?.vfDevice?.queues.find(q => q.index === queue)?.rxPps, from, cpus[0]!),
				'no re-add: traffic keeps flowing; a managed interrupt (the kernel spreads it itself) cannot be moved: the kernel refuses (EIO)',
				...vfEffects(reading, false),
			],
			warnings: [
				...irqbalanceWords(context, entry.irq),
				...(offline.length > 0 ? [`CPU ${formatCpuList(offline)} is offline: the kernel uses only the online ones`] : []),
			],
		},
	};
}

/** The echo lines that put every moved vector back, as an admin types them (never run through a shell). */
function restore(_vf: string, before: Values, after?: Values): string {
	const old = (before.irqAffinity ?? '').split(' ').filter(Boolean);
	const now = new Set((after?.irqAffinity ?? '').split(' '));
	return old.filter(pair => !now.has(pair)).map(pair => {
		const [irq, cpus] = pair.split(':');
		return `echo ${cpus!} > /proc/irq/${irq!}/smp_affinity_list`;
	}).join('; ');
}

export const irqCpu: ChangeKindSpec<IrqCpuReading> = {
	name: 'irq-cpu',
	noun: 'VF queue interrupt CPU',
	ethtoolSet: '',
	restore,
	usage: 'hvtop set irq-cpu DEV VFQUEUE CPU',
	reading: irqCpuReading,
	values: valuesOf,
	vf: reading => reading.vf,
	plan: (dev, current, input, context) => planIrqCpu(dev, current, input, context),
	async apply(source, name, request, now) {
		return source.setIrqCpu ? source.setIrqCpu(name, request, now) : failWith('EOPNOTSUPP', `this source cannot move ${name}'s interrupts`);
	},
	persist: {
		target: 'vf',
		notPersistable: 'the VF\'s queue interrupts get new numbers at every re-add and boot, and irqbalance (or the driver\'s own spreading) places them; '
			+ 'pin them with irqbalance\'s IRQBALANCE_BANNED_CPULIST or a policy script instead',
	},
	clamps: false,
	measures: true,
	valuedOptions: [],
	parseArgs(positional): KindInput | string {
		const [queue, cpu, ...extra] = positional;
		if (queue === undefined || cpu === undefined) {
			return 'give the VF queue and the CPU (or CPU list): hvtop set irq-cpu DEV VFQUEUE CPU';
		}

		return extra.length > 0 ? `unexpected argument ${JSON.stringify(extra[0])}` : {queue, cpu};
	},
	dialog: {
		open(_dev, current, {values = {}}) {
			if (!current.ok) {
				return current.error.message;
			}

			const irqs = [...current.value.value].sort((a, b) => a.queue - b.queue);
			const lastCpu = Math.max(current.value.vcpus - 1, ...(current.value.online ?? []));
			const queue = Math.min(irqs.length - 1, Math.max(0, values.queue ?? 0));
			const now = irqs[queue]!.cpus[0] ?? 0;
			const cpu = Math.min(lastCpu, Math.max(0, values.cpu ?? now));
			return {
				current: {queue, cpu: now},
				proposed: {queue, cpu},
				fields: ['queue', 'cpu'],
				field: values.queue === undefined ? 'queue' : 'cpu',
				max: {queue: irqs.length - 1, cpu: lastCpu},
				min: {queue: 0, cpu: 0},
				vf: dialogVf(current.value),
			};
		},
		label: field => (field === 'queue' ? 'VF queue' : 'to CPU'),
		step: (value, direction, max) => Math.min(max, Math.max(0, value + direction)),
		withValue: (state, value) => ({...state.proposed, [state.field]: value}),
		input: proposed => ({queue: proposed.queue ?? 0, cpu: proposed.cpu ?? 0}),
	},
};
