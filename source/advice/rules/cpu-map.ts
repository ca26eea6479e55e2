// Where the channels' interrupts land (VMBus channel → CPU, netvsc-model.md §9;
// safety-and-practice.md §2.8 A15). The allocator spreads perf channels, but
// re-created sub-channels, other devices and hotplug can leave a CPU with two
// channels, or a channel on a CPU meant to be left alone.
import {cpuRatesOf, listOf, onlineCpus, plural, queuesByCpu, queuesWhere, sharedCpus} from '../facts.js';
import {isSaturated, saturationText} from '../../stats/saturation.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const channelOnUnusableCpuId = 'channel-on-unusable-cpu';
export const sharedCpuId = 'shared-cpu';

const moveHint = (device: string): string =>
	`Move a channel with \`m\` here or \`hvtop set channel-cpu ${device} QUEUE CPU\` (guarded, reverted unless kept; `
	+ `it writes /sys/class/net/${device}/device/channels/<relid>/cpu, kernel ≥ 5.8).`;

/** Offline CPUs as given, or CPUs named by the channel map but absent from /proc/softirqs. */
function offlineSet({snapshot, offlineCpus}: AdviceInput): ReadonlySet<number> {
	if (offlineCpus) {
		return offlineCpus;
	}

	const online = onlineCpus(snapshot);
	return online ? new Set(snapshot.channelCpu.filter(cpu => cpu >= 0 && !online.has(cpu))) : new Set();
}

export function channelOnUnusableCpu(input: AdviceInput): Advice | undefined {
	const {snapshot} = input;
	const offline = offlineSet(input);
	const isolated = input.isolatedCpus ?? new Set<number>();
	const onOffline = queuesWhere(snapshot.channelCpu, cpu => offline.has(cpu));
	const onIsolated = queuesWhere(snapshot.channelCpu, cpu => isolated.has(cpu) && !offline.has(cpu));
	const queues = onOffline.length > 0 ? onOffline : onIsolated;
	if (queues.length === 0) {
		return undefined;
	}

	const kind = onOffline.length > 0 ? 'offline' : 'isolated';
	const cpus = [...new Set(queues.map(q => snapshot.channelCpu[q]!))].sort((a, b) => a - b);
	const others = onOffline.length > 0 && onIsolated.length > 0 ? ` Also on isolated CPUs: ${plural(onIsolated.length, 'queue')}.` : '';
	return {
		id: channelOnUnusableCpuId,
		severity: kind === 'offline' ? 'alert' : 'warn',
		title: `${queues.length === 1 ? 'queue' : 'queues'} ${listOf(queues)} bound to ${kind} ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${listOf(cpus)}`,
		reason: kind === 'offline'
			? `The VMBus channel of ${plural(queues.length, 'queue')} (${listOf(queues)}) targets ${kind} CPU ${listOf(cpus)}, which cannot `
				+ `run its softirq; its traffic stalls or is handled late.${others} ${moveHint(snapshot.name)}`
			: `The VMBus channel of ${plural(queues.length, 'queue')} (${listOf(queues)}) interrupts isolated CPU ${listOf(cpus)}, `
				+ `disturbing the work isolated there. ${moveHint(snapshot.name)}`,
		source: `channel → CPU binding (sysfs-bus-vmbus): ${references.vmbusSysfs}`,
	};
}

export function sharedCpu(input: AdviceInput): Advice | undefined {
	const {snapshot, rates} = input;
	const served = queuesByCpu(snapshot.channelCpu);
	const shared = sharedCpus(served);
	if (shared.length === 0) {
		return undefined;
	}

	const offline = offlineSet(input);
	const isolated = input.isolatedCpus ?? new Set<number>();
	const known = rates.cpus.length > 0 ? rates.cpus.map(c => c.cpu) : Array.from({length: snapshot.vcpus}, (_, i) => i);
	const idle = known.filter(cpu => !served.has(cpu) && !offline.has(cpu) && !isolated.has(cpu));
	if (idle.length === 0) {
		return undefined;
	}

	// The busiest shared CPU is the one worth naming.
	const load = (cpu: number): number => cpuRatesOf(rates, cpu)?.rxPps ?? 0;
	shared.sort(([a], [b]) => Number(isSaturated(cpuRatesOf(rates, b))) - Number(isSaturated(cpuRatesOf(rates, a))) || load(b) - load(a) || a - b);
	const [cpu, queues] = shared[0]!;
	const busy = cpuRatesOf(rates, cpu);
	const saturated = isSaturated(busy) && busy ? ` CPU ${cpu} is saturated (${saturationText(busy)}).` : '';
	const more = shared.length > 1 ? ` ${plural(shared.length - 1, 'other CPU')} also ${shared.length > 2 ? 'serve' : 'serves'} several channels.` : '';
	return {
		id: sharedCpuId,
		severity: saturated ? 'warn' : 'info',
		title: `queues ${listOf(queues)} share CPU ${cpu} while ${plural(idle.length, 'CPU')} serve${idle.length === 1 ? 's' : ''} none`,
		reason: `The VMBus channels of queues ${listOf(queues)} all interrupt CPU ${cpu}, while CPU${idle.length === 1 ? '' : 's'} `
			+ `${listOf(idle)} serve${idle.length === 1 ? 's' : ''} no channel.${saturated}${more} ${moveHint(snapshot.name)}`,
		// The last of the queues sharing it moves to the first idle CPU: one step an admin can watch.
		suggestion: {kind: 'channel-cpu', value: {channel: queues.at(-1)!, cpu: idle[0]!}},
		source: `moving a channel's CPU (sysfs-bus-vmbus): ${references.vmbusSysfs}`,
	};
}

export const cpuMapRules: readonly AdviceRule[] = [
	{id: channelOnUnusableCpuId, when: 'a channel interrupts an offline or isolated CPU', check: channelOnUnusableCpu, netvscOnly: true},
	{id: sharedCpuId, when: 'two channels share a CPU while another online CPU serves none', check: sharedCpu, netvscOnly: true},
];
