// A1: fewer channels than the VM could use while a queue's CPU is saturated
// (safety-and-practice.md §2.4 "channels far below vCPUs", §2.8 A1). The spread
// must be the hash's even one: when one flow makes the queue hot, more channels
// would not help (one-flow.ts says so instead).
import {formatPercent, formatSi} from '../../format.js';
import {channelsOf, cpuRatesOf, kernelDefaultChannels, kernelVersion, measured, plural, possibleChannels, queuesByCpu} from '../facts.js';
import {isDropping, isSaturated, saturationText} from '../../stats/saturation.js';
import {dominatedQueue, meaningfulPps, queueSpread} from '../spread.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const fewChannelsId = 'few-channels';

export function fewChannels({snapshot, rates, history}: AdviceInput): Advice | undefined {
	const channels = channelsOf(snapshot);
	if (!channels || !measured(rates) || rates.totals.rxPps + rates.totals.txPps < meaningfulPps) {
		return undefined;
	}

	const possible = possibleChannels(channels, snapshot.vcpus);
	if (channels.combined >= possible) {
		return undefined;
	}

	const spread = queueSpread(snapshot, rates);
	const saturated = spread
		.filter(q => isSaturated(cpuRatesOf(rates, q.cpu)))
		.sort((a, b) => b.rxPps - a.rxPps)[0];
	if (!saturated || saturated.cpu === undefined || dominatedQueue(snapshot, rates, history)?.index === saturated.index) {
		return undefined;
	}

	const cpu = cpuRatesOf(rates, saturated.cpu)!;
	const served = queuesByCpu(snapshot.channelCpu);
	const spare = rates.cpus.filter(c => !served.has(c.cpu) && !isSaturated(c)).length;
	if (spare === 0) {
		return undefined;
	}

	// hv_netvsc: the kernel's own default first; past it (and on other drivers), doubling is a step an admin can watch.
	const netvsc = snapshot.info.ok && snapshot.info.value.driver === 'hv_netvsc';
	const kernelDefault = netvsc ? kernelDefaultChannels(snapshot.vcpus, channels.maxCombined, kernelVersion(snapshot)) : 0;
	const proposal = kernelDefault > channels.combined ? kernelDefault : Math.min(possible, channels.combined * 2);
	const limit = possible === snapshot.vcpus ? `${snapshot.vcpus} vCPUs` : `max ${possible}`;
	return {
		id: fewChannelsId,
		severity: isDropping(cpu) ? 'alert' : 'warn',
		title: `channels ${channels.combined} < ${limit} while queue ${saturated.index} is saturated`,
		reason: `Queue ${saturated.index}'s CPU ${saturated.cpu} is saturated (${saturationText(cpu)}) carrying `
			+ `${formatPercent(saturated.rxShare)} of rx (${formatSi(saturated.rxPps)} pps) while ${plural(spare, 'vCPU')} `
			+ `serve no channel. Only ${channels.combined} of ${possible} possible channels are in use`
			+ (netvsc ? `; the kernel's default for ${snapshot.vcpus} vCPUs is ${kernelDefault}.` : '.'),
		suggestion: {kind: 'channels', value: proposal},
		source: netvsc ? `${references.netvscDoc}; default channel count: ${references.defaultChannels}` : `multi-queue RSS: ${references.scalingDoc}`,
	};
}

export const fewChannelsRule: AdviceRule = {
	id: fewChannelsId,
	when: 'fewer channels than min(max, vCPUs) while a channel\'s CPU is saturated and other vCPUs serve none',
	check: fewChannels,
};
