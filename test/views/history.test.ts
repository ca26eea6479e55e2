// The history view on the model (injected clock: one snapshot per second of
// model time): the device's figures, the busiest queues and CPUs on one time
// axis, the changes marked under the column they happened in, 80 and 120
// columns, and `--json --view history` as compact aligned series.
import test from 'ava';
import {createHistory, timelineOf} from '../../source/stats/index.js';
import {historyJson} from '../../source/views/history-json.js';
import {historyLines, historyView, markChars, type ChangeMark} from '../../source/views/history.js';
import {viewToJson} from '../../source/output/views-text.js';
import {runModel} from '../helpers/model-history.js';

const texts = (lines: ReadonlyArray<{readonly text: string}>) => lines.map(l => l.text);

test('before two samples it says it is collecting', t => {
	t.regex(historyLines(createHistory(), {columns: 80, ascii: false, maxLines: 20})[0]!.text, /^collecting history/);
});

test('at 80×24: the device rows, the busiest queues and CPUs, the marks and the axis, nothing wider than 80', async t => {
	const {history} = await runModel({scenario: 'few-channels', ticks: 1000, channelsAt: {tick: 600, combined: 16}});
	// The dashboard at 80×24 leaves the view 16 lines.
	const lines = texts(historyLines(history, {columns: 80, ascii: false, maxLines: 16}));
	t.is(lines.length, 16);
	t.true(lines.every(l => l.length <= 80), lines.join('\n'));
	t.regex(lines[0]!, /^history of eth0, last 15m(1s)?: \^ re-created A applied K kept R reverted$/);
	t.deepEqual(lines.slice(1, 4).map(l => l.split(' ')[0]), ['pps', 'errors/s', 'imbalance']);
	t.regex(lines[4]!, /^busiest of 16 queues, rx\+tx pps on one scale$/);
	// Queues 0 and 1 carried everything for 10 minutes: they are the busiest over the window.
	t.deepEqual(lines.slice(5, 8).map(l => l.split(' ')[0]), ['q0', 'q1', 'q10']);
	t.regex(lines[9]!, /^busiest of 16 CPUs, packets\/s on one scale$/);
	t.regex(lines.at(-1)!, /^ {10}-15m(1s)? .* -10m .* -5m .* now$/);
	t.regex(lines.at(-2)!, /^changes +\^$/);
	// Queue 10 did not exist before the change: blank (a gap) there, traffic after.
	const q10 = lines[7]!.slice(10, 58);
	const at = lines.at(-2)!.indexOf(markChars.resets) - 10;
	t.regex(q10.slice(0, at), /^ +$/);
	t.regex(q10.slice(at + 1), /^[▁-█]+$/);
	// Errors were rising before the change (2 channels, saturated) and are gone after it.
	t.regex(lines[2]!.slice(10, 10 + at - 1), /^[▂-█]+$/);
	t.regex(lines[2]!.slice(10 + at + 1, 58), /^▁+$/);
});

test('at 120 columns: one column per sample is not possible, each column is the mean of ~10; --ascii draws ASCII only', async t => {
	const {history} = await runModel({scenario: 'large', ticks: 300});
	const lines = texts(historyLines(history, {columns: 120, ascii: true, maxLines: 40}));
	t.true(lines.every(l => l.length <= 120));
	t.true(lines.every(l => /^[\u0020-\u007E×—]*$/.test(l)), lines.join('\n'));
	t.regex(lines[0]!, /^history of eth0: last 4m59s \(299 samples\) — \^ queues re-created, A applied, K kept, R reverted$/);
	t.regex(lines[4]!, /^busiest of 64 queues, rx\+tx pps on one scale$/);
	// 40 lines: 16 of the 64 queues and 16 of the 64 CPUs (the cap), the busiest first.
	t.is(lines.filter(l => /^q\d+ /.test(l)).length, 16);
	t.is(lines.filter(l => /^cpu\d+ /.test(l)).length, 16);
	const averages = lines.filter(l => /^q\d+ /.test(l)).map(l => Number(/avg ([\d.]+)k$/.exec(l)![1]));
	t.deepEqual(averages, [...averages].sort((a, b) => b - a));
	t.regex(lines.at(-1)!, /^ {10}-4m59s .*-4m .*-3m .*-2m .*-1m .*now$/);
});

test('changes applied, kept and reverted are marked under the sample they happened before', async t => {
	const {history} = await runModel({scenario: 'few-channels', ticks: 60, channelsAt: {tick: 21, combined: 16}});
	const changes: ChangeMark[] = [
		{at: 20_500, kind: 'applied'},
		{at: 35_200, kind: 'kept'},
		{at: 50_000, kind: 'reverted'},
	];
	// 59 samples at 2…60 s (tick 21's left out) fit 60 columns one each, right-aligned.
	const lines = texts(historyLines(history, {columns: 92, ascii: false, maxLines: 20, changes}));
	const marks = lines.at(-2)!;
	const column = (second: number) => 10 + (60 - 58) + (second - 2) - (second > 21 ? 1 : 0);
	// Applied at 20.5 s: the first sample after it is 22 s (21's was left out), where the reset is too: A wins.
	t.is(marks[column(22)], markChars.applied);
	t.is(marks[column(36)], markChars.kept);
	// Reverted at the very moment the 50 s sample was read: that read came first, the mark goes on the next.
	t.is(marks[column(51)], markChars.reverted);
	t.is(marks.replaceAll(' ', '').replace(/^changes/, ''), 'AKR');
	// Without the controller's marks, the re-creation alone.
	const plain = texts(historyLines(history, {columns: 92, ascii: false, maxLines: 20})).at(-2)!;
	t.is(plain[column(22)], markChars.resets);
	// A mark outside the window is not drawn.
	const old = texts(historyLines(history, {columns: 92, ascii: false, maxLines: 20, changes: [{at: 500, kind: 'kept'}]})).at(-2)!;
	t.false(old.includes(markChars.kept));
	// The registry's view draws the marks it is given.
	const viaSpec = texts(historyView.lines({reading: undefined, readings: [], history, changes}, {units: 'bits', columns: 92, ascii: false, maxLines: 20}));
	t.is(viaSpec.at(-2), marks);
});

test('--json: every series as an array of the window\'s length on one time base, null before a queue existed', async t => {
	const {history, reading} = await runModel({scenario: 'few-channels', ticks: 40, channelsAt: {tick: 21, combined: 16}});
	const json = historyJson(timelineOf(history)) as {
		samples: number; start: number; step: number; at?: number[]; resets: number[];
		device: Record<string, Array<number | null>>; queues: {rx: Record<string, Array<number | null>>; tx: Record<string, Array<number | null>>};
		cpus: Record<string, Array<number | null>>; vfQueues?: unknown;
	};
	t.is(json.samples, 38);
	t.is(json.start, 2000);
	// 21 s was left out: the spacing is not even, so each sample's time is given.
	t.is(json.step, 1000);
	t.deepEqual(json.at, [...Array.from({length: 19}, (_, i) => (i + 2) * 1000), ...Array.from({length: 19}, (_, i) => (i + 22) * 1000)]);
	t.deepEqual(json.resets, [19]);
	t.deepEqual(Object.keys(json.device), ['pps', 'rxPps', 'txPps', 'rxBps', 'txBps', 'vfPps', 'errorsPerSec', 'imbalance']);
	t.true(Object.values(json.device).every(series => series.length === 38));
	t.deepEqual(Object.keys(json.queues.rx), Array.from({length: 16}, (_, i) => String(i)));
	t.deepEqual(json.queues.rx['10']!.slice(0, 19), Array.from({length: 19}, () => null));
	t.true(json.queues.rx['10']!.slice(19).every(v => typeof v === 'number' && v > 0 && Number.isInteger(v)));
	t.true(json.device['imbalance']!.every(v => /^\d+(\.\d{1,3})?$/.test(String(v))), 'three decimals at most');
	t.is(json.vfQueues, undefined);
	t.true(Object.keys(json.cpus).length > 0);
	// What --json --view history prints is this.
	t.deepEqual(viewToJson('history', reading!, {history}), {view: 'history', ...json});
	t.notThrows(() => JSON.stringify(json));
});

test('--json of an even run has no `at`; of no samples, samples 0', async t => {
	const {history} = await runModel({scenario: 'mana', ticks: 5});
	const json = historyJson(timelineOf(history));
	t.is(json['samples'], 4);
	t.is(json['step'], 1000);
	t.false('at' in json);
	t.truthy(json['vfQueues']);
	t.deepEqual(historyJson(timelineOf(createHistory())), {samples: 0});
});
