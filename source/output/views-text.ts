// The views for --once (plain text, no colour) and --json (the same data as
// numbers): `--once --view cpus` prints the CPU view of every device, then the
// advice that applies; `--json` carries viewToJson and adviceToJson.
import {adviseReading, type Advice, type AdviceInput} from '../advice/index.js';
import type {Units} from '../format.js';
import type {RateHistory} from '../stats/index.js';
import type {DeviceReading} from '../stats/reading.js';
import {adviceDetailLines} from '../views/advice.js';
import type {ViewLine} from '../views/line.js';
import {viewByName, type ViewName} from '../views/registry.js';
import type {ViewInput, ViewOptions, ViewSpec} from '../views/view.js';

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

const specText = (spec: ViewSpec, input: ViewInput, options: ViewOptions): string =>
	(spec.text ? spec.text(input, options) : spec.lines(input, options).map(l => l.text)).join('\n');

/** One view of every device as plain text: a block per device, or one picture for a machine-wide view (VF). */
export function viewText(view: ViewName, readings: readonly DeviceReading[], options: ViewTextOptions): string {
	const spec = viewByName(view);
	const viewOptions: ViewOptions = {units: options.units, columns: options.columns, maxLines: unlimited, ascii: options.ascii ?? false};
	if (spec.scope === 'machine') {
		return specText(spec, {reading: undefined, readings}, viewOptions);
	}

	return readings.map(reading => {
		const history = options.histories?.get(reading.name);
		return `${reading.name}\n${specText(spec, {reading, readings, ...(history ? {history} : {})}, viewOptions)}`;
	}).join('\n\n');
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

	return {view, ...viewByName(view).json({...reading, snapshot, rates}, options)};
}
