import test from 'ava';
import type {DeviceRates} from '../../source/stats/index.js';
import {queueTable} from '../../source/views/queues.js';

const rates = (pps: readonly number[]): DeviceRates => {
	const total = pps.reduce((a, b) => a + b, 0);
	return {
		name: 'eth0',
		at: 1000,
		elapsedSeconds: 1,
		queues: pps.map((rxPps, index) => ({index, rxPps, rxBps: rxPps * 1000, txPps: 0, txBps: 0, share: total > 0 ? rxPps / total : 0, cpu: index})),
		totals: {rxPps: total, rxBps: total * 1000, txPps: 0, txBps: 0},
		imbalance: 1,
		errors: [],
		cpus: [],
		reset: false,
	};
};

const options = {units: 'bits' as const, hideIdle: false, columns: 100, ascii: true};
const queueOf = (text: string) => Number(text.trim().split(/\s+/)[0]);

test('without a window every queue gets a row', t => {
	const table = queueTable(rates(Array.from({length: 64}, () => 1000)), options);
	t.is(table.rows.length, 64);
	t.is(table.start, 0);
	t.is(table.shown, 64);
});

test('a window formats only its rows, and says where they are among all', t => {
	const table = queueTable(rates(Array.from({length: 64}, () => 1000)), {...options, window: {scroll: 10, rows: 25}});
	t.deepEqual(table.rows.map(row => queueOf(row.text)), Array.from({length: 25}, (_, i) => 10 + i));
	t.is(table.start, 10);
	t.is(table.shown, 64);
});

test('a window scrolled past the end shows the last rows; hidden idle queues do not count', t => {
	const pps = Array.from({length: 64}, (_, i) => (i % 2 === 0 ? 1000 : 0));
	const table = queueTable(rates(pps), {...options, hideIdle: true, window: {scroll: 100, rows: 10}});
	t.is(table.shown, 32);
	t.is(table.hidden, 32);
	t.is(table.start, 22);
	t.deepEqual(table.rows.map(row => queueOf(row.text)), Array.from({length: 10}, (_, i) => 2 * (22 + i)));
});
