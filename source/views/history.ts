// The history view (6): the last 15 minutes on one time axis — the device's
// packets, errors and imbalance, then its busiest queues (synthetic and VF)
// and CPUs — with the changes marked under the column they happened in
// (^ queues re-created, A applied, K kept, R reverted), so "did it help?"
// reads left to right. 64 queues do not fit 24 lines: the busiest over the
// window are shown, and the title says of how many.
import {deviceSeries, groupKeys, timelineLength, busiest, type Ranked, type Timeline} from '../stats/timeline.js';
import {timelineOf, type RateHistory} from '../stats/index.js';
import type {Series} from '../stats/series.js';
import {formatSi} from '../format.js';
import {line, type ViewLine} from './line.js';
import {sparkChar} from './sparkline.js';
import {agoText, axisFor, axisText, columnMeans, marksText, markChars, type Axis, type ChangeMark} from './history-axis.js';
import {historyJson} from './history-json.js';
import type {ViewSpec} from './view.js';

const labelWidth = 10;
const figureWidth = 20;
/** Rows per section (queues, CPUs) at most, however tall the terminal: the busiest are the point. */
const maxSectionRows = 16;

export {markChars} from './history-axis.js';
export type {ChangeMark} from './history-axis.js';

type Options = {readonly columns: number; readonly ascii: boolean; readonly maxLines: number; readonly changes?: readonly ChangeMark[]};

/** One graph row: label, a column per bucket on a 0…max scale (blank where there was no value), a figure. */
function graphLine(label: string, means: Float64Array, max: number, figure: string, options: Options): ViewLine {
	let graph = '';
	for (const value of means) {
		graph += Number.isNaN(value) ? ' ' : sparkChar(value, max, options.ascii);
	}

	return line(`${label.padEnd(labelWidth)}${graph}  ${figure}`.slice(0, options.columns));
}

function finiteMax(means: Float64Array): number {
	let max = 0;
	for (const value of means) {
		if (value > max) {
			max = value;
		}
	}

	return max;
}

const lastValue = (means: Float64Array): number => {
	for (let c = means.length - 1; c >= 0; c--) {
		if (!Number.isNaN(means[c]!)) {
			return means[c]!;
		}
	}

	return Number.NaN;
};

const rateText = (value: number): string => (Number.isNaN(value) ? '-' : formatSi(value));

function deviceLines(timeline: Timeline, axis: Axis, options: Options): ViewLine[] {
	const rows: Array<{label: string; series: Series | undefined; text: (v: number) => string; floor?: number}> = [
		{label: 'pps', series: deviceSeries(timeline, 'pps'), text: rateText},
		{label: 'errors/s', series: deviceSeries(timeline, 'errorsPerSec'), text: rateText},
		// Imbalance runs from 1 (even) up: drawn above 1, on at least 1…2 so noise stays flat.
		{label: 'imbalance', series: deviceSeries(timeline, 'imbalance'), text: v => (Number.isNaN(v) ? '-' : `${v.toFixed(2)}×`), floor: 1},
	];
	return rows.map(row => {
		const means = row.series ? columnMeans(axis, [row.series]) : new Float64Array(axis.width).fill(Number.NaN);
		const max = finiteMax(means);
		const floor = row.floor ?? 0;
		const shifted = floor > 0 ? means.map(v => v - floor) : means;
		return graphLine(row.label, shifted, floor > 0 ? Math.max(1, max - floor) : max, `${row.text(lastValue(means))} now, max ${row.text(max)}`, options);
	});
}

/** The busiest of a ranking as graph rows on one scale (so an idle one looks idle next to a busy one). */
function rankedLines(ranked: readonly Ranked[], label: (key: number) => string, axis: Axis, options: Options): ViewLine[] {
	const means = ranked.map(r => columnMeans(axis, r.series));
	const max = Math.max(0, ...means.map(m => finiteMax(m)));
	return ranked.map((r, i) => graphLine(label(r.key), means[i]!, max, `avg ${formatSi(r.mean)}`, options));
}

type Section = {readonly title: string; readonly ranked: readonly Ranked[]; readonly label: (key: number) => string};

function sections(timeline: Timeline): Section[] {
	const queues = busiest(timeline, ['rx', 'tx']);
	const vfQueues = busiest(timeline, ['vfRx', 'vfTx']);
	// Synthetic and VF queues in one ranking: VF keys are offset so they stay apart.
	const vfOffset = 1 << 20;
	const all = [...queues, ...vfQueues.map(r => ({...r, key: r.key + vfOffset}))].sort((a, b) => b.mean - a.mean || a.key - b.key);
	const cpus = busiest(timeline, ['cpu']);
	const queueCount = `${groupKeys(timeline, 'rx').length} queues${vfQueues.length > 0 ? ` + ${vfQueues.length} VF queues` : ''}`;
	return [
		{title: `busiest of ${queueCount}, rx+tx pps on one scale`, ranked: all, label: (key: number) => (key >= vfOffset ? `vf q${key - vfOffset}` : `q${key}`)},
		{title: `busiest of ${cpus.length} CPUs, packets/s on one scale`, ranked: cpus, label: (key: number) => `cpu${key}`},
	].filter(section => section.ranked.length > 0);
}

/** The sections within `room` lines: each its title and its busiest rows, the room shared out evenly. */
function sectionLines(timeline: Timeline, axis: Axis, room: number, options: Options): ViewLine[] {
	const shown = sections(timeline);
	const out: ViewLine[] = [];
	let left = room;
	for (const [i, section] of shown.entries()) {
		// The queues first: with room for one section only, it is theirs.
		const share = Math.ceil(left / (shown.length - i));
		const rows = Math.min(maxSectionRows, section.ranked.length, share - 1);
		if (rows > 0) {
			out.push(line(section.title.slice(0, options.columns), 'dim'), ...rankedLines(section.ranked.slice(0, rows), section.label, axis, options));
			left -= rows + 1;
		}
	}

	return out;
}

function titleLine(history: RateHistory, timeline: Timeline, options: Options): ViewLine {
	const samples = timelineLength(timeline);
	const legend = `${markChars.resets} queues re-created, ${markChars.applied} applied, ${markChars.kept} kept, ${markChars.reverted} reverted`;
	const span = agoText(spanMs(timeline));
	const long = `history of ${history.device ?? '?'}: last ${span} (${samples} samples) — ${legend}`;
	const short = `history of ${history.device ?? '?'}, last ${span}: ${markChars.resets} re-created ${markChars.applied} applied ${markChars.kept} kept ${markChars.reverted} reverted`;
	return line((long.length <= options.columns ? long : short).slice(0, options.columns), 'dim');
}

/** The time the window covers: every sample stands for the interval before it. */
export function spanMs(timeline: Timeline): number {
	const samples = timelineLength(timeline);
	if (samples < 2) {
		return 0;
	}

	const slot = (i: number) => timeline.at[(timeline.count - samples + i) % timeline.capacity]!;
	return ((slot(samples - 1) - slot(0)) * samples) / (samples - 1);
}

export function historyLines(history: RateHistory | undefined, options: Options): ViewLine[] {
	const timeline = history ? timelineOf(history) : undefined;
	if (!history || !timeline || timelineLength(timeline) < 2) {
		return [line('collecting history… (one sample per interval, up to 15 minutes)', 'dim')];
	}

	const width = Math.max(8, options.columns - labelWidth - figureWidth - 2);
	const axis = axisFor(timeline, width);
	const pad = ' '.repeat(labelWidth);
	const head = [titleLine(history, timeline, options), ...deviceLines(timeline, axis, options)];
	const foot = [
		line(`${'changes'.padEnd(labelWidth)}${marksText(axis, deviceSeries(timeline, 'resets'), options.changes ?? [])}`.trimEnd(), 'accent'),
		line(`${pad}${axisText(axis)}`, 'dim'),
	];
	const room = Math.max(0, options.maxLines - head.length - foot.length);
	return [...head, ...sectionLines(timeline, axis, room, options), ...foot].slice(0, Math.max(1, options.maxLines));
}

export const historyView: ViewSpec<'history'> = {
	name: 'history',
	title: 'history',
	key: '6',
	scope: 'device',
	lines: ({history, changes}, options) => historyLines(history, {...options, ...(changes ? {changes} : {})}),
	json: (_reading, {history}) => historyJson(history ? timelineOf(history) : undefined),
	scroll: () => ({items: 0, window: 1}),
};
