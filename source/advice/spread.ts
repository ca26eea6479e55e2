// How received traffic and RSS table entries are spread over the queues: the
// evidence for "one flow dominates" and for "a queue is starved by the table".
import type {DeviceSnapshot} from '../sources/source.js';
import type {DeviceRates, QueueRates, RateHistory} from '../stats/index.js';
import {tableEntries} from '../stats/rss-table.js';
import {rssTableOf, sustained} from './facts.js';

/** Below 1000 packets/s no CPU is busy and shares are noise from a handful of flows. */
export const meaningfulPps = 1000;
/** "Far above the others": the hot queue receives at least 3× the mean of the rest. */
export const dominanceFactor = 3;
/** RSS gives a queue traffic in proportion to its table entries; twice that share is not hashing luck. */
export const skewRatio = 2;
/** The table counts as spreading evenly when no queue holds more than 1.5× its fair share of entries. */
export const evenTableFactor = 1.5;
/** The "over 10 s" of safety-and-practice.md §2.8, in per-second history samples. */
export const sustainSamples = 10;

export type QueueSpread = {
	readonly index: number;
	readonly rxPps: number;
	/** 0…1 of the device's synthetic rx packets. */
	readonly rxShare: number;
	/** Indirection-table entries pointing at this queue (undefined without a table). */
	readonly entries?: number;
	readonly entryShare?: number;
	readonly cpu?: number;
};

export function queueSpread(snapshot: DeviceSnapshot, rates: DeviceRates): QueueSpread[] {
	const table = rssTableOf(snapshot);
	let count = rates.queues.length;
	for (const q of rates.queues) {
		count = Math.max(count, q.index + 1);
	}

	const entries = table ? tableEntries(table, count) : undefined;
	const total = rates.totals.rxPps;
	return rates.queues.map(q => {
		const n = entries?.[q.index];
		return n === undefined || !table ? spreadOf(q, total) : spreadOf(q, total, n, n / table.length);
	});
}

/** One queue's QueueSpread, built as one object literal (no spreads of optional parts). */
function spreadOf(q: QueueRates, total: number, entries?: number, entryShare?: number): QueueSpread {
	const {index, rxPps, cpu} = q;
	const rxShare = total > 0 ? rxPps / total : 0;
	if (entries === undefined || entryShare === undefined) {
		return cpu === undefined ? {index, rxPps, rxShare} : {index, rxPps, rxShare, cpu};
	}

	return cpu === undefined ? {index, rxPps, rxShare, entries, entryShare} : {index, rxPps, rxShare, entries, entryShare, cpu};
}

export const hottest = (spread: readonly QueueSpread[]): QueueSpread | undefined =>
	spread.reduce<QueueSpread | undefined>((best, q) => (best === undefined || q.rxPps > best.rxPps ? q : best), undefined);

/** Mean rx packets/s of every queue but `index`. */
export function othersMean(spread: readonly QueueSpread[], index: number): number {
	const others = spread.filter(q => q.index !== index);
	return others.length > 0 ? others.reduce((sum, q) => sum + q.rxPps, 0) / others.length : 0;
}

const farAbove = (value: number, othersAverage: number): boolean => value > 0 && value >= dominanceFactor * othersAverage;

/**
 * One queue receives far more than the others although the table gives it no
 * more than its fair share of entries: a single heavy flow (or a few) hashes
 * there, and RSS cannot split a flow — more channels will not help.
 * Sustained over the history when one is given.
 */
export function dominatedQueue(snapshot: DeviceSnapshot, rates: DeviceRates, history?: RateHistory): QueueSpread | undefined {
	const spread = queueSpread(snapshot, rates);
	if (spread.length < 2 || rates.totals.rxPps < meaningfulPps) {
		return undefined;
	}

	const hot = hottest(spread);
	if (!hot || hot.entryShare === undefined || hot.entryShare <= 0) {
		return undefined;
	}

	const fair = 1 / spread.length;
	const evenTable = hot.entryShare <= evenTableFactor * fair;
	const skewed = hot.rxShare >= skewRatio * hot.entryShare;
	if (!evenTable || !skewed || !farAbove(hot.rxPps, othersMean(spread, hot.index))) {
		return undefined;
	}

	const indexes = spread.map(q => q.index);
	const stillHot = sustained(history, indexes, sustainSamples, sample => {
		const values = [...sample.entries()];
		const mine = sample.get(hot.index) ?? 0;
		const rest = values.filter(([q]) => q !== hot.index);
		const mean = rest.length > 0 ? rest.reduce((sum, [, v]) => sum + v, 0) / rest.length : 0;
		return farAbove(mine, mean);
	});
	return stillHot ? hot : undefined;
}
