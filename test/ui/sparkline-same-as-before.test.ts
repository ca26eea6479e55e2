// Differential test, kept on purpose (issue 14): the history and the queue
// sparklines were rewritten to copy nothing per tick; these properties hold
// them to the code before (test/stats/reference/history.ts,
// test/ui/reference/sparkline-column.ts) on random histories, character for
// character. Mutations only this caught (history.test.ts, properties.test.ts
// and views/sparkline.test.ts passed): sampleAt ignoring the ring's wrap, a
// queue listed twice in a sample keeping a vanished queue, the bps total kept
// across a device change, historyQueues unsorted, the scale over width − 1
// samples, a fractional width rounded up, the buffered path for odd widths.
import test from 'ava';
import fc from 'fast-check';
import type {DeviceRates} from '../../source/stats/index.js';
import {createHistory, historyQueues, imbalanceSeries, pushRates, queueSeries, totalSeries} from '../../source/stats/history.js';
import * as now from '../../source/views/sparkline.js';
import * as before from './reference/sparkline-column.js';
import * as historyBefore from '../stats/reference/history.js';

const value = fc.oneof(fc.double({min: 0, max: 1e7, noNaN: true}), fc.double(), fc.constantFrom(0, -0, 1, 0.4));
const ratesArb = fc.record({
	name: fc.constantFrom('eth0', 'eth0', 'eth0', 'eth1'),
	elapsedSeconds: fc.constantFrom(1, 1, 1, 0, Number.NaN),
	queues: fc.array(fc.record({index: fc.integer({min: 0, max: 6}), rxPps: value, rxBps: value}), {maxLength: 7}),
	imbalance: value,
	totals: fc.record({rxPps: value, rxBps: value}),
}).map(({name, elapsedSeconds, queues, imbalance, totals}): DeviceRates => ({
	name, at: 0, elapsedSeconds, imbalance, errors: [], cpus: [], reset: false,
	queues: queues.map(q => ({...q, txPps: 0, txBps: 0, share: 0})),
	totals: {...totals, txPps: 0, txBps: 0},
}));

const widths = [30, 1, 4, 8, 0, -3, 2.5, Number.NaN, 61, 200];

test('history and sparklines: same as before after any sequence of samples', t => {
	fc.assert(fc.property(fc.integer({min: 1, max: 12}), fc.array(ratesArb, {maxLength: 30}), fc.boolean(), (capacity, sequence, ascii) => {
		const history = createHistory(capacity);
		const reference = historyBefore.createHistory(capacity);
		for (const rates of sequence) {
			pushRates(history, rates);
			historyBefore.pushRates(reference, rates);
			const queues = historyQueues(history);
			if (queues.join() !== historyBefore.historyQueues(reference).join()
				|| history.version !== reference.version || history.device !== reference.device
				|| imbalanceSeries(history).join() !== historyBefore.imbalanceSeries(reference).join()
				|| totalSeries(history, 'bps').join() !== historyBefore.totalSeries(reference, 'bps').join()) {
				return false;
			}

			for (const index of [...queues, 7]) {
				for (const unit of ['pps', 'bps'] as const) {
					if (!queueSeries(history, index, unit).every((x, i) => Object.is(x, historyBefore.queueSeries(reference, index, unit)[i]))) {
						return false;
					}
				}
			}

			for (const width of widths) {
				const lines = now.queueSparklines(history, width, ascii);
				const linesBefore = before.queueSparklines(history, width, ascii);
				if (!Object.is(now.queueScale(history, width), before.queueScale(history, width))
					|| [...lines].join('|') !== [...linesBefore].join('|')
					|| now.queueSparkline(history, 7, width, ascii) !== before.queueSparkline(history, 7, width, ascii)
					|| now.imbalanceLine(history, width + 40, ascii) !== before.imbalanceLine(history, width + 40, ascii)
					|| now.imbalanceSeriesSparkline(history, width, ascii) !== before.imbalanceSeriesSparkline(history, width, ascii)) {
					return false;
				}
			}
		}

		return true;
	}), {numRuns: 300});
	t.pass();
});
