// The dashboard's order and filter of the fleet's rows: `s` steps through the
// sort keys, `/` keeps the rows whose host, device or VF name holds the text.
import {byName, worstFirst, type FleetRow} from './rows.js';

export const fleetSorts = ['worst', 'host', 'rx', 'tx', 'imbalance', 'drops', 'advice'] as const;

export type FleetSort = (typeof fleetSorts)[number];

export const nextSort = (sort: FleetSort): FleetSort => fleetSorts[(fleetSorts.indexOf(sort) + 1) % fleetSorts.length]!;

const figure: Partial<Record<FleetSort, (row: FleetRow) => number>> = {
	rx: row => row.rxPps ?? -1,
	tx: row => row.txPps ?? -1,
	imbalance: row => row.imbalance ?? -1,
	drops: row => row.dropsPerSecond ?? -1,
	advice: row => row.advice,
};

/** Largest first for a figure (a down target last), by name for host; worst first is fleetRows' order. */
export function sortRows(rows: readonly FleetRow[], sort: FleetSort): FleetRow[] {
	if (sort === 'worst') {
		return worstFirst(rows);
	}

	const of = figure[sort];
	if (!of) {
		return [...rows].sort(byName);
	}

	const scored = rows.map(row => ({row, value: row.up ? of(row) : -2}));
	scored.sort((a, b) => b.value - a.value || byName(a.row, b.row));
	return scored.map(item => item.row);
}

/** Rows whose instance, device or VF holds `text` (any case); all rows for no text. */
export function filterRows(rows: readonly FleetRow[], text: string): readonly FleetRow[] {
	const wanted = text.trim().toLowerCase();
	if (wanted === '') {
		return rows;
	}

	return rows.filter(row => [row.instance, row.device ?? '', row.vf ?? ''].some(name => name.toLowerCase().includes(wanted)));
}
