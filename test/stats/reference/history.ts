// history.ts as of c8f0174, before its rings were read in place and vanished
// queues dropped by a per-sample mark: the oracle test/ui/sparkline-same-as-before.test.ts
// holds source/stats/history.ts to. Kept (issue 14): it alone caught sampleAt
// forgetting that the ring wraps, a queue listed twice in one sample keeping a
// vanished queue alive, the bps total not cleared for another device, and
// historyQueues unsorted; the direct tests passed all of them.
// Short per-device history for sparklines: fixed-capacity rings, so memory is
// bounded by capacity × (queues + 3) numbers however long hvtop runs.
// Mutated in place (one push per second per device, up to 64 queues): cheap,
// and `version` changes on every sample so a UI can memoise on it.
import type {DeviceRates} from './rates.js';

export const defaultHistoryCapacity = 60;

type Ring = {readonly values: Float64Array; start: number; length: number};

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
	readonly imbalance: Ring;
	readonly totalRxPps: Ring;
	readonly totalRxBps: Ring;
	readonly rxPps: Map<number, Ring>;
	readonly rxBps: Map<number, Ring>;
};

export type RateUnit = 'pps' | 'bps';

const ring = (capacity: number): Ring => ({values: new Float64Array(capacity), start: 0, length: 0});

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

/** An empty history holding at most `capacity` samples (at least 1) per series. */
export function createHistory(capacity = defaultHistoryCapacity): RateHistory {
	const n = Number.isFinite(capacity) ? Math.max(1, Math.floor(capacity)) : defaultHistoryCapacity;
	const s: State = {
		capacity: n,
		device: undefined,
		version: 0,
		imbalance: ring(n),
		totalRxPps: ring(n),
		totalRxBps: ring(n),
		rxPps: new Map(),
		rxBps: new Map(),
	};
	return s;
}

/**
 * Appends one sample of `rates` and returns the same history. Rates of another
 * device start the history over; rates with no interval (the first snapshot)
 * carry no information and are not sampled. Queues absent from `rates` are
 * dropped; a queue seen for the first time starts with an empty series, so
 * series of different queues may differ in length (align them on the right).
 * A channel change (rates.reset) keeps the series of queue indexes that still
 * exist: to the admin, queue 0 before and after is still queue 0.
 */
export function pushRates(history: RateHistory, rates: DeviceRates): RateHistory {
	const s = state(history);
	if (s.device !== rates.name) {
		s.device = rates.name;
		clear(s.imbalance);
		clear(s.totalRxPps);
		clear(s.totalRxBps);
		s.rxPps.clear();
		s.rxBps.clear();
	}

	if (!(rates.elapsedSeconds > 0)) {
		return history;
	}

	const present = new Set(rates.queues.map(q => q.index));
	for (const map of [s.rxPps, s.rxBps]) {
		for (const index of map.keys()) {
			if (!present.has(index)) {
				map.delete(index);
			}
		}
	}

	for (const q of rates.queues) {
		for (const [map, value] of [[s.rxPps, q.rxPps], [s.rxBps, q.rxBps]] as const) {
			let r = map.get(q.index);
			if (!r) {
				r = ring(s.capacity);
				map.set(q.index, r);
			}

			push(r, value);
		}
	}

	push(s.imbalance, rates.imbalance);
	push(s.totalRxPps, rates.totals.rxPps);
	push(s.totalRxBps, rates.totals.rxBps);
	s.version++;
	return history;
}

/** A queue's rx rate, oldest first; [] for a queue not tracked. */
export function queueSeries(history: RateHistory, index: number, unit: RateUnit = 'pps'): number[] {
	const s = state(history);
	return series((unit === 'pps' ? s.rxPps : s.rxBps).get(index));
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
