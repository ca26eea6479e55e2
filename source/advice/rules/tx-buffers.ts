// Send side: the send buffer (tx "ring" = 6 KiB sections) and the outbound
// VMBus ring (safety-and-practice.md §2.4 "TX anomaly counters", §2.8 A11;
// netvsc-model.md §5.3).
import {formatBytes, formatPercent, formatSi} from '../../format.js';
import {defaultTxSections, txSectionBytes} from '../../drivers/hv-netvsc.js';
import {channelsOf, measured, possibleChannels, ringsOf, risingRate} from '../facts.js';
import {syntheticRingNote} from '../vf-facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

/**
 * tx_send_full is not a drop (the packet goes by page list instead), so it
 * matters only when it is frequent: 1 % of sent packets and at least 10/s.
 */
export const sendFullShare = 0.01;
export const sendFullMinPerSecond = 10;
/** A queue stop/wake cycle spans ~256 skbs; 10 stops a second means the outbound ring is full most of the time. */
export const stopsPerSecond = 10;

export const txSendFullId = 'tx-send-full';
export const txQueueStopsId = 'tx-queue-stops';

/** The next tx size worth trying: the default when below it, else double, never above the maximum. */
export function nextTxSections(tx: number, txMax: number): number | undefined {
	if (tx >= txMax) {
		return undefined;
	}

	return Math.min(txMax, tx < defaultTxSections ? defaultTxSections : tx * 2);
}

export function txSendFull({snapshot, rates}: AdviceInput): Advice | undefined {
	const rings = ringsOf(snapshot);
	const rate = risingRate(rates, 'tx_send_full');
	if (!rings || !measured(rates) || rate < sendFullMinPerSecond || rate < sendFullShare * rates.totals.txPps) {
		return undefined;
	}

	const sectionBytes = rings.txSectionBytes ?? txSectionBytes;
	const next = nextTxSections(rings.tx, rings.txMax);
	const small = rings.tx < defaultTxSections;
	const share = rates.totals.txPps > 0 ? ` (${formatPercent(Math.min(1, rate / rates.totals.txPps))} of sent packets)` : '';
	return {
		id: txSendFullId,
		severity: small ? 'warn' : 'info',
		title: `send buffer full ${formatSi(rate)}/s with tx ${rings.tx} sections (${formatBytes(rings.tx * sectionBytes)})`,
		reason: `tx_send_full rises by ${formatSi(rate)}/s${share}: no free send-buffer section, so packets go by page list `
			+ `instead. The send buffer is ${rings.tx} sections of ${formatBytes(sectionBytes)}`
			+ `${small ? `, below the default ${defaultTxSections}` : ''}. `
			+ (next === undefined
				? 'It is already at the maximum.'
				: `A larger tx (${next} = ${formatBytes(next * sectionBytes)}) may help, at a memory and latency cost; watch retransmits.`)
			+ syntheticRingNote(snapshot, 'tx'),
		...(next === undefined ? {} : {suggestion: {kind: 'rings' as const, value: {tx: next}}}),
		source: `${references.txSendFull} (low confidence: may be normal)`,
	};
}

export function txQueueStops({snapshot, rates}: AdviceInput): Advice | undefined {
	const stops = risingRate(rates, 'stop_queue');
	if (!measured(rates) || stops < stopsPerSecond) {
		return undefined;
	}

	const channels = channelsOf(snapshot);
	const possible = channels ? possibleChannels(channels, snapshot.vcpus) : undefined;
	const more = channels && possible !== undefined && channels.combined < possible ? possible : undefined;
	const busy = risingRate(rates, 'tx_busy');
	return {
		id: txQueueStopsId,
		severity: busy > 0 ? 'warn' : 'info',
		title: `TX queues stop ${formatSi(stops)}/s: the host drains them too slowly`,
		reason: `stop_queue rises by ${formatSi(stops)}/s${busy > 0 ? ` and tx_busy by ${formatSi(busy)}/s` : ''}: a channel's `
			+ 'outbound ring fills (< 10 % free) faster than the host empties it. '
			+ (more === undefined
				? 'All possible channels are in use; the sender is faster than the host path.'
				: `More channels spread sending over more rings: ${channels!.combined} of ${more} are in use.`),
		...(more === undefined ? {} : {suggestion: {kind: 'channels' as const, value: more}}),
		source: `${references.txSendFull}; ${references.netvscDoc}`,
	};
}

export const txBufferRules: readonly AdviceRule[] = [
	{id: txSendFullId, when: 'tx_send_full rises above 1 % of sent packets', check: txSendFull, netvscOnly: true},
	{id: txQueueStopsId, when: 'stop_queue rises more than 10 times a second', check: txQueueStops, netvscOnly: true},
];
