// Ring series aligned on one sample clock: every series of a set holds the
// same last `capacity` samples, slot = sample number % capacity, so a column
// means the same moment in all of them. Each series is one preallocated
// Float64Array: no object per sample, and once the window is full nothing
// more is allocated. A series missing from a sample holds NaN there (a gap);
// one missing for a whole window (a VF queue after the VF went away) is
// dropped, one seen for the first time starts with gaps before it.

export type Series = {
	readonly values: Float64Array;
	/** The last sample that recorded a value here. */
	last: number;
};

export type SeriesSet<Group extends string> = {
	readonly capacity: number;
	/** Samples begun so far; the current one is count - 1. */
	count: number;
	/** When each sample was taken (ms of the caller's clock). */
	readonly at: Float64Array;
	readonly groups: ReadonlyMap<Group, Map<number, Series>>;
	/** Series that recorded a value in the current sample, to skip the gap walk when none is missing. */
	recorded: number;
};

export function createSeriesSet<Group extends string>(capacity: number, groups: readonly Group[]): SeriesSet<Group> {
	return {
		capacity,
		count: 0,
		at: new Float64Array(capacity),
		groups: new Map(groups.map(group => [group, new Map<number, Series>()])),
		recorded: 0,
	};
}

/** Forgets every sample and series (another device). */
export function clearSeriesSet(set: SeriesSet<string>): void {
	set.count = 0;
	set.recorded = 0;
	for (const series of set.groups.values()) {
		series.clear();
	}
}

/** Samples in the window: min(count, capacity). */
export const windowLength = (set: SeriesSet<string>): number => Math.min(set.count, set.capacity);

/** The slot of the i-th sample of the window (0 = oldest). */
export const slotOf = (set: SeriesSet<string>, i: number): number => (set.count - windowLength(set) + i) % set.capacity;

/** Starts a sample taken at `at`; record its values, then endSample. */
export function beginSample(set: SeriesSet<string>, at: number): void {
	set.at[set.count % set.capacity] = at;
	set.count++;
	set.recorded = 0;
}

/** One value of the current sample; a key seen for the first time gets its series (gaps before now). */
export function record<Group extends string>(set: SeriesSet<Group>, group: Group, key: number, value: number): void {
	const series = set.groups.get(group)!;
	let s = series.get(key);
	const sample = set.count - 1;
	if (!s) {
		s = {values: new Float64Array(set.capacity).fill(Number.NaN), last: -1};
		series.set(key, s);
	}

	if (s.last !== sample) {
		set.recorded++;
	}

	s.values[sample % set.capacity] = Number.isFinite(value) ? value : 0;
	s.last = sample;
}

/** Marks the current sample a gap in every series it did not reach; drops those that have had no value for a whole window. */
export function endSample(set: SeriesSet<string>): void {
	let total = 0;
	for (const series of set.groups.values()) {
		total += series.size;
	}

	if (total === set.recorded) {
		return;
	}

	const sample = set.count - 1;
	const slot = sample % set.capacity;
	for (const series of set.groups.values()) {
		for (const [key, s] of series) {
			if (s.last === sample) {
				continue;
			}

			if (sample - s.last >= set.capacity) {
				series.delete(key);
			} else {
				s.values[slot] = Number.NaN;
			}
		}
	}
}

/** The i-th value of the window (0 = oldest); NaN where the series had no value. */
export const valueAt = (set: SeriesSet<string>, s: Series, i: number): number => s.values[slotOf(set, i)] ?? Number.NaN;

/** The time of the i-th sample of the window. */
export const timeAt = (set: SeriesSet<string>, i: number): number => set.at[slotOf(set, i)] ?? Number.NaN;

/** The mean of a series' values over the window, gaps left out (0 when it has none). */
export function seriesMean(set: SeriesSet<string>, s: Series): number {
	let sum = 0;
	let n = 0;
	for (let i = 0; i < windowLength(set); i++) {
		const value = valueAt(set, s, i);
		if (!Number.isNaN(value)) {
			sum += value;
			n++;
		}
	}

	return n > 0 ? sum / n : 0;
}
