// "Did my change help?": the device's figures in the minute before a change
// was applied against the seconds since, from the rate history. The first
// seconds after the apply are left out: the driver re-creates its queues, the
// counters restart and the rates are not yet the new steady state.
import {samplesBetween, type HistorySample, type RateHistory} from './history.js';
import {formatSi} from '../format.js';

export type Figures = {
	/** Seconds the samples cover. */
	readonly seconds: number;
	readonly imbalance: number;
	/** Every packet of the device (synthetic and VF, rx and tx) per second. */
	readonly pps: number;
	/** Driver error counters (the VF's too) rising, per second. */
	readonly errorsPerSec: number;
	/** The busiest CPU's softirq share (0…1) on average, where CPU time was measured in the window. */
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

	const mean = (key: 'imbalance' | 'allPps' | 'errorsPerSec') => samples.reduce((sum, s) => sum + s[key], 0) / samples.length;
	const measured = samples.flatMap(s => (s.busiestSoftirq === undefined ? [] : [s.busiestSoftirq]));
	return {
		seconds: Math.round((to - from) / 1000),
		imbalance: mean('imbalance'),
		pps: mean('allPps'),
		errorsPerSec: mean('errorsPerSec'),
		...(measured.length > 0 ? {busiestSoftirq: measured.reduce((sum, share) => sum + share, 0) / measured.length} : {}),
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

/** ", busiest CPU softirq 100 % → 41 %" where either window measured CPU time, else nothing. */
function softirqText(before: Figures, after: Figures): string {
	return before.busiestSoftirq === undefined && after.busiestSoftirq === undefined
		? ''
		: `, busiest CPU softirq ${percent(before.busiestSoftirq)} → ${percent(after.busiestSoftirq)}`;
}

/** "before (60 s) → since (12 s): imbalance 2.31× → 1.05×, 951k → 953k pps, errors 133k/s → 0/s, busiest CPU softirq 100 % → 41 %" */
export function beforeAfterText({before, after}: BeforeAfter): string {
	return `before (${before.seconds} s) → since (${after.seconds} s): imbalance ${before.imbalance.toFixed(2)}× → ${after.imbalance.toFixed(2)}×, `
		+ `${formatSi(before.pps)} → ${formatSi(after.pps)} pps, errors ${rate(before.errorsPerSec)} → ${rate(after.errorsPerSec)}${softirqText(before, after)}`;
}
