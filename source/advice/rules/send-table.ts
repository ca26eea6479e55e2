// A8: before 71f21959dd55 (Linux 5.5, backported to 4.19.y) the first
// send-table entry went missing and channel 0 carried extra TX
// (safety-and-practice.md §2.4 item 1, §2.8 A8).
import {formatPercent} from '../../format.js';
import {sendTableFixVersion} from '../../drivers/hv-netvsc.js';
import {kernelVersion, measured} from '../facts.js';
import {meaningfulPps} from '../spread.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

/** "One channel > 80 % of TX" from §2.8 A8. */
export const txOnOneShare = 0.8;
/** RX counts as balanced when no queue has more than twice its fair share. */
export const balancedRxFactor = 2;

export const txOnQueueZeroId = 'tx-on-queue-0';

const olderThan = (version: readonly [number, number], fix: readonly [number, number]): boolean =>
	version[0] < fix[0] || (version[0] === fix[0] && version[1] < fix[1]);

export function txOnQueueZero({snapshot, rates}: AdviceInput): Advice | undefined {
	const version = kernelVersion(snapshot);
	const queues = rates.queues;
	if (!version || !olderThan(version, sendTableFixVersion) || !measured(rates) || queues.length < 2
		|| rates.totals.txPps < meaningfulPps || rates.totals.rxPps <= 0) {
		return undefined;
	}

	const zero = queues.find(q => q.index === 0);
	const txShare = zero ? zero.txPps / rates.totals.txPps : 0;
	const fair = 1 / queues.length;
	const rxBalanced = queues.every(q => q.rxPps / rates.totals.rxPps <= balancedRxFactor * fair);
	if (txShare <= txOnOneShare || !rxBalanced) {
		return undefined;
	}

	return {
		id: txOnQueueZeroId,
		severity: 'warn',
		title: `queue 0 sends ${formatPercent(txShare)} of tx on kernel ${version.join('.')}: send-table bug`,
		reason: `Queue 0 carries ${formatPercent(txShare)} of transmitted packets while receive is balanced. Kernels before 5.5 `
			+ 'without 71f21959dd55 ("hv_netvsc: Fix offset usage in netvsc_send_table()") lose the first send-table entry and '
			+ 'put extra load on channel 0; update the kernel (4.19.y has the backport).',
		source: `the send-table fix, Linux 5.5: ${references.sendTableFix}`,
	};
}

export const txOnQueueZeroRule: AdviceRule = {
	id: txOnQueueZeroId,
	netvscOnly: true,
	when: 'queue 0 carries > 80 % of tx with balanced rx on a kernel older than 5.5',
	check: txOnQueueZero,
};
