// Receive side: the receive buffer (rx "ring" = 1728-byte sections) and the
// completions the guest owes the host (safety-and-practice.md §2.3, §2.8
// A12/A13; netvsc-model.md §5.3).
import {formatBytes, formatSi} from '../../format.js';
import {defaultRxSections, rxSectionBytes} from '../../drivers/hv-netvsc.js';
import {measured, ringsOf, risingRate} from '../facts.js';
import {syntheticRingNote} from '../vf-facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

/** Any steady rise of these counters is news: healthy guests keep them at 0. */
export const rxTroublePerSecond = 1;

export const smallRxBufferId = 'small-rx-buffer';
export const rxCompletionsBusyId = 'rx-completions-busy';

function rxTrouble(rates: AdviceInput['rates']): string[] {
	if (!measured(rates)) {
		return [];
	}

	return ['rx_comp_busy', 'rx_no_memory'].flatMap(name => {
		const rate = risingRate(rates, name);
		return rate >= rxTroublePerSecond ? [`${name} +${formatSi(rate)}/s`] : [];
	});
}

export function smallRxBuffer({snapshot, rates}: AdviceInput): Advice | undefined {
	const rings = ringsOf(snapshot);
	if (!rings || rings.rx >= defaultRxSections) {
		return undefined;
	}

	const sectionBytes = rings.rxSectionBytes ?? rxSectionBytes;
	const trouble = rxTrouble(rates);
	const target = Math.min(rings.rxMax, defaultRxSections);
	return {
		id: smallRxBufferId,
		severity: trouble.length > 0 ? 'warn' : 'info',
		title: `rx buffer ${rings.rx} sections (${formatBytes(rings.rx * sectionBytes)}) < default ${defaultRxSections}`
			+ (trouble.length > 0 ? ', errors rising' : ''),
		reason: `The receive buffer is ${rings.rx} sections of ${sectionBytes} B (${formatBytes(rings.rx * sectionBytes)}); `
			+ `the driver's default is ${defaultRxSections} (${formatBytes(defaultRxSections * sectionBytes)}). netvsc counts `
			+ 'sections, not packets: guides that set "rx 1024" shrink it.'
			+ (trouble.length > 0 ? ` Now ${trouble.join(', ')}: frames wait for free sections.` : '')
			+ syntheticRingNote(snapshot, 'rx'),
		suggestion: {kind: 'rings', value: {rx: target}},
		source: `${references.optimizeBandwidth}; ${references.netvscDoc}`,
	};
}

export function rxCompletionsBusy({snapshot, rates}: AdviceInput): Advice | undefined {
	const rings = ringsOf(snapshot);
	const trouble = rxTrouble(rates);
	const noMemory = risingRate(rates, 'rx_no_memory') >= rxTroublePerSecond;
	// With a small receive buffer small-rx-buffer explains rx_comp_busy already.
	if (trouble.length === 0 || (!noMemory && rings !== undefined && rings.rx < defaultRxSections)) {
		return undefined;
	}

	return {
		id: rxCompletionsBusyId,
		severity: 'warn',
		title: `receive path backing up: ${trouble.join(', ')}`,
		reason: `${trouble.join(' and ')}: receive completions cannot be sent to the host (its ring is full) or skb allocation `
			+ 'fails. Check memory pressure and the CPUs serving the busy channels; on old kernels the fix 6b81b193b83e '
			+ '("Fix napi reschedule while receive completion is busy") matters.',
		source: `${references.rxCompBusy}; ${references.txSendFull}`,
	};
}

export const rxBufferRules: readonly AdviceRule[] = [
	{id: smallRxBufferId, when: 'the receive buffer is below the driver default of 9709 sections', check: smallRxBuffer, netvscOnly: true},
	{id: rxCompletionsBusyId, when: 'rx_comp_busy or rx_no_memory rises', check: rxCompletionsBusy, netvscOnly: true},
];
