// Moving one synthetic channel to another CPU: each netvsc queue is a VMBus
// channel whose interrupts (and so its NAPI work) land on the channel's target
// CPU, written in /sys/bus/vmbus/devices/<guid>/channels/<relid>/cpu (Linux ≥
// 5.8 with VMBus protocol ≥ WIN10 v4.1; drivers/hv/vmbus_drv.c target_cpu_store).
// The change's values are the whole queue → CPU map: a read-back compares the
// map, a revert writes back every channel that moved.
import type {Result} from '../../types.js';
import {failWith, opError} from '../../errors.js';
import type {DeviceSnapshot} from '../../sources/source.js';
import {formatPps} from '../../format.js';
import {checkDevice, parseCount, problem, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import type {ChangeKindSpec, KindInput, PlanContext} from './kind.js';

export type ChannelCpuReading = {
	/** Queue index → target CPU (-1: the channel is missing, mid re-creation). */
	readonly cpus: readonly number[];
	/** Queue index → VMBus relid, when the source reads them. */
	readonly relids?: readonly number[];
	/** Online CPUs (as /proc/softirqs lists them); undefined when unknown. */
	readonly online?: ReadonlySet<number>;
	readonly vcpus: number;
};

const kernelWords = 'moving a channel needs Linux 5.8 or later and VMBus protocol WIN10 v4.1 or later (drivers/hv/vmbus_drv.c)';

export function channelCpuReading(snap: DeviceSnapshot): Result<ChannelCpuReading> {
	if (snap.channelCpu.length === 0) {
		return failWith('EOPNOTSUPP', `${snap.name}'s VMBus channels are not readable (not a VMBus device, or a kernel older than 4.14): ${kernelWords}`);
	}

	return {
		ok: true,
		value: {
			cpus: snap.channelCpu,
			...(snap.channelRelids && snap.channelRelids.length === snap.channelCpu.length ? {relids: snap.channelRelids} : {}),
			...(snap.softirqs.length > 0 ? {online: new Set(snap.softirqs.map(s => s.cpu))} : {}),
			vcpus: snap.vcpus,
		},
	};
}

const valuesOf = (reading: ChannelCpuReading): Values => ({channelCpus: [...reading.cpus], ...(reading.relids ? {channelRelids: [...reading.relids]} : {})});

/** Where a channel's `cpu` file is, as an admin types it: the relid when known. */
export const channelCpuPath = (dev: string, relid: number | undefined, queue: number): string =>
	`/sys/class/net/${dev}/device/channels/${relid ?? `<relid of queue ${queue}: the channel whose subchannel_id is ${queue}>`}/cpu`;

/** packets/s one CPU received over the last interval, when measured. */
const cpuLoad = (context: PlanContext | undefined, cpu: number): number | undefined => context?.rates?.cpus.find(c => c.cpu === cpu)?.rxPps;

const pps = (value: number): string => `${formatPps(value)} pkt/s`;

/**
 * "CPU 2 40k pkt/s → ~10k pkt/s, CPU 5 1k pkt/s → ~31k pkt/s": the receive load
 * of both CPUs now and estimated after `moved` packets/s (`what`'s) go from one to the other.
 */
export function moveLoadEffect(context: PlanContext | undefined, what: string, moved: number | undefined, from: number, to: number): string {
	const before = [cpuLoad(context, from), cpuLoad(context, to)];
	if (moved === undefined || before[0] === undefined || before[1] === undefined) {
		return 'per-CPU load: not measured yet (the dashboard\'s dialog shows it after two readings)';
	}

	return `received packets per CPU, now → estimated after: CPU ${from} ${pps(before[0])} → ~${pps(Math.max(0, before[0] - moved))}, `
		+ `CPU ${to} ${pps(before[1])} → ~${pps(before[1] + moved)} (${what} carries ${pps(moved)})`;
}

function checkCpu(dev: string, reading: ChannelCpuReading, text: number | string): PlanResult | number {
	const parsed = parseCount('cpu', text);
	if (!parsed.ok) {
		return problem('usage', parsed.message);
	}

	const cpu = parsed.value;
	const {online, vcpus} = reading;
	if (online ? !online.has(cpu) : cpu >= vcpus) {
		// Target_cpu_store refuses a CPU that is not online with EINVAL.
		return problem('refused', `CPU ${cpu} is not online on ${dev}'s machine${online ? ` (online: ${[...online].sort((a, b) => a - b).join(',')})` : ''}: the kernel refuses it (EINVAL)`, opError('EINVAL', `CPU ${cpu} is not online`));
	}

	return cpu;
}

export function planChannelCpu(dev: string, current: Result<ChannelCpuReading>, input: KindInput, context?: PlanContext): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (!current.ok) {
		return problem('refused', current.error.message, current.error);
	}

	const reading = current.value;
	const channel = parseCount('channel', input['channel'] ?? '');
	if (!channel.ok) {
		return problem('usage', channel.message);
	}

	const queue = channel.value;
	const count = reading.cpus.length;
	if (queue >= count) {
		return problem('usage', `${dev} has ${count} channel${count === 1 ? '' : 's'} (queues 0–${count - 1}); channel ${queue} asked`);
	}

	const from = reading.cpus[queue]!;
	if (from < 0) {
		return problem('refused', `queue ${queue}'s VMBus channel is not open now (being re-created?): the kernel refuses (EIO)`, opError('EIO'));
	}

	const cpu = checkCpu(dev, reading, input['cpu'] ?? '');
	if (typeof cpu !== 'number') {
		return cpu;
	}

	if (cpu === from) {
		return problem('unchanged', `queue ${queue} of ${dev} already interrupts CPU ${cpu}; nothing to change`);
	}

	const before = valuesOf(reading);
	const cpus = [...reading.cpus];
	cpus[queue] = cpu;
	const after: Values = {...before, channelCpus: cpus};
	const sharing = reading.cpus.flatMap((c, q) => (c === cpu ? [q] : []));
	return {
		ok: true,
		plan: {
			dev,
			kind: 'channel-cpu',
			before,
			after,
			request: after,
			max: {},
			effects: [
				`queue ${queue}'s VMBus channel${reading.relids ? ` (relid ${reading.relids[queue]!})` : ''} interrupts CPU ${cpu} instead of CPU ${from}: its receive work moves there`,
				moveLoadEffect(context, `queue ${queue}`, context?.rates?.queues.find(q => q.index === queue)?.rxPps, from, cpu),
				'no re-add: traffic keeps flowing (the host may still interrupt the old CPU for a moment)',
				'not persistent: a channel, ring or MTU change re-creates the sub-channels and the kernel picks their CPUs again',
			],
			warnings: sharing.length > 0 ? [`CPU ${cpu} already serves queue${sharing.length === 1 ? '' : 's'} ${sharing.join(', ')}`] : [],
		},
	};
}

/** The `echo` lines that put every moved channel back, as an admin types them (never run through a shell). */
function restore(dev: string, before: Values, after?: Values): string {
	const cpus = before.channelCpus ?? [];
	const now = after?.channelCpus;
	const moved = cpus.flatMap((cpu, queue) => (now === undefined || now[queue] !== cpu ? [queue] : []));
	return moved.map(queue => `echo ${cpus[queue]!} > ${channelCpuPath(dev, before.channelRelids?.[queue], queue)}`).join('; ');
}

export const channelCpu: ChangeKindSpec<ChannelCpuReading> = {
	name: 'channel-cpu',
	noun: 'channel CPU',
	ethtoolSet: '',
	restore,
	usage: 'hvtop set channel-cpu DEV CHANNEL CPU',
	reading: channelCpuReading,
	values: valuesOf,
	plan: (dev, current, input, context) => planChannelCpu(dev, current, input, context),
	async apply(source, dev, request, now) {
		return source.setChannelCpu ? source.setChannelCpu(dev, request, now) : failWith('EOPNOTSUPP', `this source cannot move ${dev}'s channels`);
	},
	clamps: false,
	measures: true,
	valuedOptions: [],
	// A sysfs write per channel, by queue index: the relids are left out (a boot numbers the channels anew).
	persist: {target: 'device', rule: {apply: values => ({channelCpus: values.channelCpus ?? []})}},
	parseArgs(positional): KindInput | string {
		const [channel, cpu, ...extra] = positional;
		if (channel === undefined || cpu === undefined) {
			return 'give the channel (queue index) and the CPU: hvtop set channel-cpu DEV CHANNEL CPU';
		}

		return extra.length > 0 ? `unexpected argument ${JSON.stringify(extra[0])}` : {channel, cpu};
	},
	dialog: {
		open(_dev, current, {values = {}}) {
			if (!current.ok) {
				return current.error.message;
			}

			const {cpus, vcpus, online} = current.value;
			const channel = Math.min(cpus.length - 1, Math.max(0, values.channel ?? 0));
			const lastCpu = Math.max(vcpus - 1, ...(online ?? []));
			const cpu = Math.min(lastCpu, Math.max(0, values.cpu ?? cpus[channel]!));
			return {
				current: {channel, cpu: cpus[channel]!},
				proposed: {channel, cpu},
				fields: ['channel', 'cpu'],
				field: values.channel === undefined ? 'channel' : 'cpu',
				max: {channel: cpus.length - 1, cpu: lastCpu},
				min: {channel: 0, cpu: 0},
			};
		},
		label: field => (field === 'channel' ? 'channel (queue)' : 'to CPU'),
		step: (value, direction, max) => Math.min(max, Math.max(0, value + direction)),
		withValue: (state, value) => ({...state.proposed, [state.field]: value}),
		input: proposed => ({channel: proposed.channel ?? 0, cpu: proposed.cpu ?? 0}),
	},
};
