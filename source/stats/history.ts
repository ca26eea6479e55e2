// Short per-device history for sparklines: fixed-capacity rings, so memory is
// bounded by capacity × (queues + 3) numbers however long hvtop runs.
// Mutated in place (one push per second per device, up to 64 queues): cheap,
// and `version` changes on every sample so a UI can memoise on it.
import type {DeviceRates} from './rates.js';
import {allPpsOf, busiestSoftirqOf, dropsOf, errorsOf} from './device-figures.js';
import {clearTimeline, createTimeline, pushTimeline, type Timeline} from './timeline.js';

export const defaultHistoryCapacity = 60;

/** The device's own figures (not per queue) go back further: 15 minutes at 1 s, for before/after a change. */
export const deviceHistoryCapacity = 900;

type Ring = {
	readonly values: Float64Array;
	start: number;
	length: number;
	/** The sample (version) that last pushed here: rings a sample did not reach are dropped. */
	sample: number;
};

/** A series as stored: read it oldest first with sampleAt, no copy; it changes with the next push. */
export type StoredSeries = {readonly length: number};

export type RateHistory = {
	readonly capacity: number;
	/** The device the samples belong to; undefined until the first push. */
	readonly device: string | undefined;
	/** Incremented on every sample taken. */
	readonly version: number;
};

type State = RateHistory & {
	device: string | undefined;
	version: number;
	/** A re-creation was seen in a reading kept out of the history: the next sample carries the mark. */
	resetSeen: boolean;
	readonly imbalance: Ring;
	readonly totalRxPps: Ring;
	readonly totalRxBps: Ring;
	/** 0…1 of the device's packets that went through its VF (the VF's own queues when read, else its vf_* totals). */
	readonly vfShare: Ring;
	/** When each sample was taken (the snapshot's time, ms), for windows before and after a change. */
	readonly at: Ring;
	/** The imbalance figure again, as far back as `at`. */
	readonly imbalanceLong: Ring;
	/** 1 where the queues were re-created (a channel or ring change): the history view marks it. */
	readonly reset: Ring;
	/** Every packet of the device per second: synthetic queues and VF, rx and tx. */
	readonly allPps: Ring;
	/** The driver's error counters (the VF's too) rising, per second in all. */
	readonly errorsPerSec: Ring;
	/** The highest softirq share (0…1) of any CPU; -1 where no CPU's time was measured. */
	readonly busiestSoftirq: Ring;
	/** Packets dropped per second (before-after.ts dropsOf). */
	readonly dropsPerSec: Ring;
	readonly rxPps: Map<number, Ring>;
	readonly rxBps: Map<number, Ring>;
	/** Per queue, VF queue and CPU, and the device's figures, for the history view (timeline.ts). */
	readonly timeline: Timeline;
};

export type RateUnit = 'pps' | 'bps';

const ring = (capacity: number): Ring => ({values: new Float64Array(capacity), start: 0, length: 0, sample: 0});

function push(r: Ring, value: number): void {
	const capacity = r.values.length;
	const x = Number.isFinite(value) ? value : 0;
	if (r.length < capacity) {
		r.values[(r.start + r.length) % capacity] = x;
		r.length++;
	} else {
		// Full: overwrite the oldest.
		r.values[r.start] = x;
		r.start = (r.start + 1) % capacity;
	}
}

function series(r: Ring | undefined): number[] {
	if (!r) {
		return [];
	}

	const out = new Array<number>(r.length);
	for (let i = 0; i < r.length; i++) {
		out[i] = r.values[(r.start + i) % r.values.length] ?? 0;
	}

	return out;
}

function clear(r: Ring): void {
	r.start = 0;
	r.length = 0;
}

const state = (history: RateHistory): State => history as State;

/** Pushes one queue's value, creating its ring when new; 1 when this is the queue's first value of the sample. */
function pushQueue(rings: Map<number, Ring>, index: number, value: number, sample: number, capacity: number): number {
	let r = rings.get(index);
	if (!r) {
		r = ring(capacity);
		rings.set(index, r);
	}

	push(r, value);
	const first = r.sample === sample ? 0 : 1;
	r.sample = sample;
	return first;
}

function dropUnsampled(rings: Map<number, Ring>, sample: number): void {
	for (const [index, r] of rings) {
		if (r.sample !== sample) {
			rings.delete(index);
		}
	}
}

/** An empty history holding at most `capacity` samples (at least 1) per series. */
export function createHistory(capacity = defaultHistoryCapacity): RateHistory {
	const n = Number.isFinite(capacity) ? Math.max(1, Math.floor(capacity)) : defaultHistoryCapacity;
	const s: State = {
		capacity: n,
		device: undefined,
		version: 0,
		resetSeen: false,
		imbalance: ring(n),
		totalRxPps: ring(n),
		totalRxBps: ring(n),
		vfShare: ring(n),
		at: ring(deviceHistoryCapacity),
		imbalanceLong: ring(deviceHistoryCapacity),
		reset: ring(deviceHistoryCapacity),
		allPps: ring(deviceHistoryCapacity),
		errorsPerSec: ring(deviceHistoryCapacity),
		busiestSoftirq: ring(deviceHistoryCapacity),
		dropsPerSec: ring(deviceHistoryCapacity),
		rxPps: new Map(),
		rxBps: new Map(),
		timeline: createTimeline(),
	};
	return s;
}

/** The VF's part of the device's packets in this interval; 0 without a VF or traffic. */
function vfShareOf(rates: DeviceRates): number {
	const vf = rates.vfDevice?.totals ?? rates.vf;
	const vfPackets = vf ? vf.rxPps + vf.txPps : 0;
	const all = vfPackets + rates.totals.rxPps + rates.totals.txPps;
	return all > 0 ? vfPackets / all : 0;
}

/** The device's queues were re-created (a reading left out of the history): the next sample is marked. */
export function markReset(history: RateHistory): void {
	state(history).resetSeen = true;
}

/** One sample's figures, for before/after windows. */
export type HistorySample = {
	readonly at: number;
	readonly imbalance: number;
	readonly allPps: number;
	readonly errorsPerSec: number;
	readonly dropsPerSec: number;
	/** The busiest CPU's softirq share (0…1); absent where no CPU's time was measured. */
	readonly busiestSoftirq?: number;
	readonly reset: boolean;
};

/** The samples taken in (from, to], oldest first. */
export function samplesBetween(history: RateHistory, from: number, to: number): HistorySample[] {
	const s = state(history);
	const out: HistorySample[] = [];
	for (let i = 0; i < s.at.length; i++) {
		const at = sampleAt(s.at, i);
		if (at > from && at <= to) {
			const busiest = sampleAt(s.busiestSoftirq, i);
			out.push({
				at, imbalance: sampleAt(s.imbalanceLong, i), allPps: sampleAt(s.allPps, i), errorsPerSec: sampleAt(s.errorsPerSec, i), dropsPerSec: sampleAt(s.dropsPerSec, i),
				...(busiest >= 0 ? {busiestSoftirq: busiest} : {}), reset: sampleAt(s.reset, i) > 0,
			});
		}
	}

	return out;
}

/**
 * Appends one sample of `rates` and returns the same history. Rates of another
 * device start the history over; rates with no interval (the first snapshot)
 * carry no information and are not sampled. Queues absent from `rates` are
 * dropped; a queue seen for the first time starts with an empty series, so
 * series of different queues may differ in length (align them on the right).
 * A channel change (rates.reset) keeps the series of queue indexes that still
 * exist: to the admin, queue 0 before and after is still queue 0.
 * `at` places the sample on the timeline when it is not rates.at (a device read
 * in the background fills the intervals it was not read in).
 */
export function pushRates(history: RateHistory, rates: DeviceRates, options: {readonly at?: number} = {}): RateHistory {
	const s = state(history);
	if (s.device !== rates.name) {
		s.device = rates.name;
		clear(s.imbalance);
		clear(s.totalRxPps);
		clear(s.totalRxBps);
		clear(s.vfShare);
		clear(s.at);
		clear(s.imbalanceLong);
		clear(s.reset);
		clear(s.allPps);
		clear(s.errorsPerSec);
		clear(s.busiestSoftirq);
		clear(s.dropsPerSec);
		s.rxPps.clear();
		s.rxBps.clear();
		clearTimeline(s.timeline);
	}

	if (!(rates.elapsedSeconds > 0)) {
		return history;
	}

	const sample = s.version + 1;
	let queues = 0;
	for (const q of rates.queues) {
		queues += pushQueue(s.rxPps, q.index, q.rxPps, sample, s.capacity);
		pushQueue(s.rxBps, q.index, q.rxBps, sample, s.capacity);
	}

	// Only when some queue went away: no walk over the rings every second.
	if (s.rxPps.size > queues) {
		dropUnsampled(s.rxPps, sample);
		dropUnsampled(s.rxBps, sample);
	}

	push(s.imbalance, rates.imbalance);
	push(s.totalRxPps, rates.totals.rxPps);
	push(s.totalRxBps, rates.totals.rxBps);
	push(s.vfShare, vfShareOf(rates));
	push(s.at, options.at ?? rates.at);
	push(s.imbalanceLong, rates.imbalance);
	push(s.reset, rates.reset || s.resetSeen ? 1 : 0);
	pushTimeline(s.timeline, rates, options.at ?? rates.at, rates.reset || s.resetSeen);
	s.resetSeen = false;
	push(s.allPps, allPpsOf(rates));
	push(s.errorsPerSec, errorsOf(rates));
	push(s.busiestSoftirq, busiestSoftirqOf(rates));
	push(s.dropsPerSec, dropsOf(rates));
	s.version++;
	return history;
}

/** A queue's rx rate, oldest first; [] for a queue not tracked. */
export function queueSeries(history: RateHistory, index: number, unit: RateUnit = 'pps'): number[] {
	const s = state(history);
	return series((unit === 'pps' ? s.rxPps : s.rxBps).get(index));
}

/** A queue's rx rate as stored, without the copy queueSeries makes; undefined for a queue not tracked. */
export function storedQueueSeries(history: RateHistory, index: number, unit: RateUnit = 'pps'): StoredSeries | undefined {
	const s = state(history);
	return (unit === 'pps' ? s.rxPps : s.rxBps).get(index);
}

/** The i-th value (0 = oldest) of a stored series; what queueSeries(…)[i] gives. */
export function sampleAt(series: StoredSeries, i: number): number {
	const r = series as Ring;
	return r.values[(r.start + i) % r.values.length] ?? 0;
}

/** The device's imbalance figure, oldest first. */
export function imbalanceSeries(history: RateHistory): number[] {
	return series(state(history).imbalance);
}

/** The device's total (synthetic) rx rate, oldest first. */
export function totalSeries(history: RateHistory, unit: RateUnit = 'pps'): number[] {
	const s = state(history);
	return series(unit === 'pps' ? s.totalRxPps : s.totalRxBps);
}

/** Queue indexes with a series, ascending. */
export function historyQueues(history: RateHistory): number[] {
	return [...state(history).rxPps.keys()].sort((a, b) => a - b);
}

/** The VF's share of the device's packets, oldest first (0…1). */
export function vfShareSeries(history: RateHistory): number[] {
	return series(state(history).vfShare);
}

/** The long history (15 minutes of queues, CPUs and device figures) the history view draws. */
export const timelineOf = (history: RateHistory): Timeline => state(history).timeline;

/** Samples the short series hold (the sparklines' real span, in intervals). */
export const historyLength = (history: RateHistory): number => state(history).imbalance.length;
