// few-channels for the VF: fewer VF channels than the VM could use while a VF
// queue's CPU is saturated and other vCPUs serve no VF queue. The VF carries
// the data path, so its channels are the ones to raise, with `ethtool -L` on
// the VF. One hot flow is left alone: RSS cannot split it.
import {formatPercent, formatSi} from '../../format.js';
import {cpuRatesOf, plural, possibleChannels} from '../facts.js';
import {isDropping, isSaturated, saturationText} from '../../stats/saturation.js';
import type {VfQueueRates} from '../../stats/rates.js';
import {dominanceFactor, meaningfulPps} from '../spread.js';
import {fittingTitle, vfChannelsOf, vfDefaultChannels, vfInView, vfKernelFiles} from '../vf-facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const vfFewChannelsId = 'vf-few-channels';

const receives = (q: VfQueueRates): boolean => q.role !== 'tx';

/** The busiest receiving VF queue whose CPU is saturated. */
function saturatedQueue(input: AdviceInput, queues: readonly VfQueueRates[]): VfQueueRates | undefined {
	let hot: VfQueueRates | undefined;
	for (const q of queues) {
		if (receives(q) && q.cpu !== undefined && isSaturated(cpuRatesOf(input.rates, q.cpu)) && q.rxPps > (hot?.rxPps ?? -1)) {
			hot = q;
		}
	}

	return hot;
}

/** One queue far above the mean of the other receiving queues: a heavy flow, which more channels cannot split. */
function oneFlow(hot: VfQueueRates, queues: readonly VfQueueRates[]): boolean {
	const others = queues.filter(q => receives(q) && q.index !== hot.index);
	const mean = others.length > 0 ? others.reduce((sum, q) => sum + q.rxPps, 0) / others.length : 0;
	return others.length > 0 && hot.rxPps >= dominanceFactor * mean;
}

export function vfFewChannels(input: AdviceInput): Advice | undefined {
	const {snapshot, rates} = input;
	const vf = vfInView(input);
	const channels = vf ? vfChannelsOf(vf.device) : undefined;
	if (!vf?.rates || !channels || vf.rates.totals.rxPps + vf.rates.totals.txPps < meaningfulPps) {
		return undefined;
	}

	const possible = possibleChannels(channels, snapshot.vcpus);
	const hot = channels.combined < possible ? saturatedQueue(input, vf.rates.queues) : undefined;
	if (!hot || hot.cpu === undefined || oneFlow(hot, vf.rates.queues)) {
		return undefined;
	}

	const served = new Set(vf.rates.queues.flatMap(q => (q.cpu === undefined ? [] : [q.cpu])));
	const spare = rates.cpus.filter(c => !served.has(c.cpu) && !isSaturated(c)).length;
	if (spare === 0) {
		return undefined;
	}

	const {device, facts} = vf;
	const cpu = cpuRatesOf(rates, hot.cpu)!;
	const driverDefault = Math.min(vfDefaultChannels(facts, channels, snapshot.vcpus), possible);
	// The driver's own default first; past it, doubling is a step an admin can watch.
	const proposal = driverDefault > channels.combined ? driverDefault : Math.min(possible, channels.combined * 2);
	const limit = possible === snapshot.vcpus ? `${snapshot.vcpus} vCPUs` : `max ${possible}`;
	const share = vf.rates.totals.rxPps > 0 ? hot.rxPps / vf.rates.totals.rxPps : 0;
	return {
		id: vfFewChannelsId,
		severity: isDropping(cpu) ? 'alert' : 'warn',
		title: fittingTitle(
			`VF channels ${channels.combined} < ${limit} while VF queue ${hot.index} is saturated`,
			`VF channels ${channels.combined} < ${limit}, VF queue ${hot.index} saturated`,
		),
		reason: `${device.name} queue ${hot.index}'s CPU ${hot.cpu} is saturated (${saturationText(cpu)}) carrying `
			+ `${formatPercent(share)} of the VF's rx (${formatSi(hot.rxPps)} pps) while ${plural(spare, 'vCPU')} serve no VF queue. `
			+ `Only ${channels.combined} of ${possible} possible VF channels are in use; ${facts.name}'s default is `
			+ `${facts.defaultChannels} (${vfKernelFiles[facts.name].defaults}), bounded by the vCPUs. Try `
			+ `\`ethtool -L ${device.name} combined ${proposal}\` on the VF, which carries the data path; the channels of `
			+ `${snapshot.name} only serve the synthetic fallback.`
			+ (facts.busyWhileRdma ? ` ${facts.name} refuses with EBUSY while RDMA holds the port.` : ''),
		suggestion: {kind: 'vf-channels', value: proposal},
		source: `multi-queue RSS: ${references.scalingDoc}; the VF's own queues: ${references.anHowItWorks}`,
	};
}

export const vfFewChannelsRule: AdviceRule = {
	id: vfFewChannelsId,
	when: 'fewer VF channels than min(max, vCPUs) while a VF queue\'s CPU is saturated and other vCPUs serve no VF queue',
	check: vfFewChannels,
	netvscOnly: true,
};
