// The RSS view as lines: the hash function and key, the indirection table as
// a grid of one symbol per entry (coloured by queue), and each queue's share
// of table entries next to its share of received traffic — a flow mix that
// RSS cannot spread shows as a traffic share far above the entry share.
import {isDefaultTable, tableEntries} from '../stats/rss-table.js';
import type {DeviceReading} from '../stats/reading.js';
import type {DeviceSnapshot} from '../sources/source.js';
import type {DeviceRates} from '../stats/index.js';
import {bar, formatPercent} from '../format.js';
import {fit, line, segmentsLine, type Segment, type Tone, type ViewLine} from './line.js';
import type {ViewSpec} from './view.js';
import {queueSymbol} from './queue-symbol.js';
import {sendTableLines} from './send-table.js';

export {queueSymbol} from './queue-symbol.js';

/** Traffic share at least this many times the entry share is marked: RSS alone does not explain it. */
export const skewMark = 2;

export type RssQueueShare = {
	readonly index: number;
	readonly entries: number;
	readonly entryShare: number;
	readonly rxPps: number;
	readonly rxShare: number;
	/** rxShare / entryShare; undefined for a queue with no entries. */
	readonly skew?: number;
};

export type RssSummary = {
	readonly hfunc: string;
	readonly key: string;
	readonly table: readonly number[];
	/** The table `ethtool -X default` would give (i % queues). */
	readonly defaultTable: boolean;
	readonly queues: readonly RssQueueShare[];
};

export function rssSummary(snapshot: DeviceSnapshot, rates: DeviceRates | undefined): RssSummary | undefined {
	if (!snapshot.rss.ok) {
		return undefined;
	}

	const {table, key, hfunc} = snapshot.rss.value;
	const channels = snapshot.channels.ok && snapshot.channels.value.combined > 0 ? snapshot.channels.value.combined : undefined;
	const count = Math.max(channels ?? 0, rates?.queues.length ?? 0, ...table.map(e => e + 1));
	const entries = tableEntries(table, count);
	const traffic = new Map((rates?.queues ?? []).map(q => [q.index, q.rxPps]));
	const total = rates?.totals.rxPps ?? 0;
	return {
		hfunc,
		key,
		table,
		defaultTable: isDefaultTable(table, channels ?? count),
		queues: entries.map((n, index) => {
			const rxPps = traffic.get(index) ?? 0;
			const entryShare = table.length > 0 ? n / table.length : 0;
			const rxShare = total > 0 ? rxPps / total : 0;
			return {index, entries: n, entryShare, rxPps, rxShare, ...(entryShare > 0 ? {skew: rxShare / entryShare} : {})};
		}),
	};
}

export type GridLayout = {readonly perRow: number; readonly spaced: boolean};

/**
 * Entries per grid row: spaced cells ("0 1 2") while the table fits in four
 * rows, else whichever layout needs the fewest rows (unspaced "012" at narrow
 * widths), next to a 5-column offset label.
 */
export function gridLayout(columns: number, tableSize: number): GridLayout {
	const widths = [128, 64, 32, 16, 8, 4].filter(n => n <= Math.max(4, tableSize));
	const spaced = widths.find(n => 5 + (n * 2) - 1 <= columns) ?? 4;
	const compact = widths.find(n => 5 + n <= columns) ?? 4;
	const rows = (n: number): number => Math.ceil(tableSize / n);
	return rows(spaced) <= 4 || rows(spaced) <= rows(compact) ? {perRow: spaced, spaced: true} : {perRow: compact, spaced: false};
}

function gridLines(table: readonly number[], columns: number): ViewLine[] {
	const {perRow, spaced} = gridLayout(columns, table.length);
	const lines: ViewLine[] = [];
	for (let start = 0; start < table.length; start += perRow) {
		const segments: Segment[] = [{text: String(start).padStart(4) + ' ', tone: 'dim'}];
		for (const [i, queue] of table.slice(start, start + perRow).entries()) {
			segments.push({text: (i > 0 && spaced ? ' ' : '') + queueSymbol(queue), queue});
		}

		lines.push(segmentsLine(segments));
	}

	return lines;
}

/** Up to `columns` characters of the key, ending in "…" when cut. */
function keyText(key: string, columns: number): string {
	const bytes = key ? key.split(':').length : 0;
	const allZero = key !== '' && /^[0:]+$/.test(key);
	return `key ${fit(key || 'none', Math.max(8, columns))} (${bytes} B${allZero ? ', all zero' : ''})`;
}

const shareWidth = 29;

function shareItem(q: RssQueueShare): string {
	const skew = q.skew === undefined ? (q.rxShare > 0 ? '∞' : '-') : `${q.skew.toFixed(1)}×`;
	return `${queueSymbol(q.index)} ${`q${q.index}`.padEnd(3)} ${String(q.entries).padStart(3)} ${formatPercent(q.entryShare).padStart(6)} ${formatPercent(q.rxShare).padStart(6)} ${skew.padStart(5)}`;
}

const shareHeading = `  ${'Q'.padEnd(3)} ${'ent'.padStart(3)} ${'table'.padStart(6)} ${'rx'.padStart(6)} ${'skew'.padStart(5)}`;

function shareTone(q: RssQueueShare): Tone | undefined {
	if (q.entries === 0) {
		return 'warn';
	}

	return q.skew !== undefined && q.skew >= skewMark ? 'hot' : undefined;
}

/** Queues per line and lines of the share list at a width. */
export function shareGrid(queues: number, columns: number): {perLine: number; rows: number} {
	const perLine = Math.max(1, Math.floor((columns + 2) / (shareWidth + 2)));
	return {perLine, rows: Math.ceil(queues / perLine)};
}

/**
 * Per-queue shares packed into as many columns as fit; a bar when one column
 * leaves room. In queue order (stable from second to second); when not all
 * fit, a window of them from `scroll` (a line of the list) and where it is.
 */
function shareLines(queues: readonly RssQueueShare[], columns: number, maxLines: number, ascii: boolean, scroll: number): ViewLine[] {
	if (maxLines <= 1 || queues.length === 0) {
		return [];
	}

	const {perLine, rows} = shareGrid(queues.length, columns);
	const fits = rows <= maxLines - 1;
	const shownRows = fits ? rows : Math.max(1, maxLines - 2);
	const first = fits ? 0 : Math.max(0, Math.min(scroll, rows - shownRows));
	const shown = queues.slice(first * perLine, (first + shownRows) * perLine);
	const barWidth = perLine === 1 ? Math.min(30, columns - shareWidth - 2) : 0;
	const heading = Array.from({length: Math.min(perLine, queues.length)}, () => shareHeading.padEnd(shareWidth)).join('  ').trimEnd()
		+ (barWidth >= 6 ? '  rx share' : '');
	const lines: ViewLine[] = [line(fit(heading, columns), 'bold')];
	for (let r = 0; r < shownRows; r++) {
		const items = shown.slice(r * perLine, (r + 1) * perLine);
		if (items.length === 0) {
			break;
		}

		const segments: Segment[] = items.flatMap((q, i) => {
			const tone = shareTone(q);
			const text = shareItem(q).padEnd(i < items.length - 1 ? shareWidth : 0);
			return [...(i > 0 ? [{text: '  '}] : []), {text, queue: q.index, ...(tone ? {tone} : {})}];
		});
		if (barWidth >= 6 && items[0]) {
			segments.push({text: `  ${bar(items[0].rxShare, barWidth, ascii)}`.trimEnd(), queue: items[0].index});
		}

		const text = segments.map(s => s.text).join('');
		lines.push(text.length <= columns ? segmentsLine(segments) : line(fit(text, columns)));
	}

	if (!fits) {
		const last = shown.at(-1)?.index ?? 0;
		lines.push(line(fit(`queues ${shown[0]?.index ?? 0}–${last} of ${queues.length} (↑↓ scroll; --once lists all)`, columns), 'dim'));
	}

	return lines;
}

export type RssViewOptions = {
	readonly columns: number;
	readonly maxLines: number;
	readonly ascii?: boolean;
	/** `ethtool -n rx-flow-hash` per flow type, when a source knows it (flowHashText: "tcp sdfn udp sd"). */
	readonly hashFields?: string;
	/** First line of the per-queue list shown (↑↓). */
	readonly scroll?: number;
	/** Add a line for the VF's own table (the screen; --once prints what it printed before). */
	readonly vf?: boolean;
};

/**
 * The VF's own table in one line: most receive traffic on Accelerated Networking follows it, not
 * netvsc's; `X` changes it. Undefined without a VF read through its driver.
 */
export function vfTableLine(snapshot: DeviceSnapshot, columns: number): ViewLine | undefined {
	const vf = snapshot.vfDevice;
	if (!vf?.rss) {
		return undefined;
	}

	if (!vf.rss.ok) {
		return line(fit(`VF ${vf.name} (${vf.driver}) RSS table: ${vf.rss.error.message}`, columns), 'dim');
	}

	const {table} = vf.rss.value;
	const channels = vf.channels.ok ? vf.channels.value.combined : undefined;
	const used = tableEntries(table, Math.max(1, channels ?? 1)).filter(n => n > 0).length;
	const isDefault = channels !== undefined && isDefaultTable(table, channels);
	return line(fit(`VF ${vf.name} (${vf.driver}): table ${table.length} entries → ${used}${channels === undefined ? '' : ` of ${channels}`} queues, `
		+ `${isDefault ? 'default' : 'custom (ethtool -X)'}${vf.up === false ? ', VF down' : ''}  X changes it`, columns), isDefault ? undefined : 'warn');
}

const driverOf = (snapshot: DeviceSnapshot): string => (snapshot.info.ok ? snapshot.info.value.driver : 'this driver');

/** Why there is no table to show, or undefined when there is one. */
function unsupported(snapshot: DeviceSnapshot): string | undefined {
	if (!snapshot.rss.ok) {
		if (snapshot.rss.error.code !== 'EOPNOTSUPP') {
			return snapshot.rss.error.message;
		}

		return driverOf(snapshot) === 'hv_netvsc' ? 'not supported (no vRSS on this device)' : `not supported by ${driverOf(snapshot)}`;
	}

	// A driver without an indirection table answers with 0 entries: that is no RSS table, not an empty one.
	return snapshot.rss.value.table.length === 0 ? `not supported by ${driverOf(snapshot)} (no indirection table)` : undefined;
}

/** The per-queue list's lines and the lines it has on screen, for scrolling. */
export function rssScrollable(reading: DeviceReading | undefined, columns: number, maxLines: number): {items: number; window: number} {
	const snapshot = reading?.snapshot;
	if (!snapshot || unsupported(snapshot)) {
		return {items: 0, window: 1};
	}

	const summary = rssSummary(snapshot, reading.rates)!;
	const fixed = 2 + gridLines(summary.table, columns).length + sendTableLines(snapshot, columns).length + (vfTableLine(snapshot, columns) ? 1 : 0);
	const {rows} = shareGrid(summary.queues.length, columns);
	const room = maxLines - fixed - 1;
	return {items: rows, window: rows <= room - 1 ? rows : Math.max(1, room - 2)};
}

export function rssViewLines(reading: DeviceReading | undefined, options: RssViewOptions): ViewLine[] {
	const snapshot = reading?.snapshot;
	if (!snapshot) {
		return [line(reading?.error ? `${reading.name}: ${reading.error.message}` : 'reading the device…', 'dim')].slice(0, options.maxLines);
	}

	const why = unsupported(snapshot);
	if (why) {
		return [line(fit(`RSS table (ethtool -x): ${why}`, options.columns), 'dim')].slice(0, options.maxLines);
	}

	const summary = rssSummary(snapshot, reading.rates)!;
	const {columns} = options;
	const used = summary.queues.filter(q => q.entries > 0).length;
	const kind = summary.defaultTable ? `default (i % ${summary.queues.length})` : 'custom (ethtool -X)';
	const head = [
		line(fit(`hash ${summary.hfunc}  ${keyText(summary.key, columns - summary.hfunc.length - 20)}`, columns)),
		line(fit(`table ${summary.table.length} entries → ${used} of ${summary.queues.length} queues, ${kind}`
			+ (options.hashFields ? `  fields ${options.hashFields}` : ''), columns), summary.defaultTable ? undefined : 'warn'),
	];
	const grid = gridLines(summary.table, columns);
	const vfLine = options.vf ? vfTableLine(snapshot, columns) : undefined;
	const fixed = [...head, ...grid, ...sendTableLines(snapshot, columns), ...(vfLine ? [vfLine] : [])];
	const symbols = symbolLegend(summary.queues.length);
	const legend = line(fit(symbols ? `${symbols}; skew = rx share ÷ table share` : 'skew = rx share ÷ table share; ≥ 2× is more than hashing explains', columns), 'dim');
	const room = options.maxLines - fixed.length - 1;
	const shares = shareLines(summary.queues, columns, room, options.ascii ?? false, options.scroll ?? 0);
	return [...fixed, ...shares, ...(shares.length > 0 ? [legend] : [])].slice(0, options.maxLines);
}

/** The grid's symbols beyond 9, for tables with more than ten queues. */
export const symbolLegend = (queues: number): string =>
	queues > 10 ? `a–z=10–35${queues > 36 ? ', A–Z=36–61' : ''}${queues > 62 ? ', @=62, #=63' : ''}` : '';

/**
 * The flow hash in few words: "tcp sdfn udp sd" when IPv4 and IPv6 agree, else each type;
 * undefined when the source does not read it or the driver has none (veth).
 */
export function flowHashText(snapshot: DeviceSnapshot): string | undefined {
	const hash = snapshot.flowHash?.ok ? snapshot.flowHash.value : undefined;
	if (!hash) {
		return undefined;
	}

	const show = (fields: string) => fields || 'none';
	return hash.tcp4 === hash.tcp6 && hash.udp4 === hash.udp6
		? `tcp ${show(hash.tcp4)} udp ${show(hash.udp4)}`
		: `tcp4 ${show(hash.tcp4)} tcp6 ${show(hash.tcp6)} udp4 ${show(hash.udp4)} udp6 ${show(hash.udp6)}`;
}

/** The RSS view (3): the indirection table as a grid, entry share against traffic share. */
export const rssView: ViewSpec<'rss'> = {
	name: 'rss',
	title: 'RSS table',
	key: '3',
	scope: 'device',
	// The flow hash is on screen only: --once and --json print what they printed before it was read.
	lines({reading}, options) {
		const hashFields = reading?.snapshot ? flowHashText(reading.snapshot) : undefined;
		return rssViewLines(reading, {columns: options.columns, maxLines: options.maxLines, ascii: options.ascii, scroll: options.scroll ?? 0, vf: true, ...(hashFields ? {hashFields} : {})});
	},
	text: ({reading}, options) => rssViewLines(reading, {columns: options.columns, maxLines: options.maxLines, ascii: options.ascii}).map(l => l.text),
	json({snapshot, rates}) {
		const summary = rssSummary(snapshot, rates);
		return summary
			? {...summary, queues: summary.queues.map(q => ({...q, skew: q.skew ?? null}))}
			: {error: snapshot.rss.ok ? {code: 'ENODATA', message: 'no table'} : {code: snapshot.rss.error.code, message: snapshot.rss.error.message}};
	},
	scroll: ({reading}, options) => rssScrollable(reading, options.columns, options.maxLines),
};
