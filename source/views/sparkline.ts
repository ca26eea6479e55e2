// History for the queues view: a short rx-rate sparkline per queue on one
// scale shared by all queues (so an idle queue looks idle next to a busy one),
// and the history of the imbalance figure.
import {historyQueues, imbalanceSeries, queueSeries, sampleAt, storedQueueSeries, type RateHistory, type StoredSeries} from '../stats/index.js';

const blocks = '▁▂▃▄▅▆▇█';
const asciiLevels = '_.-=*#';

// A sparkline is drawn every second for each of up to 64 queues: its
// character codes go into one reused buffer and become one string, rather
// than an array of values, an array of characters and a joined string.
const codesOf = (chars: string): readonly number[] => [...chars].map(c => c.codePointAt(0)!);
const blockCodes = codesOf(blocks);
const asciiCodes = codesOf(asciiLevels);
const spaceCode = 0x20;
const codes: number[] = [];
// String.fromCharCode takes its codes as arguments, which are bounded; wider goes the slow way.
const maxBufferedWidth = 1000;

/** The level (0…top) of one value on a 0…max scale. */
function levelOf(value: number, max: number, top: number): number {
	const fraction = max > 0 && Number.isFinite(value) ? Math.min(1, Math.max(0, value / max)) : 0;
	// Any traffic at all shows above the floor: idle and nearly idle must differ.
	return fraction > 0 ? Math.max(1, Math.round(fraction * top)) : 0;
}

/** The sparkline of the last `width` values of a stored series; width a whole number in 1…maxBufferedWidth. */
function bufferedSparkline(series: StoredSeries, width: number, max: number, ascii: boolean): string {
	const levels = ascii ? asciiCodes : blockCodes;
	const top = levels.length - 1;
	const shown = Math.min(series.length, width);
	const blank = width - shown;
	codes.length = width;
	codes.fill(spaceCode, 0, blank);
	for (let i = 0; i < shown; i++) {
		codes[blank + i] = levels[levelOf(sampleAt(series, series.length - shown + i), max, top)]!;
	}

	return String.fromCharCode(...codes);
}

/** One value's character on a 0…max scale (the history view draws its columns one by one: gaps are blank there). */
export function sparkChar(value: number, max: number, ascii = false): string {
	const chars = ascii ? asciiLevels : blocks;
	return chars[levelOf(value, max, chars.length - 1)]!;
}

const isBufferedWidth = (width: number): boolean => Number.isInteger(width) && width > 0 && width <= maxBufferedWidth;

/** One character per value, scaled to `max`; missing history on the left is blank. */
export function scaledSparkline(values: readonly number[], width: number, max: number, ascii = false): string {
	if (width <= 0) {
		return '';
	}

	const chars = ascii ? asciiLevels : blocks;
	const top = chars.length - 1;
	const text = values.slice(-width).map(value => chars[levelOf(value, max, top)]!).join('');
	return text.padStart(width, ' ');
}

/** Where values.slice(-width) starts in a series of `length` (whatever width is). */
function tailStart(length: number, width: number): number {
	const start = Math.trunc(-width) || 0;
	return start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
}

/** The largest value of the last `width` of a stored series. */
function tailMax(series: StoredSeries, width: number): number {
	let max = 0;
	for (let i = tailStart(series.length, width); i < series.length; i++) {
		max = Math.max(max, sampleAt(series, i));
	}

	return max;
}

/** The largest rx rate of any queue over the last `width` samples: the shared scale. */
export function queueScale(history: RateHistory, width: number): number {
	let max = 0;
	for (const index of historyQueues(history)) {
		const series = storedQueueSeries(history, index);
		max = Math.max(max, series ? tailMax(series, width) : 0);
	}

	return max;
}

/** A queue's rx packets/s over the last `width` seconds; `scale` defaults to the busiest queue's peak. */
export function queueSparkline(history: RateHistory, index: number, width: number, ascii = false, scale?: number): string {
	const max = scale ?? queueScale(history, width);
	const series = storedQueueSeries(history, index);
	if (!series || !isBufferedWidth(width)) {
		return scaledSparkline(queueSeries(history, index), width, max, ascii);
	}

	return bufferedSparkline(series, width, max, ascii);
}

/** Every queue's sparkline at once (one scale computation for the whole table). */
export function queueSparklines(history: RateHistory, width: number, ascii = false): Map<number, string> {
	const scale = queueScale(history, width);
	const lines = new Map<number, string>();
	for (const index of historyQueues(history)) {
		lines.set(index, queueSparkline(history, index, width, ascii, scale));
	}

	return lines;
}

/**
 * "imbalance ▁▁▂▅▇█▃ now 1.60×, 1.02–3.10× over 60 s", fitted to `width`.
 * The graph runs from 1 (even) up to the worst value seen, at least 2×, so
 * noise around 1 stays flat.
 */
export function imbalanceLine(history: RateHistory, width: number, ascii = false, intervalMs = 1000): string {
	const values = imbalanceSeries(history);
	const last = values.at(-1);
	if (last === undefined) {
		return 'imbalance: no history yet'.slice(0, Math.max(0, width));
	}

	const low = Math.min(...values);
	const high = Math.max(...values);
	// The span the samples really cover: one interval each.
	const span = (values.length * intervalMs) / 1000;
	const seconds = Number.isInteger(span) ? String(span) : span.toFixed(1);
	const tail = ` now ${last.toFixed(2)}×, ${low.toFixed(2)}–${high.toFixed(2)}× over ${seconds} s`;
	const label = 'imbalance ';
	const graphWidth = Math.min(values.length, width - label.length - tail.length);
	if (graphWidth < 4) {
		// No room for a graph: the numbers alone, shorter still if needed.
		const numbers = `imbalance${tail}`;
		const short = `imbalance ${last.toFixed(2)}×, max ${high.toFixed(2)}× in ${seconds} s`;
		return (numbers.length <= width ? numbers : short).slice(0, Math.max(0, width));
	}

	const top = Math.max(2, high);
	const graph = scaledSparkline(values.map(v => v - 1), graphWidth, top - 1, ascii);
	return `${label}${graph}${tail}`;
}

/** The imbalance history alone, on the same 1…max(2, worst) scale as imbalanceLine. */
export function imbalanceSeriesSparkline(history: RateHistory, width: number, ascii = false): string {
	const values = imbalanceSeries(history);
	const top = Math.max(2, ...values);
	return scaledSparkline(values.map(v => v - 1), width, top - 1, ascii);
}
