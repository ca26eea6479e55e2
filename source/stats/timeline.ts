// The long history behind the history view: per queue (rx and tx, synthetic
// and VF), per CPU, the device's totals and imbalance, one sample per interval
// for the last 900 samples (15 minutes at 1 s), in aligned ring series
// (series.ts): memory is fixed by the number of queues and CPUs, never by how
// long hvtop runs. Queues and CPUs that appear later get a series from then
// on; those that vanish (the VF removed by host servicing) keep theirs until
// their last value ages out of the window.
import type {DeviceRates} from './rates.js';
import {allPpsOf, errorsOf, vfTotalsOf} from './device-figures.js';
import {
	beginSample, clearSeriesSet, createSeriesSet, endSample, record, seriesMean, windowLength, type Series, type SeriesSet,
} from './series.js';

/** 15 minutes at the default 1 s interval. */
export const timelineCapacity = 900;

/** Per-key groups: queue or CPU number → its series. */
export type KeyedGroup = 'rx' | 'tx' | 'vfRx' | 'vfTx' | 'cpu';

/** The device's own figures, one series each (key 0 of their group). */
export const deviceFigures = ['pps', 'rxPps', 'txPps', 'rxBps', 'txBps', 'vfPps', 'errorsPerSec', 'imbalance', 'vfImbalance', 'resets'] as const;
export type DeviceFigure = typeof deviceFigures[number];

type Group = KeyedGroup | DeviceFigure;

export type Timeline = SeriesSet<Group>;

const keyedGroups: readonly KeyedGroup[] = ['rx', 'tx', 'vfRx', 'vfTx', 'cpu'];

export function createTimeline(capacity = timelineCapacity): Timeline {
	return createSeriesSet<Group>(Math.max(2, Math.floor(capacity) || timelineCapacity), [...keyedGroups, ...deviceFigures]);
}

export const clearTimeline = (timeline: Timeline): void => {
	clearSeriesSet(timeline);
};

/**
 * One sample of `rates`, taken at `at`. `reset`: the queues were re-created
 * since the previous sample (a channel or ring change). Every second for up to
 * 64 queues, a VF and 64 CPUs: it writes into the series and allocates nothing.
 */
export function pushTimeline(timeline: Timeline, rates: DeviceRates, at: number, reset: boolean): void {
	beginSample(timeline, at);
	for (const q of rates.queues) {
		record(timeline, 'rx', q.index, q.rxPps);
		record(timeline, 'tx', q.index, q.txPps);
	}

	for (const q of rates.vfDevice?.queues ?? []) {
		record(timeline, 'vfRx', q.index, q.rxPps);
		record(timeline, 'vfTx', q.index, q.txPps);
	}

	for (const c of rates.cpus) {
		record(timeline, 'cpu', c.cpu, c.rxPps + c.txPps);
	}

	const vf = vfTotalsOf(rates);
	record(timeline, 'pps', 0, allPpsOf(rates));
	record(timeline, 'rxPps', 0, rates.totals.rxPps);
	record(timeline, 'txPps', 0, rates.totals.txPps);
	record(timeline, 'rxBps', 0, rates.totals.rxBps);
	record(timeline, 'txBps', 0, rates.totals.txBps);
	record(timeline, 'vfPps', 0, vf ? vf.rxPps + vf.txPps : 0);
	record(timeline, 'errorsPerSec', 0, errorsOf(rates));
	record(timeline, 'imbalance', 0, rates.imbalance);
	// A device without a VF read through its driver has no VF imbalance: a gap, not 0.
	if (rates.vfDevice) {
		record(timeline, 'vfImbalance', 0, rates.vfDevice.imbalance);
	}

	record(timeline, 'resets', 0, reset ? 1 : 0);
	endSample(timeline);
}

/** A device figure's series; undefined before any sample (or, for vfImbalance, without a VF). */
export const deviceSeries = (timeline: Timeline, figure: DeviceFigure): Series | undefined => timeline.groups.get(figure)!.get(0);

/** Keys of a group with a series in the window, ascending. */
export const groupKeys = (timeline: Timeline, group: KeyedGroup): number[] => [...timeline.groups.get(group)!.keys()].sort((a, b) => a - b);

export const keyedSeries = (timeline: Timeline, group: KeyedGroup, key: number): Series | undefined => timeline.groups.get(group)!.get(key);

/** Samples in the window. */
export const timelineLength = (timeline: Timeline): number => windowLength(timeline);

export type Ranked = {readonly key: number; readonly mean: number; readonly series: readonly Series[]};

/**
 * The keys of the groups (e.g. rx and tx of the same queues) busiest first, by
 * the sum of their means over the window; ties by key. The view shows the first
 * few: 64 queues do not fit 24 lines, the busy ones are what a change moves.
 */
export function busiest(timeline: Timeline, groups: readonly KeyedGroup[]): Ranked[] {
	const byKey = new Map<number, {mean: number; series: Series[]}>();
	for (const group of groups) {
		for (const [key, s] of timeline.groups.get(group)!) {
			const entry = byKey.get(key) ?? {mean: 0, series: []};
			entry.mean += seriesMean(timeline, s);
			entry.series.push(s);
			byKey.set(key, entry);
		}
	}

	return [...byKey].map(([key, {mean, series}]) => ({key, mean, series})).sort((a, b) => b.mean - a.mean || a.key - b.key);
}
