import test from 'ava';
import {createHistory, pushRates, type DeviceRates} from '../../source/stats/index.js';
import {imbalanceLine, queueScale, queueSparkline, queueSparklines, scaledSparkline} from '../../source/views/sparkline.js';
import {scenarioRun} from '../advice/helpers.js';

function rates(second: number, rx: readonly number[]): DeviceRates {
	const total = rx.reduce((a, b) => a + b, 0);
	const max = Math.max(...rx);
	return {
		name: 'eth0',
		at: second * 1000,
		elapsedSeconds: 1,
		queues: rx.map((rxPps, index) => ({index, rxPps, rxBps: rxPps * 1000, txPps: 0, txBps: 0, share: total > 0 ? rxPps / total : 0})),
		totals: {rxPps: total, rxBps: total * 1000, txPps: 0, txBps: 0},
		imbalance: total > 0 ? (max * rx.length) / total : 1,
		errors: [],
		cpus: [],
		reset: false,
	};
}

test('scaledSparkline: blank for missing history, floor for idle, any traffic shows', t => {
	t.is(scaledSparkline([0, 1, 50, 100], 6, 100), '  ▁▂▅█');
	t.is(scaledSparkline([0, 1, 50, 100], 6, 100, true), '  _.=#');
	t.is(scaledSparkline([5, 5], 2, 0), '▁▁');
	t.is(scaledSparkline([1, 2, 3], 0, 3), '');
});

test('queueSparkline: one scale for every queue, so an idle queue looks idle', t => {
	const history = createHistory(60);
	for (let s = 1; s <= 5; s++) {
		pushRates(history, rates(s, [1000 * s, 10, 0]));
	}

	t.is(queueScale(history, 10), 5000);
	t.is(queueSparkline(history, 0, 8), '   ▂▄▅▇█');
	t.is(queueSparkline(history, 1, 8), '   ▂▂▂▂▂');
	t.is(queueSparkline(history, 2, 8), '   ▁▁▁▁▁');
	t.is(queueSparkline(history, 7, 4), '    ', 'an unknown queue is blank');
	t.deepEqual([...queueSparklines(history, 8).keys()], [0, 1, 2]);
	t.is(queueSparklines(history, 8).get(0), '   ▂▄▅▇█');
});

test('imbalanceLine: graph, now, range and span within the width', async t => {
	const {history} = (await scenarioRun('elephant')).device('eth0');
	for (const width of [100, 80, 60]) {
		const text = imbalanceLine(history, width);
		t.true(text.length <= width, `${width}: ${text}`);
		t.regex(text, /now [4-8]\.\d\d×, [\d.]+–[\d.]+× over 12 s$/);
	}

	t.regex(imbalanceLine(history, 40), /^imbalance [4-8]\.\d\d×, max [\d.]+× in 12 s$/);

	t.regex(imbalanceLine(history, 80), /^imbalance [▁▂▃▄▅▆▇█]{12} now/);
	t.is(imbalanceLine(createHistory(), 80), 'imbalance: no history yet');
});
