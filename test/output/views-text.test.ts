import test from 'ava';
import {adviseReading} from '../../source/advice/index.js';
import {adviceText, adviceToJson, viewText, viewToJson} from '../../source/output/views-text.js';
import {isViewName, viewNames} from '../../source/views/registry.js';
import {scenarioRun} from '../advice/helpers.js';

const ansi = /\u001B\[/;

const histories = async (scenario: string) => {
	const run = await scenarioRun(scenario);
	return {run, histories: new Map([...run.devices].map(([name, d]) => [name, d.history]))};
};

test('view names', t => {
	t.deepEqual([...viewNames], ['queues', 'cpus', 'rss', 'vf', 'counters', 'history']);
	t.true(isViewName('rss'));
	t.false(isViewName('disks'));
});

test('--once --view cpus: every CPU of every device, plain text', async t => {
	const {run} = await histories('few-channels');
	const out = viewText('cpus', run.readings(), {units: 'bits', columns: 80});
	t.notRegex(out, ansi);
	t.regex(out, /^eth0\n CPU {2}queues/);
	t.regex(out, /\n\neth1\n CPU {2}queues/);
	// No scrolling in text: all 16 CPUs of both devices.
	t.is(out.split('\n').filter(l => /^\s+\d+[! ] [\d,-]/.test(l)).length, 32);
	t.true(out.split('\n').every(l => l.length <= 80));
});

test('--once --view rss: the grid and every queue, even 64 of them', async t => {
	const {run} = await histories('large');
	const out = viewText('rss', run.readings(), {units: 'bits', columns: 80});
	t.notRegex(out, ansi);
	t.regex(out, /table 128 entries → 64 of 64 queues, default \(i % 64\)/);
	t.regex(out, /# q63\s+2\s+1\.6%/);
	t.notRegex(out, /queues more/);
});

test('--once --view vf: one table over all devices', async t => {
	const {run} = await histories('vf');
	const out = viewText('vf', run.readings(), {units: 'bytes', columns: 80});
	t.regex(out, /^device {3}path/);
	t.regex(out, /\n {9}VF enP30832s1\s+[\d.]+M\s+[\d.]+ GB\/s/);
	t.regex(out, /\neth1 {5}synthetic 16 q/);
});

test('--once --view queues: the table with sparklines and the imbalance history', async t => {
	const {run, histories: h} = await histories('elephant');
	const out = viewText('queues', run.readings(), {units: 'bits', columns: 100, histories: h});
	t.regex(out, /^eth0\n {2}Q {2}CPU/);
	t.regex(out, /\n\s+0\s+\d+\s+[\d.]+k .*[▁▂▃▄▅▆▇█]{12}\n/);
	t.regex(out, /\nimbalance [▁▂▃▄▅▆▇█]+ now [\d.]+×/);
	t.true(out.split('\n').every(l => l.length <= 100));
	const plain = viewText('queues', run.readings(), {units: 'bits', columns: 80});
	t.notRegex(plain, /imbalance [▁▂▃▄▅▆▇█]/, 'no history, no sparklines');
});

test('advice text after the table: per device, reasons and suggestions', async t => {
	const {run, histories: h} = await histories('few-channels');
	const out = adviceText(run.readings(), {columns: 80, histories: h});
	t.regex(out, /^advice:\neth0:\n {2}ALERT channels 2 < 16 vCPUs/);
	t.regex(out, /\n {8}try: combined 16/);
	t.regex(out, /\neth1:\n {2}INFO {2}VF enP30832s1 carries/);
	t.true(out.split('\n').every(l => l.length <= 80));
	const calm = await histories('balanced');
	t.regex(adviceText(calm.run.readings().slice(0, 1), {columns: 80}), /^advice: none$/);
});

test('viewToJson: the same data as numbers, JSON-safe', async t => {
	const {run, histories: h} = await histories('elephant');
	const reading = run.device('eth0').reading;
	for (const view of viewNames) {
		const json = viewToJson(view, reading, {history: h.get('eth0')!});
		t.is(json['view'], view);
		t.notThrows(() => JSON.stringify(json));
	}

	const cpus = viewToJson('cpus', reading) as {cpus: Array<{cpu: number; queues: number[]; saturated: boolean}>};
	t.is(cpus.cpus.length, 8);
	t.true(cpus.cpus.some(c => c.saturated));
	const rss = viewToJson('rss', reading) as {table: number[]; defaultTable: boolean; queues: Array<{entries: number; skew: number}>};
	t.is(rss.table.length, 128);
	t.true(rss.defaultTable);
	t.true(rss.queues.some(q => q.skew > 5));
	const vf = viewToJson('vf', run.device('eth1').reading) as {state: string; vf: string};
	t.is(vf.state, 'vf-carries');
	t.is(vf.vf, 'enP30832s1');
	const queues = viewToJson('queues', reading, {history: h.get('eth0')!}) as {imbalanceHistory: number[]; rxPpsHistory: Record<string, number[]>};
	t.is(queues.imbalanceHistory.length, 12);
	t.is(queues.rxPpsHistory['3']?.length, 12);
	t.deepEqual(viewToJson('cpus', {name: 'eth7'}), {view: 'cpus', error: {code: 'ENODATA', message: 'no data yet'}});
});

test('adviceToJson: id, severity, title, reason, suggestion, source', async t => {
	const {run} = await histories('few-channels');
	const json = adviceToJson(adviseReading(run.device('eth0').reading));
	t.like(json[0], {id: 'few-channels', severity: 'alert', suggestion: {kind: 'channels', value: 16}});
	t.notThrows(() => JSON.stringify(json));
	t.deepEqual(adviseReading({name: 'eth0'}), []);
});

test('--once: a "VF path" line only for the device that has a VF', async t => {
	const {run} = await histories('balanced');
	const {onceText} = await import('../../source/output/once.js');
	const out = onceText(run.readings(), {kind: 'model', label: 'MODEL'} as Parameters<typeof onceText>[1], {units: 'bits', columns: 100});
	const [eth0, eth1] = out.split(/\n(?=eth1 )/);
	t.regex(eth0!, /^eth0 /m);
	t.notRegex(eth0!, /VF path/);
	t.regex(eth1!, /VF enP\w+/);
	t.regex(eth1!, /VF path: rx/);
});
