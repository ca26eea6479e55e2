// "Did my change help?": the device's figures in the minute before a change
// was applied against the seconds since, from the rate history. The first
// seconds after the apply are left out: the driver re-creates its queues, the
// counters restart and the rates are not yet the new steady state.
import {samplesBetween, type HistorySample, type RateHistory} from './history.js';
import type {DeviceRates} from './rates.js';
import {allPpsOf, busiestSoftirqOf, dropsOf, errorsOf} from './device-figures.js';
import {formatSi} from '../format.js';

export type Figures = {
	/** Seconds the samples cover. */
	readonly seconds: number;
	readonly imbalance: number;
	/** Every packet of the device (synthetic and VF, rx and tx) per second. */
	readonly pps: number;
	/** Driver error counters (the VF's too) rising, per second. */
	readonly errorsPerSec: number;
	/** Packets dropped per second: the VF's drop counters and the CPUs' softnet backlog drops. */
	readonly dropsPerSec: number;
	/** The busiest CPU's softirq share (0…1) on average, where CPU time was measured (/proc/stat). */
	readonly busiestSoftirq?: number;
};

export type BeforeAfter = {readonly before: Figures; readonly after: Figures};

/** The minute before; the settle time after the apply left out of "since". */
export const beforeWindowMs = 60_000;
export const settleMs = 2000;

function average(samples: readonly HistorySample[], from: number, to: number): Figures | undefined {
	if (samples.length === 0) {
		return undefined;
	}

	const mean = (key: 'imbalance' | 'allPps' | 'errorsPerSec' | 'dropsPerSec') => samples.reduce((sum, s) => sum + s[key], 0) / samples.length;
	const measured = samples.flatMap(s => (s.busiestSoftirq === undefined ? [] : [s.busiestSoftirq]));
	return {
		seconds: Math.round((to - from) / 1000),
		imbalance: mean('imbalance'),
		pps: mean('allPps'),
		errorsPerSec: mean('errorsPerSec'),
		dropsPerSec: mean('dropsPerSec'),
		...(measured.length > 0 ? {busiestSoftirq: measured.reduce((sum, share) => sum + share, 0) / measured.length} : {}),
	};
}

/** One interval's figures (what `hvtop set` measures before and after a change): the same sums the history keeps. */
export function figuresOf(rates: DeviceRates): Figures {
	const softirq = busiestSoftirqOf(rates);
	return {
		seconds: Math.round(rates.elapsedSeconds),
		imbalance: rates.imbalance,
		pps: allPpsOf(rates),
		errorsPerSec: errorsOf(rates),
		dropsPerSec: dropsOf(rates),
		...(softirq >= 0 ? {busiestSoftirq: softirq} : {}),
	};
}

/** Undefined until both windows have a sample (right after the apply, "since" has none). */
export function beforeAfter(history: RateHistory, appliedAt: number, now: number): BeforeAfter | undefined {
	const beforeSamples = samplesBetween(history, appliedAt - beforeWindowMs, appliedAt);
	const afterSamples = samplesBetween(history, appliedAt + settleMs, now);
	const before = average(beforeSamples, Math.max(appliedAt - beforeWindowMs, (beforeSamples[0]?.at ?? appliedAt) - 1000), appliedAt);
	const after = average(afterSamples, appliedAt + settleMs, afterSamples.at(-1)?.at ?? now);
	return before && after ? {before, after} : undefined;
}

const rate = (value: number): string => (value >= 0.05 ? `${formatSi(value)}/s` : '0/s');

const percent = (share: number | undefined): string => (share === undefined ? '-' : `${Math.round(share * 100)} %`);

/**
 * "before (60 s) → since (12 s): imbalance 2.31× → 1.05×, 951k → 953k pps, drops 0/s → 0/s, errors 133k/s → 0/s,
 * busiest CPU softirq 100 % → 41 %" (the last where either side measured CPU time). `afterWord`: "since" while
 * the change is still measured (the dashboard), "after" for a finished measurement (`hvtop set`).
 */
export function beforeAfterText({before, after}: BeforeAfter, afterWord = 'since'): string {
	// No claim about softirq without /proc/stat; "-" for a window that had none.
	const cpu = before.busiestSoftirq === undefined && after.busiestSoftirq === undefined
		? ''
		: `, busiest CPU softirq ${percent(before.busiestSoftirq)} → ${percent(after.busiestSoftirq)}`;
	return `before (${before.seconds} s) → ${afterWord} (${after.seconds} s): imbalance ${before.imbalance.toFixed(2)}× → ${after.imbalance.toFixed(2)}×, `
		+ `${formatSi(before.pps)} → ${formatSi(after.pps)} pps, drops ${rate(before.dropsPerSec)} → ${rate(after.dropsPerSec)}, `
		+ `errors ${rate(before.errorsPerSec)} → ${rate(after.errorsPerSec)}${cpu}`;
}

/** The pair as `--json` and the journal carry it: rates rounded to what a script compares. */
export function figuresJson(figures: Figures): Figures {
	const round = (value: number, places: number) => Number(value.toFixed(places));
	return {
		seconds: figures.seconds,
		imbalance: round(figures.imbalance, 3),
		pps: Math.round(figures.pps),
		errorsPerSec: round(figures.errorsPerSec, 1),
		dropsPerSec: round(figures.dropsPerSec, 1),
		...(figures.busiestSoftirq === undefined ? {} : {busiestSoftirq: round(figures.busiestSoftirq, 3)}),
	};
}
