// The exporter's output on the model: every metric of the catalogue with its
// type and labels, counters that only grow, rates' figures only once two
// scrapes exist, OpenMetrics, --raw-stats, pending changes, promtool.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {catalogue} from '../../source/export/catalogue.js';
import {createExposition} from '../../source/export/registry.js';
import {bootId, openJournal} from '../../source/tuning/journal.js';
import {modelExporter, noPromtool, parseExposition, promtool} from './helpers.js';

async function twoScrapes(scenario: string, options: Parameters<typeof modelExporter>[1] = {}) {
	const exporter = modelExporter(scenario, options);
	const first = parseExposition(await exporter.exposition.render('text'));
	exporter.advance(15_000);
	const text = await exporter.exposition.render('text');
	return {first, second: parseExposition(text), text, exporter};
}

test('every metric has its declared type and exactly its declared labels', async t => {
	const {second} = await twoScrapes('mana');
	for (const spec of Object.values(catalogue)) {
		if (spec.name === catalogue.raw.name) {
			t.false(second.types.has(spec.name), 'raw ethtool names only with --raw-stats');
			continue;
		}

		t.is(second.types.get(spec.name), spec.type, `${spec.name} is a ${spec.type}`);
		const samples = second.samples.filter(s => s.name === spec.name);
		// Advice, per-queue drops and pending changes are there when a rule fires, a VF driver counts them, a change waits.
		t.true(([catalogue.advice.name, catalogue.queueDrops.name, catalogue.pending.name, catalogue.unpersisted.name] as string[]).includes(spec.name) || samples.length > 0, `${spec.name} has samples`);
		for (const sample of samples) {
			t.deepEqual(Object.keys(sample.labels).sort(), [...spec.labels].sort(), `${spec.name} labels`);
		}
	}
});

test('counters end in _total, gauges do not, and the names are hvtop_ in base units', t => {
	for (const spec of Object.values(catalogue)) {
		t.regex(spec.name, /^hvtop_[a-z\d_]+$/);
		t.is(spec.name.endsWith('_total'), spec.type === 'counter', spec.name);
	}
});

test('per-queue counters of the synthetic NIC and of its VF, with role and direction', async t => {
	const {second} = await twoScrapes('mana');
	const packets = second.samples.filter(s => s.name === 'hvtop_queue_packets_total');
	const vf = packets.filter(s => s.labels['role'] === 'vf');
	t.true(vf.length >= 32, 'the mana VF has 16 queues × 2 directions');
	t.true(vf.every(s => s.labels['driver'] === 'mana' && /^\d+$/.test(s.labels['queue']!)));
	t.deepEqual(new Set(packets.map(s => s.labels['direction'])), new Set(['receive', 'transmit']));
	t.true(vf.some(s => s.value > 0), 'the VF carries the load');
	const channels = second.samples.filter(s => s.name === 'hvtop_channels' && s.labels['role'] === 'vf' && s.labels['kind'] === 'combined');
	t.deepEqual(Object.fromEntries(channels.map(s => [s.labels['limit'], s.value])), {current: 16, max: 16});
	t.true(second.samples.some(s => s.name === 'hvtop_ring_buffer_bytes' && s.labels['device'] === 'eth0' && s.value > 0));
});

test('counters never go down between scrapes; the imbalance needs two', async t => {
	const {first, second} = await twoScrapes('elephant');
	t.false(first.samples.some(s => s.name === 'hvtop_queue_imbalance_ratio'), 'no imbalance from one reading');
	const before = new Map(first.samples.filter(s => s.name.endsWith('_total')).map(s => [`${s.name}${JSON.stringify(s.labels)}`, s.value]));
	const grew = second.samples.filter(s => s.name.endsWith('_total')).map(s => s.value - (before.get(`${s.name}${JSON.stringify(s.labels)}`) ?? 0));
	t.true(grew.every(delta => delta >= 0));
	t.true(grew.some(delta => delta > 0), 'the model moved to the clock\'s now');
	const imbalance = second.samples.find(s => s.name === 'hvtop_queue_imbalance_ratio' && s.labels['device'] === 'eth0');
	t.true(imbalance!.value > 2, `the elephant pins one queue: ${imbalance?.value}`);
});

test('the few-channels scenario says so: channels, vCPUs and the advice', async t => {
	const {second} = await twoScrapes('few-channels');
	t.is(second.samples.find(s => s.name === 'hvtop_cpus_online')?.value, 16);
	t.is(second.samples.find(s => s.name === 'hvtop_channels' && s.labels['device'] === 'eth0' && s.labels['limit'] === 'current')?.value, 2);
	t.true(second.samples.some(s => s.name === 'hvtop_advice_info' && s.labels['device'] === 'eth0' && s.labels['id'] === 'few-channels'));
	const rss = second.samples.filter(s => s.name === 'hvtop_rss_indirection_entries' && s.labels['device'] === 'eth0');
	t.is(rss.length, 2);
	t.is(rss.reduce((sum, s) => sum + s.value, 0), 128, 'the table\'s slots, split between the two queues');
});

test('OpenMetrics: the same families, counters named without _total, # EOF at the end', async t => {
	const exporter = modelExporter('balanced');
	const text = await exporter.exposition.render('openmetrics');
	t.true(text.endsWith('# EOF\n'));
	const parsed = parseExposition(text);
	t.is(parsed.types.get('hvtop_queue_packets'), 'counter');
	t.true(parsed.samples.some(s => s.name === 'hvtop_queue_packets_total'));
	// And the text format afterwards is unchanged (prom-client renames OpenMetrics counters in place).
	t.is(parseExposition(await exporter.exposition.render('text')).types.get('hvtop_queue_packets_total'), 'counter');
});

test('--raw-stats adds every ethtool -S name; without it there is none', async t => {
	const {second} = await twoScrapes('mana', {rawStats: true});
	const raw = second.samples.filter(s => s.name === 'hvtop_ethtool_stat');
	t.true(raw.some(s => s.labels['stat'] === 'rx_queue_0_packets' && s.labels['device'] === 'eth0'));
	t.true(raw.some(s => s.labels['role'] === 'vf'));
});

test('a change neither kept nor undone in the journal is hvtop_change_pending', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-export-'));
	mkdirSync(path.join(dir, 'journal'));
	const record = (id: string, seq: number, state: string) => JSON.stringify({v: 1, id, seq, state, ts: '', mono_ns: '0', boot_id: bootId(), host: 'h', dev: 'eth0', source: 'live', kind: 'channels', before: {}, after: {}, request: {}, max: {}, keep_timeout_ms: 30_000});
	writeFileSync(path.join(dir, 'journal', 'eth0.jsonl'), `${record('a', 1, 'KEPT')}\n${record('b', 1, 'JOURNALED')}\n${record('b', 2, 'AWAIT_CONFIRM')}\n`);
	writeFileSync(path.join(dir, 'journal', 'eth1.jsonl'), `${record('c', 1, 'REVERTED')}\n`);
	const {second} = await twoScrapes('balanced', {journal: openJournal(dir)});
	t.deepEqual(second.samples.filter(s => s.name === 'hvtop_change_pending'), [
		{name: 'hvtop_change_pending', labels: {device: 'eth0', id: 'b', kind: 'channels', state: 'AWAIT_CONFIRM'}, value: 1},
	]);
});

test('a change kept in this boot on the model is hvtop_change_unpersisted (no boot applies the model\'s settings)', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-export-'));
	mkdirSync(path.join(dir, 'journal'));
	const record = (id: string, state: string, boot = bootId()) => JSON.stringify({v: 1, id, seq: 1, state, ts: '', mono_ns: '0', boot_id: boot, host: 'h', dev: 'eth0', source: 'model', kind: 'rings', before: {}, after: {}, request: {}, max: {}, keep_timeout_ms: 30_000});
	writeFileSync(path.join(dir, 'journal', 'eth0.jsonl'), `${record('k', 'KEPT')}\n`);
	// Kept in an earlier boot (the reboot undid it), and undone: neither is unpersisted.
	writeFileSync(path.join(dir, 'journal', 'eth1.jsonl'), `${record('old', 'KEPT', 'another-boot')}\n`);
	writeFileSync(path.join(dir, 'journal', 'eth2.jsonl'), `${record('r', 'REVERTED')}\n`);
	const {second} = await twoScrapes('balanced', {journal: openJournal(dir)});
	t.deepEqual(second.samples.filter(s => s.name === 'hvtop_change_unpersisted'), [
		{name: 'hvtop_change_unpersisted', labels: {device: 'eth0', id: 'k', kind: 'rings'}, value: 1},
	]);
	t.false(second.samples.some(s => s.name === 'hvtop_change_pending'));
});

test('the flow hash is an info metric per flow type, in ethtool\'s letters', async t => {
	const {second} = await twoScrapes('udp-fragments');
	const eth0 = second.samples.filter(s => s.name === 'hvtop_flow_hash_info' && s.labels['device'] === 'eth0');
	t.deepEqual(eth0.map(s => s.labels['flow_type']).sort((a, b) => a!.localeCompare(b!)), ['tcp4', 'tcp6', 'udp4', 'udp6']);
	t.true(eth0.every(s => s.value === 1 && /^[sdfnmvtr]+$/.test(s.labels['fields']!)), JSON.stringify(eth0));
});

test('a wrong type is caught: the parser sees what the output declares', t => {
	const parsed = parseExposition('# TYPE hvtop_queue_packets_total gauge\nhvtop_queue_packets_total{queue="0"} 1\n');
	t.not(parsed.types.get('hvtop_queue_packets_total'), catalogue.queuePackets.type);
});

test('promtool check metrics passes on the output', async t => {
	if (!promtool()) {
		t.log(noPromtool);
		t.pass();
		return;
	}

	for (const scenario of ['mana', 'vf-rx-drops', 'large']) {
		// eslint-disable-next-line no-await-in-loop
		const {text} = await twoScrapes(scenario, {rawStats: true});
		const checked = spawnSync('promtool', ['check', 'metrics'], {input: text, encoding: 'utf8'});
		t.is(checked.status, 0, `${scenario}: ${checked.stdout}${checked.stderr}`);
	}
});

test('promtool check rules passes on contrib/prometheus/hvtop-rules.yml', t => {
	if (!promtool()) {
		t.log(noPromtool);
		t.pass();
		return;
	}

	const checked = spawnSync('promtool', ['check', 'rules', 'contrib/prometheus/hvtop-rules.yml'], {encoding: 'utf8'});
	t.is(checked.status, 0, checked.stdout + checked.stderr);
	t.regex(checked.stdout, /SUCCESS: \d+ rules found/);
});

test('a figure not known is no sample, not 0 (a gauge without labels included)', async t => {
	const exposition = createExposition(async () => new Map(), {rawStats: false});
	const parsed = parseExposition(await exposition.render('text'));
	t.is(parsed.types.get('hvtop_cpus_online'), 'gauge');
	t.deepEqual(parsed.samples, []);
});

test('each CPU\'s softirq share since the previous scrape: the two busy channels\' CPUs of few-channels at 100 %, none on the first scrape', async t => {
	const {first, second} = await twoScrapes('few-channels');
	t.false(first.samples.some(s => s.name === 'hvtop_cpu_softirq_ratio'), 'no share from one reading');
	const shares = new Map(second.samples.filter(s => s.name === 'hvtop_cpu_softirq_ratio').map(s => [Number(s.labels['cpu']), s.value]));
	t.is(shares.size, 16, 'one series per online CPU, not one per device');
	t.true([...shares.values()].every(share => share >= 0 && share <= 1));
	// The model's channels 0 and 1 of eth0 are on CPUs 0 and 2, and their packets cost more than a CPU has.
	t.is(shares.get(0), 1);
	t.is(shares.get(2), 1);
	t.true(shares.get(5)! < 0.2, `CPU 5 serves no eth0 channel: ${shares.get(5)}`);
});
