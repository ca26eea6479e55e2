// A9: one flow dominates a queue. RSS hashes flows, not packets: a heavy flow
// always lands on one queue, so the imbalance is expected and more channels
// will not help (safety-and-practice.md §2.4 "few flows", §2.8 A9).
import {formatPercent, formatSi} from '../../format.js';
import {cpuRatesOf, measured} from '../facts.js';
import {isSaturated, saturationText} from '../../stats/saturation.js';
import {dominatedQueue, othersMean, queueSpread} from '../spread.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const oneFlowId = 'one-flow-dominates';

export function oneFlow({snapshot, rates, history}: AdviceInput): Advice | undefined {
	if (!measured(rates)) {
		return undefined;
	}

	const hot = dominatedQueue(snapshot, rates, history);
	if (!hot) {
		return undefined;
	}

	const cpu = cpuRatesOf(rates, hot.cpu);
	const mean = othersMean(queueSpread(snapshot, rates), hot.index);
	const busy = isSaturated(cpu) && cpu ? ` Its CPU ${cpu.cpu} is saturated (${saturationText(cpu)}).` : '';
	return {
		id: oneFlowId,
		severity: busy ? 'warn' : 'info',
		title: `one flow dominates queue ${hot.index} (${formatPercent(hot.rxShare)} of rx): more channels won't help`,
		reason: `Queue ${hot.index} receives ${formatSi(hot.rxPps)} pps, ${formatPercent(hot.rxShare)} of rx, against `
			+ `${formatSi(mean)} pps on average for the others, while the RSS table gives it only `
			+ `${formatPercent(hot.entryShare ?? 0)} of its entries. RSS keeps each flow on one queue, so a heavy flow `
			+ `cannot be split: adding channels will not spread it.${busy}`,
		source: `one flow hashes to one queue (RSS): ${references.scalingDoc}`,
	};
}

export const oneFlowRule: AdviceRule = {
	id: oneFlowId,
	when: 'one queue receives ≥ 3× the others and ≥ 2× its share of RSS table entries, with an even table',
	check: oneFlow,
};
