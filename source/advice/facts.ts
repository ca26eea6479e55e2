// Small derived facts several rules share: what the device could do, how the
// RSS table and the traffic are spread, which counters rise.
import type {DeviceSnapshot} from '../sources/source.js';
import type {CpuRates, DeviceRates, ErrorRate, RateHistory} from '../stats/index.js';
import {queueSeries} from '../stats/index.js';
import type {Channels, Rings} from '../types.js';
import {hasChannelDefault16, releaseVersion, vrssChannelDefault, vrssChannelDefaultBefore612, vrssChannelMax} from '../drivers/hv-netvsc.js';

export const channelsOf = (snapshot: DeviceSnapshot): Channels | undefined =>
	snapshot.channels.ok && snapshot.channels.value.maxCombined > 0 ? snapshot.channels.value : undefined;

export const ringsOf = (snapshot: DeviceSnapshot): Rings | undefined =>
	snapshot.rings.ok && snapshot.rings.value.unit === 'sections' ? snapshot.rings.value : undefined;

export const rssTableOf = (snapshot: DeviceSnapshot): readonly number[] | undefined =>
	snapshot.rss.ok && snapshot.rss.value.table.length > 0 ? snapshot.rss.value.table : undefined;

/** Rates over a real interval; the first reading has none and must not trigger traffic rules. */
export const measured = (rates: DeviceRates): boolean => rates.elapsedSeconds > 0;

/** The most channels this VM could use now: the driver's maximum, bounded by online vCPUs. */
export const possibleChannels = (channels: Channels, vcpus: number): number =>
	Math.max(1, Math.min(channels.maxCombined, vcpus > 0 ? vcpus : channels.maxCombined));

/**
 * The channel count the kernel `version` picks at probe: since 6.12 (646f071d)
 * one per vCPU up to 16, else max(16, half the physical cores) — the cores
 * are unknown here, so half the vCPUs over two (SMT) stands in; before 6.12
 * VRSS_CHANNEL_DEFAULT, 8. Bounded by the device's maximum. Unknown version: today's kernels.
 */
export function kernelDefaultChannels(vcpus: number, maxCombined: number, version?: readonly [number, number]): number {
	const current = vcpus <= vrssChannelDefault ? vcpus : Math.max(vrssChannelDefault, Math.ceil(vcpus / 4));
	const wanted = hasChannelDefault16(version) ? current : vrssChannelDefaultBefore612;
	return Math.max(1, Math.min(wanted, maxCombined, vrssChannelMax));
}

/** "6.8.0-1025-azure" → [6, 8]; undefined when it does not look like a kernel release. */
export function kernelVersion(snapshot: DeviceSnapshot): readonly [number, number] | undefined {
	return snapshot.info.ok ? releaseVersion(snapshot.info.value.version) : undefined;
}

export const errorRate = (rates: DeviceRates, name: string): ErrorRate | undefined =>
	rates.errors.find(e => e.name === name);

/** Per second, 0 when the counter is absent. */
export const risingRate = (rates: DeviceRates, name: string): number => errorRate(rates, name)?.rate ?? 0;

export const cpuRatesOf = (rates: DeviceRates, cpu: number | undefined): CpuRates | undefined =>
	cpu === undefined ? undefined : rates.cpus.find(c => c.cpu === cpu);

/** Online CPUs as /proc/softirqs lists them; undefined when unknown. */
export function onlineCpus(snapshot: DeviceSnapshot): ReadonlySet<number> | undefined {
	return snapshot.softirqs.length > 0 ? new Set(snapshot.softirqs.map(s => s.cpu)) : undefined;
}

/** The queue indexes each CPU serves, from the VMBus channel map. */
export function queuesByCpu(channelCpu: readonly number[]): Map<number, number[]> {
	const served = new Map<number, number[]>();
	for (let queue = 0; queue < channelCpu.length; queue++) {
		const cpu = channelCpu[queue]!;
		if (Number.isInteger(cpu) && cpu >= 0) {
			const queues = served.get(cpu);
			if (queues) {
				queues.push(queue);
			} else {
				served.set(cpu, [queue]);
			}
		}
	}

	return served;
}

/** The CPUs serving several queues, with their queues, in the map's order. */
export function sharedCpus(served: ReadonlyMap<number, number[]>): Array<[cpu: number, queues: number[]]> {
	const shared: Array<[cpu: number, queues: number[]]> = [];
	served.forEach((queues, cpu) => {
		if (queues.length > 1) {
			shared.push([cpu, queues]);
		}
	});
	return shared;
}

/** The queues whose channel's CPU passes `test`, ascending; no array per queue as flatMap would make. */
export function queuesWhere(channelCpu: readonly number[], test: (cpu: number) => boolean): number[] {
	const queues: number[] = [];
	for (let queue = 0; queue < channelCpu.length; queue++) {
		if (queue in channelCpu && test(channelCpu[queue]!)) {
			queues.push(queue);
		}
	}

	return queues;
}

/**
 * Whether `holds(sample)` was true for at least half of the last `samples`
 * per-second samples of a queue's rx rate, given all queues' series. True when
 * the history is too short to say (the current rates decided already).
 */
export function sustained(history: RateHistory | undefined, queues: readonly number[], samples: number, holds: (byQueue: ReadonlyMap<number, number>) => boolean): boolean {
	if (!history) {
		return true;
	}

	const series = new Map(queues.map(q => [q, queueSeries(history, q).slice(-samples)]));
	const length = Math.min(...[...series.values()].map(s => s.length));
	if (!(length >= 3)) {
		return true;
	}

	let yes = 0;
	for (let i = 0; i < length; i++) {
		const sample = new Map<number, number>();
		for (const [q, s] of series) {
			sample.set(q, s[s.length - length + i] ?? 0);
		}

		if (holds(sample)) {
			yes++;
		}
	}

	return yes * 2 >= length;
}

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "3", "3 and 5", "3, 5 and 9", "3, 5, 9 and 4 more". */
export function listOf(items: readonly number[], max = 4): string {
	if (items.length <= 1) {
		return items.join('');
	}

	if (items.length > max) {
		return `${items.slice(0, max - 1).join(', ')} and ${items.length - max + 1} more`;
	}

	return `${items.slice(0, -1).join(', ')} and ${String(items.at(-1))}`;
}

/** "3–7" for a contiguous run, else a list. */
export function rangeOf(items: readonly number[]): string {
	const sorted = [...items].sort((a, b) => a - b);
	const first = sorted[0];
	const last = sorted.at(-1);
	if (first !== undefined && last !== undefined && sorted.length > 2 && last - first === sorted.length - 1) {
		return `${first}–${last}`;
	}

	return listOf(sorted);
}
