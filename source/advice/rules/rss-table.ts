// A6: queues the RSS indirection table never points at receive nothing. A
// user-set table survives channel changes, so new queues stay idle; on ≥ 6.5 a
// re-add may even leave an all-zero table (netvsc-model.md §7.4,
// safety-and-practice.md §2.4 item 4, §2.8 A6).
import {tableEntries} from '../../stats/rss-table.js';
import {channelsOf, plural, queuesWhere, rangeOf, rssTableOf} from '../facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const queuesOutsideTableId = 'queues-outside-table';

export function queuesOutsideTable({snapshot}: AdviceInput): Advice | undefined {
	const channels = channelsOf(snapshot);
	const table = rssTableOf(snapshot);
	if (!channels || !table || channels.combined < 2) {
		return undefined;
	}

	const entries = tableEntries(table, channels.combined);
	const starved = queuesWhere(entries, n => n === 0);
	if (starved.length === 0) {
		return undefined;
	}

	const used = channels.combined - starved.length;
	const allOnOne = used === 1;
	return {
		id: queuesOutsideTableId,
		severity: 'warn',
		title: allOnOne
			? `RSS table sends all rx to queue ${entries.findIndex(n => n > 0)}`
			: `RSS table skips ${starved.length === 1 ? 'queue' : 'queues'} ${rangeOf(starved)}: they receive nothing`,
		reason: `The ${table.length}-entry indirection table points at ${used} of ${plural(channels.combined, 'queue')}; `
			+ `${plural(starved.length, 'queue')} (${rangeOf(starved)}) get no received traffic. A custom table (ethtool -X) `
			+ `is kept when channels are added; reset it with \`ethtool -X ${snapshot.name} default\` or spread it (equal ${channels.combined}).`,
		source: `the indirection table (ethtool -x / -X): ${references.scalingDoc}`,
	};
}

export const queuesOutsideTableRule: AdviceRule = {
	id: queuesOutsideTableId,
	when: 'the RSS indirection table has no entry for some of the channels',
	check: queuesOutsideTable,
};
