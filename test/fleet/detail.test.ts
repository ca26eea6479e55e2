// Enter's range queries on a canned answer: tracks per queue (the NIC's, then
// its VF's, in number order) and per CPU, aligned on the range's steps, a
// missing step read as 0; lines fitted to the width and scrolled; a failed
// range query said in one sentence.
import test from 'ava';
import {detailStepSeconds, fleetDetailLines, readDetail} from '../../source/fleet/detail.js';
import type {Fetch} from '../../source/fleet/prometheus-api.js';
import {fleetRange} from './fixtures.js';

const now = 1_700_000_000_000;

const serve = (range: typeof fleetRange): Fetch => async url => {
	const parameters = new URL(url).searchParams;
	const result = range(parameters.get('query')!, Number(parameters.get('start')), Number(parameters.get('end')), Number(parameters.get('step')));
	return result
		? {status: 200, json: async () => ({status: 'success', data: {resultType: 'matrix', result}})}
		: {status: 400, json: async () => ({status: 'error', error: 'bad_data: no such series'})};
};

test('queues of the NIC then its VF, CPUs in number order, each rx and tx on the range\'s steps', async t => {
	const detail = await readDetail('http://prom', {instance: 'vm-a:9469', device: 'eth0', vf: 'enP1'}, now, {fetch: serve(fleetRange)});
	if (!('queues' in detail)) {
		t.fail(detail.problem);
		return;
	}

	t.deepEqual(detail.queues.map(track => track.label), ['eth0 q0', 'eth0 q1', 'eth0 q2', 'eth0 q3', 'enP1 q0', 'enP1 q1', 'enP1 q2', 'enP1 q3']);
	t.deepEqual(detail.cpus.map(track => track.label), ['cpu 0', 'cpu 1', 'cpu 2', 'cpu 3']);
	const rising = detail.queues.find(track => track.label === 'enP1 q1')!;
	t.is(rising.rx.length, (10 * 60 / detailStepSeconds) + 1);
	t.deepEqual(rising.rx.slice(0, 3), [0, 100, 200]);
	t.true(rising.tx.every(value => value === 50));
	const lines = fleetDetailLines(detail, 80, 8, 0, true);
	t.is(lines.length, 8);
	t.regex(lines[0]!.text, /^QUEUE\s+RX\/s\s+TX\/s\s+rx, last 10 min$/);
	t.true(lines.every(line => line.text.length <= 80));
	const scrolled = fleetDetailLines(detail, 80, 8, 100, true);
	t.regex(scrolled.at(-1)!.text, /^cpu 3\s+400\s+400\s+#+$/, 'scrolled to the end: the last CPU');
});

test('a missing sample is 0, not a shifted series; a failed range query is one sentence', async t => {
	const gappy: typeof fleetRange = (expr, start, end, step) => fleetRange(expr, start, end, step)?.map(series => ({...series, values: series.values.filter((_, index) => index !== 1)}));
	const detail = await readDetail('http://prom', {instance: 'vm-a:9469', device: 'eth0', vf: 'enP1'}, now, {fetch: serve(gappy)});
	t.deepEqual('queues' in detail ? detail.queues.find(track => track.label === 'enP1 q1')!.rx.slice(0, 3) : [], [0, 0, 200]);
	const failed = await readDetail('http://prom', {instance: 'vm-z:9469', device: 'eth0'}, now, {fetch: serve(fleetRange)});
	t.regex('problem' in failed ? failed.problem ?? '' : '', /^query failed \(HTTP 400\): bad_data: no such series: sum by \(device, role, queue, direction\)/);
});
