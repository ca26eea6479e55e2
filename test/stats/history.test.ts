import test from 'ava';
import {
	createHistory,
	defaultHistoryCapacity,
	historyQueues,
	imbalanceSeries,
	pushRates,
	queueSeries,
	totalSeries,
} from '../../source/stats/history.js';
import type {DeviceRates, QueueRates} from '../../source/stats/rates.js';

const q = (index: number, rxPps: number): QueueRates => ({index, rxPps, rxBps: rxPps * 100, txPps: 0, txBps: 0, share: 0});

const rates = (queues: readonly QueueRates[], fields: Partial<DeviceRates> = {}): DeviceRates => ({
	name: 'eth0',
	at: 0,
	elapsedSeconds: 1,
	queues,
	totals: {rxPps: queues.reduce((s, x) => s + x.rxPps, 0), rxBps: 0, txPps: 0, txBps: 0},
	imbalance: 1,
	errors: [],
	cpus: [],
	reset: false,
	...fields,
});

test('series come back oldest first', t => {
	const h = createHistory(5);
	for (const x of [1, 2, 3]) {
		pushRates(h, rates([q(0, x)], {imbalance: x}));
	}

	t.deepEqual(queueSeries(h, 0), [1, 2, 3]);
	t.deepEqual(queueSeries(h, 0, 'bps'), [100, 200, 300]);
	t.deepEqual(imbalanceSeries(h), [1, 2, 3]);
	t.deepEqual(totalSeries(h), [1, 2, 3]);
	t.is(h.version, 3);
	t.is(h.device, 'eth0');
});

test('capacity bounds every series, keeping the newest', t => {
	const h = createHistory(4);
	for (let i = 1; i <= 1000; i++) {
		pushRates(h, rates([q(0, i), q(1, -i)], {imbalance: i}));
	}

	t.deepEqual(queueSeries(h, 0), [997, 998, 999, 1000]);
	t.deepEqual(imbalanceSeries(h), [997, 998, 999, 1000]);
	t.is(queueSeries(h, 1).length, 4);
	t.is(h.capacity, 4);
});

test('the default capacity is 60; a silly capacity still holds one sample', t => {
	t.is(defaultHistoryCapacity, 60);
	t.is(createHistory().capacity, 60);
	t.is(createHistory(0).capacity, 1);
	t.is(createHistory(2.7).capacity, 2);
	t.is(createHistory(Number.NaN).capacity, 60);
	const h = createHistory(0);
	pushRates(h, rates([q(0, 1)]));
	pushRates(h, rates([q(0, 2)]));
	t.deepEqual(queueSeries(h, 0), [2]);
});

test('vanished queues are dropped; new queues start empty', t => {
	const h = createHistory(10);
	pushRates(h, rates([q(0, 1), q(1, 1), q(2, 1), q(3, 1)]));
	pushRates(h, rates([q(0, 2), q(1, 2), q(2, 2), q(3, 2)]));
	pushRates(h, rates([q(0, 3), q(1, 3)], {reset: true}));
	t.deepEqual(historyQueues(h), [0, 1]);
	t.deepEqual(queueSeries(h, 2), []);
	// Queue indexes that survive a channel change keep their history.
	t.deepEqual(queueSeries(h, 0), [1, 2, 3]);

	pushRates(h, rates([q(0, 4), q(1, 4), q(2, 4)], {reset: true}));
	t.deepEqual(queueSeries(h, 2), [4]);
	t.deepEqual(queueSeries(h, 0), [1, 2, 3, 4]);
});

test('a first snapshot (no interval) is not a sample', t => {
	const h = createHistory(10);
	pushRates(h, rates([q(0, 0)], {elapsedSeconds: 0}));
	t.deepEqual(queueSeries(h, 0), []);
	t.deepEqual(imbalanceSeries(h), []);
	t.is(h.version, 0);
	t.is(h.device, 'eth0');
});

test('another device starts the history over', t => {
	const h = createHistory(10);
	pushRates(h, rates([q(0, 1), q(1, 1)], {imbalance: 2}));
	pushRates(h, rates([q(0, 9)], {name: 'eth1', imbalance: 1}));
	t.is(h.device, 'eth1');
	t.deepEqual(queueSeries(h, 0), [9]);
	t.deepEqual(imbalanceSeries(h), [1]);
	t.deepEqual(historyQueues(h), [0]);
});

test('non-finite values are stored as 0', t => {
	const h = createHistory(3);
	pushRates(h, rates([q(0, Number.NaN)], {imbalance: Number.POSITIVE_INFINITY}));
	t.deepEqual(queueSeries(h, 0), [0]);
	t.deepEqual(imbalanceSeries(h), [0]);
});

test('pushRates returns the same history', t => {
	const h = createHistory();
	t.is(pushRates(h, rates([q(0, 1)])), h);
});

test('64 queues for an hour stay cheap and bounded', t => {
	const h = createHistory();
	const queues = Array.from({length: 64}, (_, i) => q(i, i));
	const started = performance.now();
	for (let s = 0; s < 3600; s++) {
		pushRates(h, rates(queues));
	}

	const ms = performance.now() - started;
	t.is(historyQueues(h).length, 64);
	t.true(historyQueues(h).every(i => queueSeries(h, i).length === 60));
	t.true(ms < 2000, `${ms} ms`);
});
