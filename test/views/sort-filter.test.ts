// s and / in the queue and CPU views, on the model's 64-queue machine.
import test from 'ava';
import {pollDevice} from '../../source/poll.js';
import {createModelSource} from '../../source/sources/model.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {cpusView} from '../../source/views/cpus.js';
import {parseNumberFilter} from '../../source/views/number-filter.js';
import {queuesView} from '../../source/views/queues.js';
import type {ViewOptions} from '../../source/views/view.js';

async function measured(scenario: string): Promise<DeviceReading> {
	const opened = createModelSource({scenario, seed: 1});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const first = await pollDevice(opened.value, undefined, 'eth0', 1000);
	return pollDevice(opened.value, first, 'eth0', 2000);
}

const options = (more: Partial<ViewOptions> = {}): ViewOptions => ({units: 'bits', columns: 100, maxLines: 80, ascii: true, ...more});
const firstNumbers = (lines: readonly string[], from: number): number[] => lines.slice(from).flatMap(l => {
	const match = /^ *!?(\d+) /.exec(l);
	return match ? [Number(match[1])] : [];
});

test('numbers and ranges: "0-3,8" and "8 3-0" alike; a wrong one says so and filters nothing', t => {
	const filter = parseNumberFilter('0-3,8');
	t.true(filter?.ok && [0, 1, 2, 3, 8].every(n => filter.has(n)) && ![4, 7, 9].some(n => filter.has(n)));
	const reversed = parseNumberFilter(' 8 3-0 ');
	t.true(reversed?.ok && reversed.has(2) && reversed.has(8) && !reversed.has(5));
	t.is(parseNumberFilter(''), undefined);
	t.is(parseNumberFilter('   '), undefined);
	const wrong = parseNumberFilter('rx');
	t.false(wrong?.ok);
	t.regex(wrong && !wrong.ok ? wrong.message : '', /"rx" is not numbers and ranges \(e\.g\. 0-3,8\): nothing filtered/);
});

test('queue view: sorted by rx packets busiest first; filtered to the queues asked, the note says how many of how many', async t => {
	const reading = await measured('large');
	const input = {reading, readings: [reading]};
	const byRx = queuesView.lines(input, options({sort: 'rx'})).map(l => l.text);
	const rx = reading.rates!.queues;
	const order = firstNumbers(byRx, 1).slice(0, 10);
	t.deepEqual(order, [...rx].sort((a, b) => b.rxPps - a.rxPps || a.index - b.index).slice(0, 10).map(q => q.index));
	t.true(byRx.some(l => l.includes('sorted by rx (s)')));
	const filtered = queuesView.lines(input, options({filter: '0-3,60'})).map(l => l.text);
	t.deepEqual(firstNumbers(filtered, 1), [0, 1, 2, 3, 60]);
	t.true(filtered.some(l => l.includes('filter 0-3,60: 5 of 64 queues')));
	t.regex(filtered.find(l => l.startsWith('all'))!, /100%/, 'the totals stay the device\'s');
});

test('CPU view: sorted by packets; filtered to CPUs 0-7; a filter that is not numbers says so', async t => {
	const reading = await measured('large');
	const input = {reading, readings: [reading]};
	const filtered = cpusView.lines(input, options({filter: '0-7', sort: 'pps'})).map(l => l.text);
	const cpus = firstNumbers(filtered.slice(0, -2), 1);
	t.deepEqual([...cpus].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
	t.true(filtered.some(l => l.includes('filter 0-7: 8 of 64 CPUs') && l.includes('sorted by packets (s)')));
	const wrong = cpusView.lines(input, options({filter: 'eth'})).map(l => l.text);
	t.true(wrong.some(l => l.includes('"eth" is not numbers and ranges')));
	t.is(firstNumbers(wrong.slice(0, -2), 1).length, 64, 'every CPU row (the summary and the note below them)');
	t.is(cpusView.scroll(input, options({filter: '0-7', maxLines: 10})).items, 8);
});
