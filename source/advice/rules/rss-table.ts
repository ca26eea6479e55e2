// A6: queues the RSS indirection table never points at receive nothing. A
// user-set table survives channel changes, so new queues stay idle; on ≥ 6.5 a
// re-add may even leave an all-zero table (netvsc-model.md §7.4,
// safety-and-practice.md §2.4 item 4, §2.8 A6). Table skew: a table set by hand
// (`ethtool -X … weight`) that gives a queue far more or fewer entries than an
// equal share, proposing the even spread (the dialog, `x`).
import {formatPercent} from '../../format.js';
import {isDefaultTable, tableEntries} from '../../stats/rss-table.js';
import {channelsOf, measured, plural, queuesWhere, rangeOf, rssTableOf} from '../facts.js';
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

export const tableSkewId = 'table-skew';

/** A queue's entries this far from an equal share (either way) is skew. */
const skewFactor = 1.5;

export function tableSkew({snapshot, rates}: AdviceInput): Advice | undefined {
	const channels = channelsOf(snapshot);
	const table = rssTableOf(snapshot);
	if (!channels || !table || channels.combined < 2 || !snapshot.rss.ok) {
		return undefined;
	}

	const queues = channels.combined;
	// The driver's own table is even by construction; only one set by hand can be skewed.
	const byHand = snapshot.rss.value.configured ?? !isDefaultTable(table, queues);
	const entries = tableEntries(table, queues);
	// A queue with no entry at all is the queues-outside-table advice.
	if (!byHand || entries.includes(0)) {
		return undefined;
	}

	const equal = table.length / queues;
	const far = entries.map((n, q) => ({q, n, off: Math.max(n / equal, equal / n)})).sort((a, b) => b.off - a.off)[0];
	if (!far || far.off < skewFactor) {
		return undefined;
	}

	const rx = measured(rates) ? rates.totals.rxPps : 0;
	const carried = rx > 0 ? rates.queues.find(queue => queue.index === far.q)?.rxPps ?? 0 : 0;
	const traffic = rx > 0 ? ` and carries ${formatPercent(carried / rx)} of received packets` : '';
	return {
		id: tableSkewId,
		severity: rx > 0 && carried / rx >= skewFactor / queues ? 'warn' : 'info',
		title: `RSS table skewed: queue ${far.q} has ${far.n} of ${table.length} entries (equal: ${Math.round(equal)})`,
		reason: `The indirection table was set by hand (ethtool -X) and gives queue ${far.q} ${far.n} of its ${table.length} entries `
			+ `(${formatPercent(far.n / table.length)}; an equal share over ${plural(queues, 'queue')} is ${formatPercent(1 / queues)})${traffic}. `
			+ `Flows spread as the table says, so that queue's CPU gets ${far.n > equal ? 'more' : 'less'} than its share. `
			+ `Spread it equally over ${queues} (\`ethtool -X ${snapshot.name} default\`).`,
		suggestion: {kind: 'rss', value: {equal: queues}},
		source: `the indirection table (ethtool -x / -X): ${references.scalingDoc}`,
	};
}

export const tableSkewRule: AdviceRule = {
	id: tableSkewId,
	when: 'a table set by hand gives a queue 1.5× more (or fewer) entries than an equal share',
	check: tableSkew,
};
