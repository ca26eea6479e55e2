// The 15-minute history on the model, with the injected clock (model time, one
// snapshot per second): 900 samples and no more, queues that appear and
// vanish, and a fixed memory once the window is full.
import test from 'ava';
import {timelineCapacity, timelineOf} from '../../source/stats/index.js';
import {valueAt} from '../../source/stats/series.js';
import {deviceSeries, groupKeys, keyedSeries, timelineLength, type KeyedGroup, type Timeline} from '../../source/stats/timeline.js';
import {runModel} from '../helpers/model-history.js';

const read = (timeline: Timeline, group: KeyedGroup, key: number): number[] => {
	const s = keyedSeries(timeline, group, key);
	return s ? Array.from({length: timelineLength(timeline)}, (_, i) => valueAt(timeline, s, i)) : [];
};

const allArrays = (timeline: Timeline): Float64Array[] => [...timeline.groups.values()].flatMap(group => [...group.values()].map(s => s.values));

test('15 minutes of ticks keep 900 samples and no more; the arrays are the same ones from then on', async t => {
	t.is(timelineCapacity, 900);
	let atFull: Float64Array[] = [];
	const {history} = await runModel({
		scenario: 'mana', ticks: 1200, onTick(tick, h) {
			if (tick === 905) {
				atFull = allArrays(timelineOf(h));
			}
		},
	});
	const timeline = timelineOf(history);
	t.is(timelineLength(timeline), 900);
	// The first snapshot has no rates: 1199 samples taken, the last 900 kept, one per second of model time.
	t.is(timeline.count, 1199);
	t.is(timeline.at[(timeline.count - 900) % 900], 301_000);
	t.is(timeline.at[(timeline.count - 1) % 900], 1_200_000);
	// Every series is as long as the window: per queue rx and tx, per VF queue, per CPU, the device's figures.
	t.deepEqual(groupKeys(timeline, 'rx'), Array.from({length: 16}, (_, i) => i));
	t.is(groupKeys(timeline, 'vfRx').length, 16);
	t.is(groupKeys(timeline, 'cpu').length, 16);
	t.true(read(timeline, 'vfTx', 3).every(v => v > 0), 'the VF queues carry traffic in every sample');
	t.is(read(timeline, 'rx', 0).length, 900);
	t.true(deviceSeries(timeline, 'pps')!.values.every(v => v > 1e6));
	// Nothing was allocated for the last 300 samples: the same arrays, as many.
	const now = allArrays(timeline);
	t.is(now.length, atFull.length);
	t.true(now.every((array, i) => array === atFull[i] && array.length === 900));
});

test('a queue that appears mid-way (a channel change 2 → 16) has gaps before it; the change is a reset mark', async t => {
	const {history} = await runModel({scenario: 'few-channels', ticks: 40, channelsAt: {tick: 21, combined: 16}});
	const timeline = timelineOf(history);
	// Ticks 2…40 give rates; tick 21's reading spans the re-creation and is left out.
	t.is(timelineLength(timeline), 38);
	t.deepEqual(groupKeys(timeline, 'rx'), Array.from({length: 16}, (_, i) => i));
	const q10 = read(timeline, 'rx', 10);
	t.true(q10.slice(0, 19).every(v => Number.isNaN(v)), 'no value before the change');
	t.true(q10.slice(19).every(v => v > 0), 'traffic since');
	t.true(read(timeline, 'rx', 0).every(v => !Number.isNaN(v)), 'queue 0 existed throughout');
	const resets = deviceSeries(timeline, 'resets')!;
	t.deepEqual(Array.from({length: 38}, (_, i) => i).filter(i => valueAt(timeline, resets, i) > 0), [19]);
	// Two busy channels are even (max/mean near 1); sixteen over the model's flows are not: the series shows the step.
	const imbalance = deviceSeries(timeline, 'imbalance')!;
	t.true(valueAt(timeline, imbalance, 5) < 1.1, String(valueAt(timeline, imbalance, 5)));
	t.true(valueAt(timeline, imbalance, 30) > 1.3, String(valueAt(timeline, imbalance, 30)));
});

test('a VF removed by host servicing keeps its queues\' series (gaps while away) and the re-added VF continues them', async t => {
	// Servicing takes the VF (4 queues) away at 10 s and adds a new one (the driver's default, 8 queues) at 20 s.
	const {history} = await runModel({scenario: 'servicing', ticks: 40, seed: 1});
	const timeline = timelineOf(history);
	t.is(timelineLength(timeline), 39);
	t.deepEqual(groupKeys(timeline, 'vfRx'), [0, 1, 2, 3, 4, 5, 6, 7]);
	const q0 = read(timeline, 'vfRx', 0);
	const away = q0.map((v, i) => (Number.isNaN(v) ? i : -1)).filter(i => i >= 0);
	// Samples of 10 s … 19 s (indexes 8…17): no VF to read.
	t.deepEqual(away, [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
	t.true(q0.slice(0, 8).every(v => v > 0));
	t.true(q0.slice(19).every(v => v > 0), 'the new VF\'s queue 0 continues the series');
	const q6 = read(timeline, 'vfRx', 6);
	t.true(q6.slice(0, 18).every(v => Number.isNaN(v)), 'queue 6 is new with the re-added VF');
	t.true(q6.slice(19).every(v => v > 0));
});
