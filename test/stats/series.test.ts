// The aligned ring series under the history: a column is one moment in every
// series, gaps are NaN, a series with no value for a whole window goes, and a
// full window allocates nothing more.
import test from 'ava';
import {
	beginSample, createSeriesSet, endSample, record, seriesMean, timeAt, valueAt, windowLength, type SeriesSet,
} from '../../source/stats/series.js';

type Group = 'q';

function sample(set: SeriesSet<Group>, at: number, values: Record<number, number>): void {
	beginSample(set, at);
	for (const [key, value] of Object.entries(values)) {
		record(set, 'q', Number(key), value);
	}

	endSample(set);
}

const read = (set: SeriesSet<Group>, key: number): number[] => {
	const s = set.groups.get('q')!.get(key);
	return s ? Array.from({length: windowLength(set)}, (_, i) => valueAt(set, s, i)) : [];
};

test('the window keeps the last `capacity` samples, oldest first, with their times', t => {
	const set = createSeriesSet<Group>(4, ['q']);
	for (let i = 1; i <= 10; i++) {
		sample(set, i * 1000, {0: i});
	}

	t.is(windowLength(set), 4);
	t.deepEqual(read(set, 0), [7, 8, 9, 10]);
	t.deepEqual([0, 1, 2, 3].map(i => timeAt(set, i)), [7000, 8000, 9000, 10_000]);
});

test('a key seen later has gaps before it; one missing in a sample has a gap there', t => {
	const set = createSeriesSet<Group>(5, ['q']);
	sample(set, 1, {0: 1});
	sample(set, 2, {0: 2, 1: 20});
	sample(set, 3, {1: 30});
	sample(set, 4, {0: 4, 1: 40});
	t.deepEqual(read(set, 0), [1, 2, Number.NaN, 4]);
	t.deepEqual(read(set, 1), [Number.NaN, 20, 30, 40]);
	// Gaps are left out of the mean.
	t.is(seriesMean(set, set.groups.get('q')!.get(0)!), 7 / 3);
});

test('a gap is written over the old value of its slot once the ring wraps', t => {
	const set = createSeriesSet<Group>(3, ['q']);
	sample(set, 1, {0: 1, 1: 10});
	sample(set, 2, {0: 2, 1: 20});
	sample(set, 3, {0: 3, 1: 30});
	sample(set, 4, {0: 4});
	t.deepEqual(read(set, 1), [20, 30, Number.NaN]);
});

test('a series with no value for a whole window is dropped; it comes back empty', t => {
	const set = createSeriesSet<Group>(3, ['q']);
	sample(set, 1, {0: 1, 1: 10});
	sample(set, 2, {0: 2});
	sample(set, 3, {0: 3});
	t.true(set.groups.get('q')!.has(1), 'its value is still in the window');
	sample(set, 4, {0: 4});
	t.false(set.groups.get('q')!.has(1), 'aged out');
	sample(set, 5, {0: 5, 1: 50});
	t.deepEqual(read(set, 1), [Number.NaN, Number.NaN, 50]);
});

test('non-finite values are stored as 0, not as gaps', t => {
	const set = createSeriesSet<Group>(3, ['q']);
	sample(set, 1, {0: Number.POSITIVE_INFINITY});
	t.deepEqual(read(set, 0), [0]);
});

test('once the window is full, samples reuse the same arrays', t => {
	const set = createSeriesSet<Group>(10, ['q']);
	for (let i = 0; i < 10; i++) {
		sample(set, i, {0: i, 1: i});
	}

	const arrays = [...set.groups.get('q')!.values()].map(s => s.values);
	for (let i = 10; i < 1000; i++) {
		sample(set, i, {0: i, 1: i});
	}

	t.deepEqual([...set.groups.get('q')!.values()].map(s => s.values), arrays);
	t.true([...set.groups.get('q')!.values()].every((s, i) => s.values === arrays[i]));
	t.is(set.at.length, 10);
});
