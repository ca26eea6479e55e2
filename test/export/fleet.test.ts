// hvtop fleet on canned Prometheus answers: rows per VM and NIC with the VF's
// figures counted for its NIC, worst first, and what it says when Prometheus
// is unreachable or one query fails.
import {PassThrough} from 'node:stream';
import test from 'ava';
import {runFleetCommand} from '../../source/commands/fleet.js';
import type {Fetch} from '../../source/fleet/prometheus-api.js';
import {fleetQueries} from '../../source/fleet/queries.js';
import {fleetRows, type Answers} from '../../source/fleet/rows.js';

const s = (labels: Record<string, string>, value: number) => ({labels, value});
const a = 'vm-a:9469';
const b = 'vm-b:9469';
const c = 'vm-c:9469';

const answers: Answers = {
	up: [s({instance: a}, 1), s({instance: b}, 1), s({instance: c}, 0)],
	nics: [s({instance: a, device: 'eth0', vf_device: 'enP1'}, 1), s({instance: b, device: 'eth0', vf_device: ''}, 1)],
	cpus: [s({instance: a}, 16), s({instance: b}, 16)],
	channels: [
		s({instance: a, device: 'eth0', limit: 'current'}, 16), s({instance: a, device: 'eth0', limit: 'max'}, 16),
		s({instance: a, device: 'enP1', limit: 'current'}, 4), s({instance: a, device: 'enP1', limit: 'max'}, 16),
		s({instance: b, device: 'eth0', limit: 'current'}, 2), s({instance: b, device: 'eth0', limit: 'max'}, 16),
	],
	packets: [s({instance: a, device: 'eth0', direction: 'receive'}, 1000), s({instance: a, device: 'eth0', direction: 'transmit'}, 500)],
	imbalance: [s({instance: a, device: 'eth0', role: 'synthetic'}, 1.1), s({instance: a, device: 'enP1', role: 'vf'}, 3.5), s({instance: b, device: 'eth0', role: 'synthetic'}, 1.5)],
	drops: [s({instance: a, device: 'enP1', role: 'vf'}, 12)],
	advice: [s({instance: b, device: 'eth0'}, 2)],
	pending: [],
};

test('one row per VM and NIC, the VF counted for its NIC, worst first: down, dropping, few channels', t => {
	const rows = fleetRows(answers);
	t.deepEqual(rows.map(row => [row.instance, row.device ?? '-']), [[c, '-'], [a, 'eth0'], [b, 'eth0']]);
	t.like(rows[1], {vf: 'enP1', vfChannels: 4, imbalance: 3.5, dropsPerSecond: 12, rxPps: 1000, txPps: 500, channels: 16, vcpus: 16});
	t.like(rows[2], {channels: 2, maxChannels: 16, advice: 2, dropsPerSecond: 0});
	t.false(rows[0]!.up);
});

function io() {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	return {io: {stdin: new PassThrough(), stdout, stderr, env: {}}, out: () => out, err: () => err};
}

const serve = (fail?: string): Fetch => async url => {
	const expr = new URL(url).searchParams.get('query');
	const name = Object.entries(fleetQueries).find(([, query]) => query === expr)?.[0] as keyof Answers;
	if (name === fail) {
		return {status: 400, json: async () => ({status: 'error', error: 'parse error'})};
	}

	const result = (answers[name] ?? []).map(series => ({metric: series.labels, value: [0, String(series.value)]}));
	return {status: 200, json: async () => ({status: 'success', data: {resultType: 'vector', result}})};
};

test('--once prints the table worst first; --json one object per row', async t => {
	const once = io();
	t.is(await runFleetCommand(['--prometheus', 'http://prom:9090', '--once'], once.io, {fetch: serve()}), 0);
	const lines = once.out().trim().split('\n');
	t.regex(lines[0]!, /^HOST\s+NIC\s+CHANNELS\s+VCPUS/);
	t.regex(lines[1]!, /^vm-c:9469\s+-\s+target down/);
	t.regex(lines[2]!, /^vm-a:9469\s+eth0\s+16\/16\s+16\s+enP1 \(4\)/);
	t.regex(lines[3]!, /^vm-b:9469\s+eth0\s+2\/16!/);
	const json = io();
	await runFleetCommand(['--prometheus', 'http://prom:9090', '--json'], json.io, {fetch: serve()});
	t.is(json.out().trim().split('\n').map(line => JSON.parse(line) as {instance: string}).length, 3);
});

test('a failed query is said, its column is ?, and the exit status is 1', async t => {
	const run = io();
	t.is(await runFleetCommand(['--prometheus', 'http://prom:9090', '--once'], run.io, {fetch: serve('imbalance')}), 1);
	t.regex(run.err(), /query failed \(HTTP 400\): parse error/);
	t.regex(run.out(), /vm-a:9469\s+eth0.*\s\?\s/);
});

test('an unreachable Prometheus is one clear line and exit 1', async t => {
	const run = io();
	const refused: Fetch = async () => {
		throw Object.assign(new TypeError('fetch failed'), {cause: new Error('connect ECONNREFUSED 127.0.0.1:1')});
	};

	t.is(await runFleetCommand(['--prometheus', 'http://127.0.0.1:1', '--once'], run.io, {fetch: refused}), 1);
	t.is(run.err(), 'hvtop fleet: cannot reach Prometheus at http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n');
	t.is(run.out(), '');
});

test('usage: --prometheus is required; --interval is the dashboard\'s; not a terminal: the table once, said so', async t => {
	const none = io();
	t.is(await runFleetCommand(['--once'], none.io), 2);
	const badInterval = io();
	t.is(await runFleetCommand(['--prometheus', 'http://prom:9090', '--interval', '0'], badInterval.io), 2);
	t.regex(badInterval.err(), /--interval must be seconds from 1 to 3600, got "0"/);
	const both = io();
	t.is(await runFleetCommand(['--prometheus', 'http://prom:9090', '--once', '--interval', '5'], both.io), 2);
	const piped = io();
	t.is(await runFleetCommand(['--prometheus', 'http://prom:9090'], piped.io, {fetch: serve()}), 0);
	t.regex(piped.err(), /standard input is not a terminal, so the dashboard cannot run; printing the table once instead/);
	t.regex(piped.out(), /^HOST\s+NIC/);
});
