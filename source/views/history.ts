// The history view (6): the device's own figures over the last 15 minutes on
// one time axis — every packet per second, the driver's errors per second and
// the imbalance figure — with a mark where the queues were re-created (a
// channel or ring change), so "did it help?" reads left to right.
import {samplesBetween, type HistorySample, type RateHistory} from '../stats/index.js';
import {formatSi} from '../format.js';
import {line, type ViewLine} from './line.js';
import {scaledSparkline} from './sparkline.js';
import {spanText} from './queues.js';
import type {ViewSpec} from './view.js';

const labelWidth = 10;
const figureWidth = 22;
export const changeMark = '^';

/** The samples in `columns` buckets, each the mean of its samples (the latest bucket on the right). */
function buckets(samples: readonly HistorySample[], columns: number, value: (s: HistorySample) => number): number[] {
	if (samples.length <= columns) {
		return samples.map(s => value(s));
	}

	const out: number[] = [];
	for (let column = 0; column < columns; column++) {
		const from = Math.floor((column * samples.length) / columns);
		const to = Math.floor(((column + 1) * samples.length) / columns);
		let sum = 0;
		for (let i = from; i < to; i++) {
			sum += value(samples[i]!);
		}

		out.push(to > from ? sum / (to - from) : 0);
	}

	return out;
}

/** Where the changes were, one mark per bucket that holds a re-creation. */
function changeMarks(samples: readonly HistorySample[], columns: number): string {
	const marks = buckets(samples, columns, s => (s.reset ? 1 : 0)).map(x => (x > 0 ? changeMark : ' ')).join('');
	return marks.padStart(columns);
}

function axis(samples: readonly HistorySample[], columns: number): string {
	const first = samples[0]?.at ?? 0;
	const last = samples.at(-1)?.at ?? 0;
	const left = samples.length > 1 ? `-${spanText(1, last - first)}` : '';
	const text = `${left.padEnd(columns - 3)}now`;
	return text.slice(-columns);
}

type Row = {readonly label: string; readonly value: (s: HistorySample) => number; readonly text: (v: number) => string};

const rows: readonly Row[] = [
	{label: 'pps', value: s => s.allPps, text: v => formatSi(v)},
	{label: 'errors/s', value: s => s.errorsPerSec, text: v => formatSi(v)},
	{label: 'imbalance', value: s => s.imbalance, text: v => `${v.toFixed(2)}×`},
];

export function historyLines(history: RateHistory | undefined, options: {readonly columns: number; readonly ascii: boolean; readonly maxLines: number}): ViewLine[] {
	const samples = history ? samplesBetween(history, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY) : [];
	if (samples.length < 2) {
		return [line('collecting history… (one sample per interval, up to 15 minutes)', 'dim')];
	}

	const width = Math.max(8, options.columns - labelWidth - figureWidth - 2);
	const graphRows = rows.map(row => {
		const values = buckets(samples, width, row.value);
		const max = Math.max(...values, 0);
		const now = row.value(samples.at(-1)!);
		const figure = `${row.text(now)} now, max ${row.text(max)}`;
		return line(`${row.label.padEnd(labelWidth)}${scaledSparkline(values, width, max, options.ascii)}  ${figure}`.slice(0, options.columns));
	});
	const resets = samples.filter(s => s.reset).length;
	return [
		line(`history of ${history?.device ?? '?'}: ${samples.length} samples, ${resets === 0 ? 'no change seen' : `${changeMark} marks ${resets} queue re-creation${resets === 1 ? '' : 's'} (a change)`}`, 'dim'),
		...graphRows,
		line(`${' '.repeat(labelWidth)}${changeMarks(samples, width)}`, 'accent'),
		line(`${' '.repeat(labelWidth)}${axis(samples, width)}`, 'dim'),
	].slice(0, Math.max(1, options.maxLines));
}

export const historyView: ViewSpec<'history'> = {
	name: 'history',
	title: 'history',
	key: '6',
	scope: 'device',
	lines: ({history}, options) => historyLines(history, options),
	json: (_reading, {history}) => ({
		samples: history ? samplesBetween(history, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY) : [],
	}),
	scroll: () => ({items: 0, window: 1}),
};
