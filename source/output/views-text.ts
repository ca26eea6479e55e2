// The views for --once (plain text, no colour) and --json (the same data as
// numbers): `--once --view cpus` prints the CPU view of every device, then the
// advice that applies; `--json` carries viewToJson and adviceToJson.
import {adviseReading, type Advice, type AdviceInput} from '../advice/index.js';
import type {DeviceReading} from '../stats/reading.js';
import {historyQueues, imbalanceSeries, queueSeries, type RateHistory} from '../stats/index.js';
import {adviceDetailLines} from '../views/advice.js';
import {cpuRows, cpuViewLines} from '../views/cpus.js';
import type {Units} from '../format.js';
import {queueTable} from '../views/queues.js';
import {rssSummary, rssViewLines} from '../views/rss.js';
import {imbalanceLine} from '../views/sparkline.js';
import {vfSplit, vfViewLines} from '../views/vf.js';
import type {ViewLine} from '../views/line.js';

export const viewNames = ['queues', 'cpus', 'rss', 'vf'] as const;
export type ViewName = (typeof viewNames)[number];

export const isViewName = (text: string): text is ViewName => (viewNames as readonly string[]).includes(text);

export type ViewTextOptions = {
	readonly units: Units;
	readonly columns: number;
	/** Per device, for the queues view's sparklines and imbalance history. */
	readonly histories?: ReadonlyMap<string, RateHistory>;
	readonly ascii?: boolean;
};

/** Text output has no height limit: every row is printed. */
const unlimited = Number.MAX_SAFE_INTEGER;

const text = (lines: readonly ViewLine[]): string => lines.map(l => l.text).join('\n');

function queuesText(reading: DeviceReading, options: ViewTextOptions): string[] {
	const {rates} = reading;
	if (!rates) {
		return [reading.error ? `${reading.name}: ${reading.error.message}` : 'no data yet'];
	}

	// The dashboard's own table: with a history it has the sparkline column and the imbalance history in its totals row.
	const history = options.histories?.get(reading.name);
	const table = queueTable(rates, {units: options.units, hideIdle: false, columns: options.columns, ascii: options.ascii ?? false, ...(history ? {history} : {})});
	return [
		table.header,
		...table.rows.map(row => row.text),
		table.total,
		...(history && imbalanceSeries(history).length > 1 ? [imbalanceLine(history, options.columns, options.ascii ?? false)] : []),
	];
}

function deviceViewText(view: Exclude<ViewName, 'vf'>, reading: DeviceReading, options: ViewTextOptions): string {
	const body = view === 'queues'
		? queuesText(reading, options).join('\n')
		: text(view === 'cpus'
			? cpuViewLines(reading, {units: options.units, columns: options.columns, maxLines: unlimited})
			: rssViewLines(reading, {columns: options.columns, maxLines: unlimited, ascii: options.ascii ?? false}));
	return `${reading.name}\n${body}`;
}

/** One view of every device as plain text (the VF view is one table across devices). */
export function viewText(view: ViewName, readings: readonly DeviceReading[], options: ViewTextOptions): string {
	if (view === 'vf') {
		return text(vfViewLines(readings, {units: options.units, columns: options.columns, maxLines: unlimited, ascii: options.ascii ?? false}));
	}

	return readings.map(reading => deviceViewText(view, reading, options)).join('\n\n');
}

export type AdviceOptions = Omit<AdviceInput, 'snapshot' | 'rates' | 'history'> & {
	readonly histories?: ReadonlyMap<string, RateHistory>;
};

const adviceFor = (reading: DeviceReading, options: AdviceOptions): Advice[] => {
	const history = options.histories?.get(reading.name);
	return adviseReading(reading, {
		...(history ? {history} : {}),
		...(options.isolatedCpus ? {isolatedCpus: options.isolatedCpus} : {}),
		...(options.offlineCpus ? {offlineCpus: options.offlineCpus} : {}),
	});
};

/** "advice:" and, per device, every advice with its reason; printed after the table by --once. */
export function adviceText(readings: readonly DeviceReading[], options: AdviceOptions & {readonly columns: number}): string {
	const blocks = readings.flatMap(reading => {
		const advice = adviceFor(reading, options);
		return advice.length > 0 ? [`${reading.name}:\n${text(adviceDetailLines(advice, options.columns - 2).map(l => ({text: `  ${l.text}`.trimEnd()})))}`] : [];
	});
	return blocks.length > 0 ? `advice:\n${blocks.join('\n\n')}` : 'advice: none';
}

export function adviceToJson(advice: readonly Advice[]): Array<Record<string, unknown>> {
	return advice.map(a => ({
		id: a.id,
		severity: a.severity,
		title: a.title,
		reason: a.reason,
		...(a.suggestion ? {suggestion: a.suggestion} : {}),
		...(a.source ? {source: a.source} : {}),
	}));
}

/** The advice for a reading, as JSON (for the --json line of each device). */
export const readingAdviceToJson = (reading: DeviceReading, options: AdviceOptions = {}): Array<Record<string, unknown>> =>
	adviceToJson(adviceFor(reading, options));

/** The data behind one view of one device, as JSON-safe numbers (the same the text shows). */
export function viewToJson(view: ViewName, reading: DeviceReading, options: {readonly history?: RateHistory} = {}): Record<string, unknown> {
	const {snapshot, rates} = reading;
	if (!snapshot || !rates) {
		return {view, error: reading.error ? {code: reading.error.code, message: reading.error.message} : {code: 'ENODATA', message: 'no data yet'}};
	}

	switch (view) {
		case 'queues': {
			const {history} = options;
			return {
				view,
				imbalance: rates.imbalance,
				...(history
					? {
						imbalanceHistory: imbalanceSeries(history),
						rxPpsHistory: Object.fromEntries(historyQueues(history).map(index => [String(index), queueSeries(history, index)])),
					}
					: {}),
			};
		}

		case 'cpus': {
			return {view, channelCpuKnown: snapshot.channelCpu.length > 0, vcpus: snapshot.vcpus, cpus: cpuRows(rates)};
		}

		case 'rss': {
			const summary = rssSummary(snapshot, rates);
			return summary
				? {view, ...summary, queues: summary.queues.map(q => ({...q, skew: q.skew ?? null}))}
				: {view, error: snapshot.rss.ok ? {code: 'ENODATA', message: 'no table'} : {code: snapshot.rss.error.code, message: snapshot.rss.error.message}};
		}

		case 'vf': {
			return {view, ...vfSplit(reading)};
		}
	}
}
