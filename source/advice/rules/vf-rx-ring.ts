// The VF's receive ring runs out of descriptors: the NIC discards what
// arrives (mana hc_rx_discards_no_wqe, mlx5 rx_out_of_buffer). The fix is a
// larger VF rx ring, in descriptors — not the synthetic device's rx, which
// counts buffer sections.
import {formatSi} from '../../format.js';
import {roundUpPowerOfTwo} from '../../drivers/vf-driver.js';
import {rxSectionBytes} from '../../drivers/hv-netvsc.js';
import {fittingTitle, vfInView, vfKernelFiles, vfRingsOf, vfRisingRate} from '../vf-facts.js';
import type {VfQueueRates} from '../../stats/rates.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';
import {rxTroublePerSecond} from './rx-buffers.js';

export const vfRxRingFullId = 'vf-rx-ring-full';

/**
 * The ring to suggest: back to the driver's default when it was cut below it
 * (the size the driver is tested with), else the next power of two (both
 * drivers round up to one); never above the maximum.
 */
export function nextVfRx(rx: number, max: number, driverDefault = 0): number | undefined {
	if (rx >= max) {
		return undefined;
	}

	return Math.min(max, rx < driverDefault ? roundUpPowerOfTwo(driverDefault) : roundUpPowerOfTwo(rx + 1));
}

/** The VF queue dropping most, when its driver counts drops per queue. */
function worstQueue(queues: readonly VfQueueRates[]): VfQueueRates | undefined {
	let worst: VfQueueRates | undefined;
	for (const q of queues) {
		if ((q.rxDropsPerSec ?? 0) > (worst?.rxDropsPerSec ?? 0)) {
			worst = q;
		}
	}

	return worst;
}

export function vfRxRingFull(input: AdviceInput): Advice | undefined {
	const vf = vfInView(input);
	const rings = vf ? vfRingsOf(vf.device) : undefined;
	if (!vf?.rates || !rings) {
		return undefined;
	}

	const {device, facts} = vf;
	const stat = facts.rxNoBufferStat;
	const rate = vfRisingRate(vf.rates, stat);
	if (rate < rxTroublePerSecond) {
		return undefined;
	}

	const max = rings.rxMax > 0 ? Math.min(rings.rxMax, facts.rxRing.max) : facts.rxRing.max;
	const next = nextVfRx(rings.rx, max, facts.rxRing.default);
	const files = vfKernelFiles[facts.name];
	const worst = worstQueue(vf.rates.queues);
	const where = worst ? ` Queue ${worst.index} drops most (${formatSi(worst.rxDropsPerSec ?? 0)}/s).` : '';
	const fix = next === undefined
		? `The ring is already at ${facts.name}'s maximum ${max}: spread the load over more VF channels or faster CPUs.`
		: `Raise it: \`ethtool -G ${device.name} rx ${next}\` (${facts.name} rounds a ring up to a power of two, up to ${max}; `
			+ 'the change re-creates the VF\'s queues for a moment).';
	return {
		id: vfRxRingFullId,
		severity: 'warn',
		title: fittingTitle(
			`VF ${device.name} rx ring full: ${stat} +${formatSi(rate)}/s (rx ${rings.rx})`,
			`VF ${device.name} rx ring full: drops +${formatSi(rate)}/s (rx ${rings.rx})`,
		),
		reason: `${stat} rises by ${formatSi(rate)}/s on ${device.name} (${files.stats}): its receive ring had no free `
			+ `descriptor when packets arrived, so the NIC dropped them.${where} The ring is ${rings.rx} descriptors per queue `
			+ `(${facts.name}'s default ${facts.rxRing.default}, maximum ${facts.rxRing.max}: ${files.defaults}). ${fix} `
			+ `This is the VF's ring: \`ethtool -G ${input.snapshot.name} rx\` sizes the synthetic receive buffer in `
			+ `${rxSectionBytes}-byte sections and does not help here.`,
		...(next === undefined ? {} : {suggestion: {kind: 'vf-rings', value: {rx: next}}}),
		source: `VF ring exhaustion: ${references.aksRingExhaustion}; ${facts.name === 'mana' ? references.manaOverview : references.mlx5Counters}`,
	};
}

export const vfRxRingRule: AdviceRule = {
	id: vfRxRingFullId,
	when: 'the VF\'s own receive-ring counter (hc_rx_discards_no_wqe, rx_out_of_buffer) rises',
	check: vfRxRingFull,
	netvscOnly: true,
};
