// The history view's time axis: which samples each column of a graph holds
// (one column per sample, or the mean of several when the window is wider
// than the terminal), the labels under it (-15m … -5m … now) and where the
// changes go on it. Pure: times are the samples' own (ms of hvtop's clock).
import {slotOf, timeAt, windowLength, type Series} from '../stats/series.js';
import type {Timeline} from '../stats/timeline.js';

/** A moment to mark on the axis: a change applied, kept or reverted (from the tuning controller), on the device shown. */
export type ChangeMark = {readonly at: number; readonly kind: 'applied' | 'kept' | 'reverted'};

/** Queue re-creation (from the counters), then the controller's steps; a column with several shows the last in this order. */
export const markChars = {resets: '^', applied: 'A', kept: 'K', reverted: 'R'} as const;
const markOrder = ['^', 'A', 'K', 'R'];

export type Axis = {
	readonly width: number;
	/** Samples in the window. */
	readonly samples: number;
	/** First sample of each column; column c holds samples [starts[c], starts[c + 1]). Columns left of the data are empty. */
	readonly starts: readonly number[];
	readonly timeline: Timeline;
};

/** Columns for the window: right-aligned one per sample while they fit, else every column the mean of several. */
export function axisFor(timeline: Timeline, width: number): Axis {
	const samples = windowLength(timeline);
	const starts: number[] = [];
	for (let c = 0; c <= width; c++) {
		starts.push(samples <= width ? Math.max(0, c - (width - samples)) : Math.floor((c * samples) / width));
	}

	return {width, samples, starts, timeline};
}

/** Each column's mean of a series (gaps left out); NaN for a column with no value. */
export function columnMeans(axis: Axis, series: readonly Series[]): Float64Array {
	const out = new Float64Array(axis.width).fill(Number.NaN);
	const {timeline} = axis;
	for (let c = 0; c < axis.width; c++) {
		let sum = 0;
		let n = 0;
		for (let i = axis.starts[c]!; i < axis.starts[c + 1]!; i++) {
			const slot = slotOf(timeline, i);
			// Several series (rx and tx) add up; the column has a value if any of them has.
			let value = Number.NaN;
			for (const s of series) {
				const v = s.values[slot]!;
				if (!Number.isNaN(v)) {
					value = Number.isNaN(value) ? v : value + v;
				}
			}

			if (!Number.isNaN(value)) {
				sum += value;
				n++;
			}
		}

		if (n > 0) {
			out[c] = sum / n;
		}
	}

	return out;
}

/**
 * The column of the first sample taken at or after `at` (`after`: strictly after,
 * for an event: a sample read at the same moment was read before it); undefined
 * outside the window, or after its last sample by more than a step.
 */
export function columnAt(axis: Axis, at: number, after = false): number | undefined {
	const {timeline, samples} = axis;
	if (samples === 0 || at < timeAt(timeline, 0)) {
		return undefined;
	}

	const last = timeAt(timeline, samples - 1);
	const step = samples > 1 ? (last - timeAt(timeline, 0)) / (samples - 1) : 0;
	let sample = samples;
	for (let i = 0; i < samples; i++) {
		const t = timeAt(timeline, i);
		if (after ? t > at : t >= at) {
			sample = i;
			break;
		}
	}

	if (sample === samples) {
		// Since the last sample: it shows on the right edge until the next one takes it.
		return at - last <= Math.max(step, 1) ? axis.width - 1 : undefined;
	}

	for (let c = axis.width - 1; c >= 0; c--) {
		if (axis.starts[c]! <= sample && sample < axis.starts[c + 1]!) {
			return c;
		}
	}

	return undefined;
}

/** The marks line: `^` where the queues were re-created, A K R on the first sample after a change was applied, kept, reverted. */
export function marksText(axis: Axis, resets: Series | undefined, changes: readonly ChangeMark[]): string {
	const cells = Array.from({length: axis.width}, () => ' ');
	const put = (column: number | undefined, char: string) => {
		if (column !== undefined && markOrder.indexOf(char) > markOrder.indexOf(cells[column]!)) {
			cells[column] = char;
		}
	};

	if (resets) {
		const means = columnMeans(axis, [resets]);
		for (let c = 0; c < axis.width; c++) {
			if (means[c]! > 0) {
				put(c, markChars.resets);
			}
		}
	}

	for (const change of changes) {
		put(columnAt(axis, change.at, true), markChars[change.kind]);
	}

	return cells.join('');
}

/** "45s", "5m", "14m59s": a time back from now, minutes from a minute on. */
export function agoText(ms: number): string {
	if (ms < 9950) {
		// Short intervals (--interval 0.2): tenths, so two samples are not "0s".
		return `${Number((ms / 1000).toFixed(1))}s`;
	}

	const seconds = Math.round(ms / 1000);
	if (seconds < 60) {
		return `${seconds}s`;
	}

	const minutes = Math.floor(seconds / 60);
	const rest = seconds - (minutes * 60);
	return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

const labelSteps = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map(s => s * 1000);

/** "-15m       -10m       -5m        now": the window's start on the left, round times between, now on the right. */
export function axisText(axis: Axis): string {
	const {timeline, samples, width} = axis;
	const cells = Array.from({length: width}, () => ' ');
	const write = (column: number, text: string): boolean => {
		if (column < 0 || column + text.length > width || cells.slice(Math.max(0, column - 2), column + text.length + 2).some(c => c !== ' ')) {
			return false;
		}

		cells.splice(column, text.length, ...text);
		return true;
	};

	write(width - 3, 'now');
	if (samples < 2) {
		return cells.join('');
	}

	const first = timeAt(timeline, 0);
	const last = timeAt(timeline, samples - 1);
	// Each sample stands for the interval before it: 900 samples at 1 s cover 15m.
	const span = ((last - first) * samples) / (samples - 1);
	const leftColumn = axis.starts.findIndex((start, c) => c < width && start < axis.starts[c + 1]!);
	const left = `-${agoText(span)}`;
	if (!write(leftColumn, left)) {
		// Too few samples to put it under the first: just left of `now`.
		write(width - 5 - left.length, left);
	}

	const room = Math.max(1, Math.floor(width / 9));
	const step = labelSteps.find(s => span / s <= room) ?? labelSteps.at(-1)!;
	// Round times, none so close to the left edge that it crowds the window's own label.
	for (let ago = step; ago <= span - (step / 2); ago += step) {
		const column = columnAt(axis, last - ago);
		if (column !== undefined) {
			write(column, `-${agoText(ago)}`);
		}
	}

	return cells.join('');
}
