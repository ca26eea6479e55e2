import test from 'ava';
import {hottestQueue, imbalance, queueImbalance} from '../../source/stats/imbalance.js';

const q = (index: number, rxPps: number, txPps = 0) => ({index, rxPps, txPps});

test('an even spread is 1', t => {
	t.is(imbalance([100, 100, 100, 100]), 1);
	t.is(queueImbalance([q(0, 50, 50), q(1, 100), q(2, 0, 100)]), 1);
});

test('one hot queue of 8 is 8', t => {
	t.is(imbalance([800, 0, 0, 0, 0, 0, 0, 0]), 8);
	t.is(queueImbalance([q(0, 0), q(1, 0), q(2, 400, 400), q(3, 0), q(4, 0), q(5, 0), q(6, 0), q(7, 0)]), 8);
});

test('the hottest queue carries X times its fair share', t => {
	// Mean 100, max 200.
	t.is(imbalance([200, 100, 50, 50]), 2);
});

test('idle, one queue or none is 1', t => {
	t.is(imbalance([0, 0, 0]), 1);
	t.is(imbalance([12345]), 1);
	t.is(imbalance([]), 1);
});

test('garbage loads count as idle', t => {
	t.is(imbalance([Number.NaN, 100, -5, Number.POSITIVE_INFINITY]), 4);
	t.is(imbalance([Number.NaN, Number.NaN]), 1);
});

test('hottestQueue names the busiest queue, lowest index on a tie, none when idle', t => {
	t.is(hottestQueue([q(0, 10), q(3, 5, 30), q(5, 20)]), 3);
	t.is(hottestQueue([q(4, 10), q(2, 10), q(7, 1)]), 2);
	t.is(hottestQueue([q(0, 0), q(1, 0)]), undefined);
	t.is(hottestQueue([]), undefined);
});
