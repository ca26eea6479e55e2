// The history view on the model: the device's figures over time on one axis,
// a mark where the channel change re-created the queues, and 15 minutes kept.
import test from 'ava';
import {pollDevice} from '../../source/poll.js';
import {createModelSource} from '../../source/sources/model.js';
import {createHistory, markReset, pushRates, samplesBetween} from '../../source/stats/index.js';
import {isFreshSample, type DeviceReading} from '../../source/stats/reading.js';
import {changeMark, historyLines} from '../../source/views/history.js';

async function run(ticks: number, changeAt?: number) {
	const opened = createModelSource({scenario: 'few-channels', seed: 2});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const history = createHistory();
	let reading: DeviceReading | undefined;
	for (let i = 1; i <= ticks; i++) {
		if (i === changeAt) {
			// eslint-disable-next-line no-await-in-loop
			await opened.value.setChannels('eth0', {combined: 16}, (i * 1000) - 500);
		}

		// eslint-disable-next-line no-await-in-loop
		reading = await pollDevice(opened.value, reading, 'eth0', i * 1000);
		// As the dashboard does: a reading across a re-creation is left out, and marks the next sample.
		if (isFreshSample(reading)) {
			pushRates(history, reading.rates!);
		} else if (reading.rates?.reset) {
			markReset(history);
		}
	}

	return history;
}

test('pps, errors/s and imbalance on one axis; the change is marked under the column it happened in', async t => {
	const history = await run(40, 21);
	const lines = historyLines(history, {columns: 100, ascii: false, maxLines: 20}).map(l => l.text);
	t.regex(lines[0]!, /^history of eth0: 38 samples, \^ marks 1 queue re-creation \(a change\)$/);
	t.deepEqual(lines.slice(1, 4).map(l => l.split(' ')[0]), ['pps', 'errors/s', 'imbalance']);
	const errors = lines[2]!;
	const marks = lines[4]!;
	const at = marks.indexOf(changeMark);
	t.true(at > 10, marks);
	// Errors were rising before the change (2 channels, saturated) and are gone after it.
	t.regex(errors.slice(10, at), /[▂-█]/);
	t.regex(errors.slice(at + 1, 10 + 66), /^▁*$/);
	t.regex(lines[5]!, /-3\ds +now$/);
	t.true(lines.every(l => l.length <= 100));
});

test('15 minutes of the device figures are kept at 1 s (the sparklines keep 60); before two samples it says it is collecting', async t => {
	const history = await run(1000);
	t.is(samplesBetween(history, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).length, 900);
	const lines = historyLines(history, {columns: 80, ascii: true, maxLines: 20}).map(l => l.text);
	t.regex(lines.at(-1)!, /-14m59s +now$/);
	t.regex(lines[0]!, /no change seen/);
	t.regex(historyLines(createHistory(), {columns: 80, ascii: false, maxLines: 20})[0]!.text, /^collecting history/);
});
