// sparkline-column.ts as of c8f0174, before the per-tick allocation work: the
// oracle test/ui/sparkline-same-as-before.test.ts holds source/views/sparkline.ts to.
// Kept (issue 14) for the queue sparklines, which now read the rings in place
// into a reused buffer: it alone caught the scale taken over width − 1 samples,
// a fractional width rounded up, and the buffered path taken for fractional or
// NaN widths. imbalanceLine and imbalanceSeriesSparkline were not rewritten.
// History for the queues view: a short rx-rate sparkline per queue on one
// scale shared by all queues (so an idle queue looks idle next to a busy one),
// and the history of the imbalance figure.
import {historyQueues, imbalanceSeries, queueSeries, type RateHistory} from '../../../source/stats/index.js';

const blocks = '▁▂▃▄▅▆▇█';
const asciiLevels = '_.-=*#';

/** One character per value, scaled to `max`; missing history on the left is blank. */
export function scaledSparkline(values: readonly number[], width: number, max: number, ascii = false): string {
	if (width <= 0) {
		return '';
	}

	const chars = ascii ? asciiLevels : blocks;
	const top = chars.length - 1;
	const recent = values.slice(-width);
	const text = recent.map(value => {
		const fraction = max > 0 && Number.isFinite(value) ? Math.min(1, Math.max(0, value / max)) : 0;
		// Any traffic at all shows above the floor: idle and nearly idle must differ.
		const level = fraction > 0 ? Math.max(1, Math.round(fraction * top)) : 0;
		return chars[level]!;
	}).join('');
	return text.padStart(width, ' ');
}

/** The largest rx rate of any queue over the last `width` samples: the shared scale. */
export function queueScale(history: RateHistory, width: number): number {
	let max = 0;
	for (const index of historyQueues(history)) {
		for (const value of queueSeries(history, index).slice(-width)) {
			max = Math.max(max, value);
		}
	}

	return max;
}

/** A queue's rx packets/s over the last `width` seconds; `scale` defaults to the busiest queue's peak. */
export function queueSparkline(history: RateHistory, index: number, width: number, ascii = false, scale?: number): string {
	return scaledSparkline(queueSeries(history, index), width, scale ?? queueScale(history, width), ascii);
}

/** Every queue's sparkline at once (one scale computation for the whole table). */
export function queueSparklines(history: RateHistory, width: number, ascii = false): Map<number, string> {
	const scale = queueScale(history, width);
	return new Map(historyQueues(history).map(index => [index, queueSparkline(history, index, width, ascii, scale)]));
}

/**
 * "imbalance ▁▁▂▅▇█▃ now 1.60×, 1.02–3.10× over 60 s", fitted to `width`.
 * The graph runs from 1 (even) up to the worst value seen, at least 2×, so
 * noise around 1 stays flat.
 */
export function imbalanceLine(history: RateHistory, width: number, ascii = false): string {
	const values = imbalanceSeries(history);
	const last = values.at(-1);
	if (last === undefined) {
		return 'imbalance: no history yet'.slice(0, Math.max(0, width));
	}

	const low = Math.min(...values);
	const high = Math.max(...values);
	const tail = ` now ${last.toFixed(2)}×, ${low.toFixed(2)}–${high.toFixed(2)}× over ${values.length} s`;
	const label = 'imbalance ';
	const graphWidth = Math.min(values.length, width - label.length - tail.length);
	if (graphWidth < 4) {
		// No room for a graph: the numbers alone, shorter still if needed.
		const numbers = `imbalance${tail}`;
		const short = `imbalance ${last.toFixed(2)}×, max ${high.toFixed(2)}× in ${values.length} s`;
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
