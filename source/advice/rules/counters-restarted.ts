// A19: a channel or ring change re-creates the queues and their counters
// start from zero (netvsc-model.md §5.5; safety-and-practice.md §2.8 A19).
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const countersRestartedId = 'counters-restarted';

export function countersRestarted({snapshot, rates}: AdviceInput): Advice | undefined {
	if (!rates.reset) {
		return undefined;
	}

	return {
		id: countersRestartedId,
		severity: 'info',
		title: 'queues re-created: per-queue counters restarted from zero',
		reason: `The queues of ${snapshot.name} were re-created (a channel, ring or MTU change; epoch ${snapshot.epoch}), so `
			+ 'their counters restarted. Rates use post-change samples only; the totals of `ip -s link` went down, which is '
			+ 'a reset, not negative traffic.',
		source: `per-queue counters restart when the channels are re-created: ${references.netvscDoc}`,
	};
}

export const countersRestartedRule: AdviceRule = {
	id: countersRestartedId,
	when: 'the queues were re-created during the last interval',
	check: countersRestarted,
};
