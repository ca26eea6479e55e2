// Every counter of the device and of its VF, as `watch -d ethtool -S` shows
// them but with rates: the value (exact), how fast it moves, and a mark on
// those that moved since the last reading. `/` filters by name, `s` sorts by
// the driver's order, by rate or by name.
import {counterRates, type CounterRate} from '../stats/counter-rates.js';
import type {DeviceReading} from '../stats/reading.js';
import type {DeviceSnapshot} from '../sources/source.js';
import {formatSi} from '../format.js';
import {visible} from '../visible.js';
import {fit, line, type ViewLine, windowLines, windowSize} from './line.js';
import type {ViewInput, ViewOptions, ViewSpec} from './view.js';

export const counterSorts = ['driver', 'rate', 'name'] as const;
export type CounterSort = (typeof counterSorts)[number];

const sortWords: Readonly<Record<CounterSort, string>> = {driver: 'driver order', rate: 'rate', name: 'name'};

/** One counter row: whose it is (the device's, or the VF's) and its figures. */
export type CounterRow = CounterRate & {readonly owner: 'device' | 'vf'};

/** Changed since the last reading, without colour (NO_COLOR): the symbol says it. */
export const changedMark = '*';

function intervalOf(snapshot: DeviceSnapshot, from: DeviceSnapshot | undefined): number {
	return from ? snapshot.at - from.at : 0;
}

/** The VF's counters, rated only against the same VF instance (a new one starts from zero). */
function vfRows(snapshot: DeviceSnapshot, from: DeviceSnapshot | undefined): CounterRow[] {
	const vf = snapshot.vfDevice;
	if (!vf?.stats.ok) {
		return [];
	}

	const before = from?.vfDevice?.instance === vf.instance && from.vfDevice.stats.ok ? from.vfDevice.stats.value : undefined;
	return counterRates(vf.stats.value, before, intervalOf(snapshot, from)).map(c => ({...c, owner: 'vf'}));
}

const sorters: Readonly<Record<CounterSort, ((a: CounterRow, b: CounterRow) => number) | undefined>> = {
	driver: undefined,
	rate: (a, b) => b.rate - a.rate || a.name.localeCompare(b.name),
	name: (a, b) => a.name.localeCompare(b.name),
};

export const isCounterSort = (text: string | undefined): text is CounterSort => (counterSorts as readonly string[]).includes(text ?? '');

/** The device's counters then its VF's, filtered by name (case-insensitive) and sorted. */
export function counterRows(reading: DeviceReading | undefined, filter = '', sort: CounterSort = 'driver'): CounterRow[] {
	const snapshot = reading?.snapshot;
	if (!snapshot) {
		return [];
	}

	const from = reading.measuredFrom;
	const own = snapshot.stats.ok ? counterRates(snapshot.stats.value, from?.stats.ok ? from.stats.value : undefined, intervalOf(snapshot, from)) : [];
	const all: CounterRow[] = [...own.map(c => ({...c, owner: 'device' as const})), ...vfRows(snapshot, from)];
	const wanted = filter.toLowerCase();
	const shown = wanted ? all.filter(c => c.name.toLowerCase().includes(wanted)) : all;
	const by = sorters[sort];
	return by ? shown.sort(by) : shown;
}

function rowText(row: CounterRow, vfName: string, nameWidth: number, marks: boolean): string {
	const name = visible(row.owner === 'vf' ? `${vfName}: ${row.name}` : row.name);
	const mark = marks && row.changed ? changedMark : ' ';
	const rate = row.rate > 0 ? `${formatSi(row.rate)}/s` : '';
	return `${mark}${fit(name, nameWidth).padEnd(nameWidth)} ${row.value.toString().padStart(20)} ${rate.padStart(10)}`.trimEnd();
}

function summary(reading: DeviceReading | undefined, rows: readonly CounterRow[], options: ViewOptions): string {
	const sort = isCounterSort(options.sort) ? options.sort : 'driver';
	const moving = rows.filter(r => r.changed).length;
	const filter = options.filter ? `  filter "${visible(options.filter)}"` : '';
	return `counters of ${reading?.name ?? '?'}: ${rows.length} shown, ${moving} moved  · sort: ${sortWords[sort]} (s)${filter} (/)`;
}

function counterLines(input: ViewInput, options: ViewOptions): {head: ViewLine[]; body: ViewLine[]} {
	const {reading} = input;
	const rows = counterRows(reading, options.filter, isCounterSort(options.sort) ? options.sort : 'driver');
	const vfName = reading?.snapshot?.vfDevice ? `VF ${reading.snapshot.vfDevice.name}` : 'VF';
	// As wide as the longest name shown, within what the value and rate columns leave.
	const longest = rows.reduce((width, r) => Math.max(width, visible(r.name).length + (r.owner === 'vf' ? vfName.length + 2 : 0)), 'counter'.length);
	const nameWidth = Math.max(12, Math.min(longest, options.columns - 33));
	const head = [
		line(fit(summary(reading, rows, options), options.columns), 'dim'),
		line(fit(` ${'counter'.padEnd(nameWidth)} ${'value'.padStart(20)} ${'rate'.padStart(10)}`, options.columns), 'bold'),
	];
	const body = rows.length === 0
		? [line(options.filter ? `no counter matches "${visible(options.filter)}"` : 'no counters read (ethtool -S)', 'dim')]
		: rows.map(r => line(fit(rowText(r, vfName, nameWidth, options.marks ?? false), options.columns), r.changed ? 'bold' : undefined));
	return {head, body};
}

export const countersView: ViewSpec<'counters'> = {
	name: 'counters',
	title: 'counters',
	key: '5',
	scope: 'device',
	sorts: counterSorts,
	filterBy: 'name',
	lines(input, options) {
		const {head, body} = counterLines(input, options);
		return [...head, ...windowLines(body, Math.max(1, options.maxLines - head.length), options.scroll ?? 0, 'counters')];
	},
	text(input, options) {
		const {head, body} = counterLines(input, options);
		return [...head, ...body].map(l => l.text);
	},
	json: reading => ({
		counters: counterRows(reading).map(c => ({name: c.name, owner: c.owner, value: c.value.toString(), rate: c.rate, changed: c.changed})),
	}),
	scroll(input, options) {
		const items = counterRows(input.reading, options.filter).length;
		return {items, window: windowSize(items, Math.max(1, options.maxLines - 2))};
	},
};
