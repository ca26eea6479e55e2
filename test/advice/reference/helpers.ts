// The advice helpers the per-tick allocation work rewrote, as of c8f0174: the
// oracle test/advice/same-as-before.test.ts holds source/advice/facts.ts and
// spread.ts to. Kept (issue 14): it alone caught queuesByCpu taking fractional
// CPUs, queueSpread counting table entries for one queue too few, a NaN share
// without traffic, and its keys in another order (JSON output depends on it);
// the rules' own tests passed all of them.
import type {QueueSpread} from '../../../source/advice/spread.js';
import {rssTableOf} from '../../../source/advice/facts.js';
import {tableEntries} from '../../../source/stats/rss-table.js';
import type {DeviceSnapshot} from '../../../source/sources/source.js';
import type {DeviceRates} from '../../../source/stats/index.js';

export function queuesByCpu(channelCpu: readonly number[]): Map<number, number[]> {
	const served = new Map<number, number[]>();
	for (const [queue, cpu] of channelCpu.entries()) {
		if (Number.isInteger(cpu) && cpu >= 0) {
			served.set(cpu, [...(served.get(cpu) ?? []), queue]);
		}
	}

	return served;
}

export function queueSpread(snapshot: DeviceSnapshot, rates: DeviceRates): QueueSpread[] {
	const table = rssTableOf(snapshot);
	const count = Math.max(rates.queues.length, ...rates.queues.map(q => q.index + 1));
	const entries = table ? tableEntries(table, count) : undefined;
	const total = rates.totals.rxPps;
	return rates.queues.map(q => {
		const n = entries?.[q.index];
		return {
			index: q.index,
			rxPps: q.rxPps,
			rxShare: total > 0 ? q.rxPps / total : 0,
			...(n === undefined || !table ? {} : {entries: n, entryShare: n / table.length}),
			...(q.cpu === undefined ? {} : {cpu: q.cpu}),
		};
	});
}

/** cpu-map.ts and rss-table.ts selected queues with this expression. */
export const queuesWhere = (channelCpu: readonly number[], test: (cpu: number) => boolean): number[] =>
	channelCpu.flatMap((cpu, queue) => (test(cpu) ? [queue] : []));

/** sharedCpu's CPUs serving several channels. */
export const sharedCpus = (served: Map<number, number[]>): Array<[number, number[]]> =>
	[...served.entries()].filter(([, queues]) => queues.length > 1);
