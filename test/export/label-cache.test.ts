// The label-set cache between the scrape and prom-client's Registry: each
// label set reaches the Registry as one object scrape after scrape (it
// formats an object's labels once), with the same lines as formatting anew.
import test from 'ava';
import {Registry, type Metric} from 'prom-client';
import {labelSetCache} from '../../source/export/registry.js';
import type {MetricSpec, Sample} from '../../source/export/catalogue.js';

const spec: MetricSpec = {name: 'hvtop_test_total', type: 'counter', help: 'Test.', labels: ['device', 'queue']};

async function render(values: ReturnType<ReturnType<typeof labelSetCache>>): Promise<string> {
	const registry = new Registry();
	registry.registerMetric({name: spec.name, help: spec.help, type: spec.type, aggregator: 'sum', async get() {
		return {name: spec.name, help: spec.help, type: spec.type, aggregator: 'sum', values};
	}} as unknown as Metric);
	return registry.metrics();
}

const sample = (device: string, queue: string, value: number): Sample => ({labels: {device, queue}, value});

test('the same label set is the same object in the next scrape; its lines are as prom-client writes fresh labels', async t => {
	const values = labelSetCache(spec);
	const first = values([sample('eth0', '0', 1), sample('e"th\\1\n', '1', 2)]);
	const second = values([sample('eth0', '0', 5), sample('e"th\\1\n', '1', 6)]);
	t.is(first[0]!.sharedLabels, second[0]!.sharedLabels);
	t.is(first[1]!.sharedLabels, second[1]!.sharedLabels);
	t.is(await render(second), [
		'# HELP hvtop_test_total Test.',
		'# TYPE hvtop_test_total counter',
		'hvtop_test_total{device="eth0",queue="0"} 5',
		'hvtop_test_total{device="e\\"th\\\\1\\n",queue="1"} 6',
		'',
	].join('\n'));
});

test('a label set printed twice keeps its first place and its last value', async t => {
	const values = labelSetCache(spec);
	const lines = (await render(values([sample('eth0', '0', 1), sample('eth0', '1', 2), sample('eth0', '0', 3)]))).split('\n').slice(2, -1);
	t.deepEqual(lines, ['hvtop_test_total{device="eth0",queue="0"} 3', 'hvtop_test_total{device="eth0",queue="1"} 2']);
});

test('a label set that is gone is let go: it comes back as a new object', t => {
	const values = labelSetCache(spec);
	const kept = values([sample('eth0', '0', 1)])[0]!.sharedLabels;
	values([sample('eth1', '0', 1)]);
	const back = values([sample('eth0', '0', 1)])[0]!.sharedLabels;
	t.not(back, kept);
	t.deepEqual(back, {device: 'eth0', queue: '0'});
});

test('a metric without labels renders bare', async t => {
	const values = labelSetCache({...spec, labels: []});
	t.regex(await render(values([{labels: {}, value: 7}])), /^hvtop_test_total 7$/m);
});
