// `--json --view history`: the whole window as compact series — plain arrays
// of numbers, oldest first, all of the same length and aligned on one time
// base (start + i × step), null where a series had no value (a VF queue
// before the VF came back). Rates are rounded to what a figure can mean.
import {timeAt, valueAt, windowLength, type Series} from '../stats/series.js';
import {deviceFigures, deviceSeries, groupKeys, keyedSeries, type KeyedGroup, type Timeline} from '../stats/timeline.js';

/** Whole numbers for rates of 100/s and above; three decimals below (imbalance, shares, small rates). */
const compact = (value: number): number | null => {
	if (Number.isNaN(value)) {
		return null;
	}

	return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
};

function values(timeline: Timeline, series: Series): Array<number | null> {
	const out = new Array<number | null>(windowLength(timeline));
	for (let i = 0; i < out.length; i++) {
		out[i] = compact(valueAt(timeline, series, i));
	}

	return out;
}

function group(timeline: Timeline, name: KeyedGroup): Record<string, Array<number | null>> {
	return Object.fromEntries(groupKeys(timeline, name).map(key => [String(key), values(timeline, keyedSeries(timeline, name, key)!)]));
}

/** The usual spacing of the samples (the interval): the median, so one late read does not shift it. */
function medianStep(timeline: Timeline): number {
	const n = windowLength(timeline);
	const steps = Array.from({length: Math.max(0, n - 1)}, (_, i) => timeAt(timeline, i + 1) - timeAt(timeline, i)).sort((a, b) => a - b);
	return steps.length > 0 ? Math.round(steps[Math.floor(steps.length / 2)]!) : 0;
}

/** Sample times, when they are not evenly spaced (a pause, a slow read): then `at` gives each. */
function times(timeline: Timeline, step: number): number[] | undefined {
	const n = windowLength(timeline);
	const at = Array.from({length: n}, (_, i) => timeAt(timeline, i));
	const even = at.every((t, i) => Math.abs(t - (at[0]! + (i * step))) <= Math.max(1, step / 10));
	return even ? undefined : at.map(t => Math.round(t));
}

export function historyJson(timeline: Timeline | undefined): Record<string, unknown> {
	const n = timeline ? windowLength(timeline) : 0;
	if (!timeline || n === 0) {
		return {samples: 0};
	}

	const start = timeAt(timeline, 0);
	const step = medianStep(timeline);
	const at = times(timeline, step);
	const device = Object.fromEntries(deviceFigures.flatMap(figure => {
		const series = deviceSeries(timeline, figure);
		return series && figure !== 'resets' ? [[figure, values(timeline, series)]] : [];
	}));
	const resets = deviceSeries(timeline, 'resets');
	const vf = groupKeys(timeline, 'vfRx').length > 0 || groupKeys(timeline, 'vfTx').length > 0;
	return {
		samples: n,
		// Ms of hvtop's clock (the model's time, or monotonic); the last sample is the reading of this line.
		start: Math.round(start),
		step,
		...(at ? {at} : {}),
		device,
		// Samples (indexes) before which the queues were re-created: a channel or ring change.
		resets: resets ? Array.from({length: n}, (_, i) => i).filter(i => valueAt(timeline, resets, i) > 0) : [],
		queues: {rx: group(timeline, 'rx'), tx: group(timeline, 'tx')},
		...(vf ? {vfQueues: {rx: group(timeline, 'vfRx'), tx: group(timeline, 'vfTx')}} : {}),
		cpus: group(timeline, 'cpu'),
	};
}
