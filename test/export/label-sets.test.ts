// The label sets between the scrape and prom-client's Registry: each series
// reaches the Registry as one labels object scrape after scrape (it formats an
// object's labels once), with the same lines as formatting anew.
import test from 'ava';
import {Registry, type Metric} from 'prom-client';
import {createLabelSets} from '../../source/export/label-sets.js';
import {renderedValues} from '../../source/export/registry.js';
import type {Sample} from '../../source/export/catalogue.js';

async function render(samples: readonly Sample[]): Promise<string> {
	const registry = new Registry();
	const metric = {name: 'hvtop_test_total', help: 'Test.', type: 'counter', aggregator: 'sum'};
	registry.registerMetric({...metric, async get() {
		return {...metric, values: renderedValues(samples)};
	}} as unknown as Metric);
	return registry.metrics();
}

test('the same values give the same labels object, scrape after scrape', t => {
	const sets = createLabelSets();
	const first = sets.of('rss', ['eth0', 'hv_netvsc', '0']);
	sets.sweep();
	t.is(sets.of('rss', ['eth0', 'hv_netvsc', '0']), first);
	t.deepEqual(first, {device: 'eth0', driver: 'hv_netvsc', queue: '0'});
	t.true(Object.isFrozen(first));
});

test('values that differ anywhere, in any character, are different sets', t => {
	const sets = createLabelSets();
	const a = sets.of('ringBytes', ['eth0', 'x","y']);
	const b = sets.of('ringBytes', ['eth0","x', 'y']);
	t.not(a, b);
	t.is(a['direction'], 'x","y');
	t.is(b['device'], 'eth0","x');
	// The same values under another metric are another metric's set.
	t.not(sets.of('linkUp', ['eth0']), sets.of('deviceUp', ['eth0']));
});

test('a set not asked for between two sweeps is let go: it comes back as a new object', t => {
	const sets = createLabelSets();
	const kept = sets.of('linkUp', ['eth0']);
	const gone = sets.of('linkUp', ['eth1']);
	sets.sweep();
	t.is(sets.of('linkUp', ['eth0']), kept);
	sets.sweep();
	t.not(sets.of('linkUp', ['eth1']), gone);
	t.deepEqual(sets.of('linkUp', ['eth1']), {device: 'eth1'});
});

test('the lines are as prom-client writes fresh labels, escaped', async t => {
	const sets = createLabelSets();
	const samples = [{labels: sets.of('ringBytes', ['eth0', 'receive']), value: 5}, {labels: sets.of('ringBytes', ['e"th\\1\n', 'transmit']), value: 6}];
	t.is(await render(samples), [
		'# HELP hvtop_test_total Test.',
		'# TYPE hvtop_test_total counter',
		'hvtop_test_total{device="eth0",direction="receive"} 5',
		'hvtop_test_total{device="e\\"th\\\\1\\n",direction="transmit"} 6',
		'',
	].join('\n'));
});

test('a label set printed twice keeps its first place and its last value', async t => {
	const sets = createLabelSets();
	const queue = (at: string, value: number): Sample => ({labels: sets.of('rss', ['eth0', 'hv_netvsc', at]), value});
	const lines = (await render([queue('0', 1), queue('1', 2), queue('0', 3)])).split('\n').slice(2, -1);
	t.deepEqual(lines, ['hvtop_test_total{device="eth0",driver="hv_netvsc",queue="0"} 3', 'hvtop_test_total{device="eth0",driver="hv_netvsc",queue="1"} 2']);
});

test('a metric without labels renders bare', async t => {
	const sets = createLabelSets();
	t.regex(await render([{labels: sets.of('cpus', []), value: 7}]), /^hvtop_test_total 7$/m);
});
