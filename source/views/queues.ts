// The per-queue table as pre-padded text lines: one <Text> per row is several
// times cheaper for Ink than a <Box> per cell (see perf-anchors), and pure
// strings are easy to test.
import {trafficError, trafficErrorText} from '../sources/traffic-error.js';
import {historyLength, historyQueues, imbalanceSeries, queueSeries, type DeviceRates, type QueueRates, type RateHistory} from '../stats/index.js';
import {bar, formatPercent, formatPps, formatRate, type Units} from '../format.js';
import {clampScroll, line as viewLine, type Tone, type ViewLine} from './line.js';
import {imbalanceLine, imbalanceSeriesSparkline, queueSparklines} from './sparkline.js';
import {filterNote, parseNumberFilter} from './number-filter.js';
import type {ViewInput, ViewOptions, ViewSpec} from './view.js';
import {pathRates, pathTitle, roleText, shownQueuePath, type PathRates} from './queue-path.js';
import {vfServicingNote} from './vf-notice.js';

export type QueueLine = {
	readonly text: string;
	/** Carries well above its fair share: highlighted. */
	readonly hot: boolean;
	readonly idle: boolean;
};

export type QueueTable = {
	readonly header: string;
	/** The rows of the window asked for (all rows without one). */
	readonly rows: readonly QueueLine[];
	/** Index of rows[0] among the rows shown (after "hide idle"). */
	readonly start: number;
	/** Rows there are after "hide idle", in or out of the window. */
	readonly shown: number;
	readonly total: string;
	/** Queues left out by "hide idle". */
	readonly hidden: number;
	/** What a `/` filter shows of all queues ('' without one). */
	readonly filterNote: string;
};

// Fixed columns; the share bar takes what is left of the width.
const widths = {queue: 3, cpu: 4, role: 5, pps: 8, rate: 11, share: 6} as const;
const fixedWidth = widths.queue + widths.cpu + (widths.pps + widths.rate) * 2 + widths.share + 7;

/** Width of the share bar and of the rx-history sparkline for a terminal width (less a role column's). */
export function graphWidths(columns: number, withHistory: boolean, roles = false): {bar: number; history: number} {
	const room = Math.max(0, columns - fixedWidth - 1 - (roles ? widths.role + 1 : 0));
	if (!withHistory || room < 16) {
		return {bar: Math.min(30, room), history: 0};
	}

	const barCells = Math.min(16, Math.floor(room / 2));
	return {bar: barCells, history: Math.min(30, room - barCells - 1)};
}

function line(cells: {queue: string; cpu: string; role?: string; rxPps: string; rxRate: string; txPps: string; txRate: string; share: string; bar: string; history?: string}): string {
	return [
		cells.queue.padStart(widths.queue),
		cells.cpu.padStart(widths.cpu),
		// The VF's queues say what each carries; synthetic channels are all combined.
		...(cells.role === undefined ? [] : [cells.role.padEnd(widths.role)]),
		cells.rxPps.padStart(widths.pps),
		cells.rxRate.padStart(widths.rate),
		cells.txPps.padStart(widths.pps),
		cells.txRate.padStart(widths.rate),
		cells.share.padStart(widths.share),
		cells.bar,
		cells.history ?? '',
	].join(' ').trimEnd();
}

const isIdle = (q: QueueRates): boolean => q.rxPps + q.txPps < 0.5;

function imbalanceLabel(imbalance: number, width: number): string {
	const long = `imbalance ${imbalance.toFixed(2)}×`;
	const short = `${imbalance.toFixed(2)}×`;
	return (long.length <= width ? long : short).padEnd(width);
}

export type QueueTableOptions = {
	readonly units: Units;
	readonly hideIdle: boolean;
	readonly columns: number;
	readonly ascii: boolean;
	/** With a history, a sparkline column shows each queue's rx packets/s over the last seconds. */
	readonly history?: RateHistory;
	/** Only these rows are formatted (the screen shows no more): first row, clamped, and how many. */
	readonly window?: {readonly scroll: number; readonly rows: number};
	/** One history column is one interval: the header states the span it covers (default 1 s). */
	readonly intervalMs?: number;
	/** Without colour, a hot queue is marked by a symbol in its Q column. */
	readonly marks?: boolean;
	/** False for a device without per-queue counters (veth): one row, the device total. */
	readonly perQueue?: boolean;
	/** A role column (the VF's queues: rx, tx or rx+tx). */
	readonly roles?: boolean;
	/** One of queueSorts (`s`); default by queue number. */
	readonly sort?: string;
	/** `/`: the queues to show, as numbers and ranges. */
	readonly filter?: string;
};

/** `s` in the queue view: by queue number, by rx or tx packets/s (busiest first), by CPU. */
export const queueSorts = ['queue', 'rx', 'tx', 'cpu'] as const;

const queueOrder: Readonly<Record<string, ((a: QueueRates, b: QueueRates) => number) | undefined>> = {
	rx: (a, b) => b.rxPps - a.rxPps || a.index - b.index,
	tx: (a, b) => b.txPps - a.txPps || a.index - b.index,
	cpu: (a, b) => (a.cpu ?? Infinity) - (b.cpu ?? Infinity) || a.index - b.index,
};

/** "24s", "2m", "1m30s", "1.5s": the span of `columns` samples of `intervalMs`. */
export function spanText(columns: number, intervalMs: number): string {
	const seconds = (columns * intervalMs) / 1000;
	if (seconds < 120) {
		return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
	}

	const minutes = Math.floor(seconds / 60);
	const rest = Math.round(seconds - (minutes * 60));
	return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

/** "rx pps, last 24s": the span the sparklines really show (fewer columns than the width until the history fills). */
function sparklineHeader(width: number, options: QueueTableOptions): string {
	const shown = options.history ? Math.min(width, historyLength(options.history)) : 0;
	const text = width >= 16 && shown > 0 ? `rx pps, last ${spanText(shown, options.intervalMs ?? 1000)}` : 'rx history';
	return text.slice(0, width);
}

/** Hot: well above its fair share (two or more queues). */
export const hotMark = '!';

export function queueTable(rates: PathRates, options: QueueTableOptions): QueueTable {
	const roles = options.roles ?? false;
	const graphs = graphWidths(options.columns, options.history !== undefined, roles);
	const width = graphs.bar;
	const sparks = options.history && graphs.history > 0 ? queueSparklines(options.history, graphs.history, options.ascii) : undefined;
	const fair = rates.queues.length > 0 ? 1 / rates.queues.length : 1;
	const header = line({
		queue: 'Q', cpu: 'CPU', ...(roles ? {role: 'role'} : {}), rxPps: 'rx pps', rxRate: 'rx rate', txPps: 'tx pps', txRate: 'tx rate', share: 'share',
		bar: sparks ? ''.padEnd(width) : '',
		history: sparks ? sparklineHeader(graphs.history, options) : '',
	});
	if (options.perQueue === false) {
		return deviceTotalTable(rates, options, header, width);
	}

	const order = queueOrder[options.sort ?? 'queue'];
	const filter = parseNumberFilter(options.filter);
	const wanted = filter?.ok ? rates.queues.filter(q => filter.has(q.index)) : rates.queues;
	const kept = options.hideIdle ? wanted.filter(q => !isIdle(q)) : wanted;
	const shown = order ? [...kept].sort(order) : kept;
	const start = options.window ? Math.max(0, Math.min(options.window.scroll, shown.length - options.window.rows)) : 0;
	const inWindow = options.window ? shown.slice(start, start + options.window.rows) : shown;
	const hotShare = (q: QueueRates) => rates.queues.length > 1 && q.share > 2 * fair;
	const rows = inWindow.map(q => ({
		text: line({
			queue: options.marks && hotShare(q) ? `${hotMark}${q.index}` : String(q.index),
			cpu: q.cpu === undefined ? '-' : String(q.cpu),
			...(roles ? {role: roleText(q.role)} : {}),
			rxPps: formatPps(q.rxPps),
			rxRate: formatRate(q.rxBps, options.units),
			txPps: formatPps(q.txPps),
			txRate: formatRate(q.txBps, options.units),
			share: formatPercent(q.share),
			// Half the bar is a fair share (1/N); a full bar is twice that or more.
			bar: bar(q.share / (2 * fair), width, options.ascii),
			history: sparks ? (sparks.get(q.index) ?? '').padStart(graphs.history) : '',
		}),
		hot: hotShare(q),
		idle: isIdle(q),
	}));
	const t = rates.totals;
	const total = line({
		queue: 'all',
		cpu: '',
		...(roles ? {role: ''} : {}),
		rxPps: formatPps(t.rxPps),
		rxRate: formatRate(t.rxBps, options.units),
		txPps: formatPps(t.txPps),
		txRate: formatRate(t.txBps, options.units),
		share: rates.queues.length > 0 ? '100%' : '-',
		// The total row carries the imbalance: its figure under the bars, its history under the sparklines.
		bar: rates.queues.length > 1 ? imbalanceLabel(rates.imbalance, width) : ''.padEnd(width),
		history: sparks && options.history ? imbalanceSeriesSparkline(options.history, graphs.history, options.ascii) : '',
	});
	return {header, rows, start, shown: shown.length, total, hidden: wanted.length - shown.length, filterNote: filterNote(filter, wanted.length, rates.queues.length, 'queues')};
}

/** A device without per-queue counters: its totals, labelled as such, never "queue 0 … 100 %". */
function deviceTotalTable(rates: PathRates, options: QueueTableOptions, header: string, width: number): QueueTable {
	const t = rates.totals;
	const total = line({
		queue: 'all',
		cpu: '',
		rxPps: formatPps(t.rxPps),
		rxRate: formatRate(t.rxBps, options.units),
		txPps: formatPps(t.txPps),
		txRate: formatRate(t.txBps, options.units),
		share: '-',
		bar: 'device total'.padEnd(width).slice(0, Math.max(width, 12)),
	});
	return {header, rows: [], start: 0, shown: 0, total, hidden: 0, filterNote: ''};
}

/** The queue table's own lines around its rows: column header, totals, notes. */
export const queueTableChrome = 3;

/** Rows of the queue table on screen when the view has `maxLines`. */
export const queueWindow = (maxLines: number, titled = false): number => Math.max(1, maxLines - queueTableChrome - (titled ? 1 : 0));

/** What z did: which queues it hid, or that none is idle. */
export function idleNote(options: {readonly rates: PathRates; readonly hideIdle: boolean; readonly perQueue?: boolean}, hidden: number): string {
	if (!options.hideIdle || options.perQueue === false) {
		return '';
	}

	if (hidden === 0) {
		return 'no idle queue to hide (z shows all)';
	}

	const idle = options.rates.queues.filter(q => q.rxPps + q.txPps < 0.5).map(q => q.index);
	const list = idle.length <= 6 ? idle.join(', ') : `${idle.slice(0, 5).join(', ')}, +${idle.length - 5}`;
	return `${hidden} idle hidden: ${hidden === 1 ? 'queue' : 'queues'} ${list} (z shows all)`;
}

const rowTone = (row: QueueLine): Tone | undefined => (row.hot ? (row.idle ? 'warn-dim' : 'warn') : (row.idle ? 'dim' : undefined));

/** The dashboard's queue table: header, the rows that fit (scrollable), totals and a line of notes. */
function queueScreenLines({reading, history}: ViewInput, options: ViewOptions): ViewLine[] {
	const rates = reading?.rates;
	if (!reading || !rates) {
		return [viewLine('reading the device…', 'dim')];
	}

	const failed = reading.snapshot ? trafficError(reading.snapshot) : undefined;
	if (failed) {
		return [viewLine(trafficErrorText(failed), 'hot')];
	}

	const path = shownQueuePath(options.queuePath, rates);
	const shownRates = pathRates(rates, path);
	const vf = path === 'vf';
	const driver = reading.snapshot?.info.ok ? reading.snapshot.info.value.driver : undefined;
	const title = pathTitle(path, rates, driver);
	const rows = queueWindow(options.maxLines, title !== '');
	const perQueue = vf || (reading.snapshot?.perQueue ?? true);
	const hideIdle = options.hideIdle ?? false;
	// Only the rows that fit are formatted: 64 queues, 25 lines. The history is the synthetic queues'.
	const table = queueTable(shownRates, {
		units: options.units,
		hideIdle,
		columns: options.columns,
		ascii: options.ascii,
		...(history && !vf ? {history} : {}),
		window: {scroll: clampScroll(options.scroll ?? 0, shownRates.queues.length, rows), rows},
		...(options.intervalMs === undefined ? {} : {intervalMs: options.intervalMs}),
		marks: options.marks ?? false,
		perQueue,
		roles: vf,
		...(options.sort ? {sort: options.sort} : {}),
		...(options.filter ? {filter: options.filter} : {}),
	});
	const {start, rows: visible} = table;
	const below = table.shown - start - visible.length;
	const notes = vf ? vfNotes(rates, start, visible.length, table, hideIdle) : [
		start > 0 || below > 0 ? `rows ${start + 1}–${start + visible.length} of ${table.shown} (↑↓ scroll)` : '',
		idleNote({rates, hideIdle, perQueue}, table.hidden),
		table.filterNote,
		options.sort && options.sort !== 'queue' ? `sorted by ${options.sort} (s)` : '',
		perQueue ? '' : `${driver ?? 'this driver'} has no per-queue counters hvtop reads: the device's totals`,
		rates.reset ? 'queues re-created: counters restarted' : '',
		rates.elapsedSeconds === 0 ? 'measuring…' : '',
		rates.vf && rates.vf.rxPps + rates.vf.txPps > 0 ? `VF path: rx ${formatPps(rates.vf.rxPps)} tx ${formatPps(rates.vf.txPps)} pps` : '',
		vfServicingNote(rates),
	].filter(Boolean).join('  ');
	return [
		...(title ? [viewLine(title, 'accent')] : []),
		viewLine(table.header, 'bold'),
		...visible.map(row => viewLine(row.text, rowTone(row))),
		viewLine(table.total, 'bold'),
		viewLine(notes, 'dim'),
	];
}

/** The notes under the VF's queues: scrolling, hidden idle queues, the synthetic path's share. */
function vfNotes(rates: DeviceRates, start: number, visible: number, table: QueueTable, hideIdle: boolean): string {
	const below = table.shown - start - visible;
	const synthetic = rates.totals.rxPps + rates.totals.txPps;
	return [
		start > 0 || below > 0 ? `rows ${start + 1}–${start + visible} of ${table.shown} (↑↓ scroll)` : '',
		idleNote({rates: rates.vfDevice!, hideIdle}, table.hidden),
		table.filterNote,
		rates.elapsedSeconds === 0 ? 'measuring…' : '',
		vfServicingNote(rates),
		synthetic > 0 ? `synthetic path: rx ${formatPps(rates.totals.rxPps)} tx ${formatPps(rates.totals.txPps)} pps` : '',
	].filter(Boolean).join('  ');
}

/** --once: every row, and with a history the sparkline column and the imbalance history under the totals. */
function queueText({reading, history}: ViewInput, options: ViewOptions): string[] {
	const {rates} = reading ?? {};
	if (!reading || !rates) {
		return [reading?.error ? `${reading.name}: ${reading.error.message}` : 'no data yet'];
	}

	const table = queueTable(rates, {units: options.units, hideIdle: false, columns: options.columns, ascii: options.ascii, ...(history ? {history} : {})});
	return [
		table.header,
		...table.rows.map(row => row.text),
		table.total,
		...(history && imbalanceSeries(history).length > 1 ? [imbalanceLine(history, options.columns, options.ascii, options.intervalMs)] : []),
		...vfQueueText(rates, options),
	];
}

/** --once --view queues: the VF's own queues after the synthetic ones, when read through its driver. */
function vfQueueText(rates: DeviceRates, options: ViewOptions): string[] {
	const vf = rates.vfDevice;
	if (!vf) {
		return [];
	}

	const table = queueTable(vf, {units: options.units, hideIdle: false, columns: options.columns, ascii: options.ascii, roles: true});
	return ['', `VF ${vf.name} (${vf.driver}) queues`, table.header, ...table.rows.map(row => row.text), table.total];
}

/** The queue view (1, the main one): per queue its CPU, rates, share and recent history. */
export const queuesView: ViewSpec<'queues'> = {
	name: 'queues',
	title: 'queues',
	key: '1',
	scope: 'device',
	sorts: queueSorts,
	filterBy: 'numbers',
	lines: queueScreenLines,
	text: queueText,
	json: ({rates}, {history}) => ({
		imbalance: rates.imbalance,
		...(history
			? {
				imbalanceHistory: imbalanceSeries(history),
				rxPpsHistory: Object.fromEntries(historyQueues(history).map(index => [String(index), queueSeries(history, index)])),
			}
			: {}),
	}),
	scroll({reading}, options) {
		const rates = reading?.rates;
		if (!rates) {
			return {items: 0, window: queueWindow(options.maxLines)};
		}

		const path = shownQueuePath(options.queuePath, rates);
		return {items: pathRates(rates, path).queues.length, window: queueWindow(options.maxLines, rates.vfDevice !== undefined)};
	},
};
