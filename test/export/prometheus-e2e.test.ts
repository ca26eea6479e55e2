// End to end: a real Prometheus (Debian's package) on a loopback port with its
// own config and data in a temp dir scrapes three `hvtop export --model`
// processes (dist/hvtop.js, so `npm run build` first), each a different
// scenario, one with a kept change in its journal; every alerting rule of contrib/prometheus is evaluated through the
// HTTP API, `hvtop fleet --json` lists the three VMs worst first, and an
// exporter killed shows as a target down (in Prometheus and in the fleet). Every process
// started here is killed in teardown, pass or fail.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {parse} from 'yaml';
import {bootId} from '../../source/tuning/journal.js';
import {root} from '../helpers/source-files.js';

const rulesFile = path.join(root, 'contrib/prometheus/hvtop-rules.yml');
const hvtop = path.join(root, 'dist/hvtop.js');
const scenarios = ['elephant', 'few-channels', 'vf-rx-drops'] as const;

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => {
				resolve(port);
			});
		});
	});
}

/** Polls `probe` until it returns a value, at most `ms`. */
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + ms;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			// eslint-disable-next-line no-await-in-loop
			const value = await probe();
			if (value !== undefined) {
				return value;
			}
		} catch (error) {
			last = error;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 500);
		});
	}

	throw new Error(`timed out waiting for ${what}${last ? `: ${(last instanceof Error ? last.message : JSON.stringify(last))}` : ''}`);
}

type Series = {metric: Record<string, string>; value: [number, string]};

async function query(api: string, expr: string): Promise<Series[]> {
	const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
	const body = await response.json() as {status: string; error?: string; data: {result: Series[]}};
	if (body.status !== 'success') {
		throw new Error(`${expr}: ${body.error ?? response.status}`);
	}

	return body.data.result;
}

const alerts = (): Array<{alert: string; expr: string}> =>
	(parse(readFileSync(rulesFile, 'utf8')) as {groups: Array<{rules: Array<{alert?: string; expr: string}>}>}).groups
		.flatMap(group => group.rules.flatMap(rule => (rule.alert ? [{alert: rule.alert, expr: rule.expr}] : [])));

const unavailable = (): string | undefined => {
	if (spawnSync('prometheus', ['--version']).error) {
		return 'prometheus not found: install Debian\'s prometheus package (scripts/test.sh does)';
	}

	return existsSync(hvtop) ? undefined : 'dist/hvtop.js missing: run npm run build first';
};

test.serial('Prometheus scrapes three exporters, the right alerts fire, a killed exporter is down', async t => {
	const missing = unavailable();
	if (missing) {
		t.log(missing);
		t.pass();
		return;
	}

	t.timeout(180_000);
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-prom-'));
	const children: ChildProcess[] = [];
	t.teardown(() => {
		for (const child of children) {
			child.kill('SIGKILL');
		}

		rmSync(dir, {recursive: true, force: true});
	});

	// The elephant's journal holds a change kept in this boot: on the model no boot applies it.
	const stateDir = path.join(dir, 'state');
	mkdirSync(path.join(stateDir, 'journal'), {recursive: true});
	writeFileSync(path.join(stateDir, 'journal', 'eth0.jsonl'), `${JSON.stringify({v: 1, id: 'kept-1', seq: 1, state: 'KEPT', ts: '', mono_ns: '0', boot_id: bootId(), host: 'h', dev: 'eth0', source: 'model', kind: 'rings', before: {}, after: {}, request: {}, max: {}, keep_timeout_ms: 30_000})}\n`);
	const ports = new Map<string, number>();
	for (const scenario of scenarios) {
		// eslint-disable-next-line no-await-in-loop
		const port = await freePort();
		ports.set(scenario, port);
		const state = scenario === 'elephant' ? ['--state-dir', stateDir] : [];
		const child = spawn(process.execPath, [hvtop, 'export', '--model', '--scenario', scenario, '--listen', `127.0.0.1:${port}`, ...state], {stdio: ['ignore', 'ignore', 'pipe']});
		children.push(child);
	}

	const instanceOf = (scenario: string): string => `127.0.0.1:${ports.get(scenario)!}`;
	const scenarioOf = (instance: string | undefined): string => scenarios.find(s => instanceOf(s) === instance) ?? `? ${instance}`;
	const promPort = await freePort();
	writeFileSync(path.join(dir, 'prometheus.yml'), [
		'global: {scrape_interval: 1s, evaluation_interval: 1s}',
		`rule_files: [${JSON.stringify(rulesFile)}]`,
		'scrape_configs:',
		'  - job_name: hvtop',
		`    static_configs: [{targets: [${scenarios.map(s => JSON.stringify(instanceOf(s))).join(', ')}]}]`,
		'',
	].join('\n'));
	const prometheus = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], {stdio: 'ignore'});
	children.push(prometheus);
	const api = `http://127.0.0.1:${promPort}`;

	await until('three targets up', 60_000, async () => {
		const up = await query(api, 'up{job="hvtop"} == 1');
		return up.length === 3 ? up : undefined;
	});
	// Rates need two scrapes in the window, the imbalance a second reading: wait for the recorded ratios.
	await until('rates of all three', 60_000, async () => {
		const rates = await query(api, 'hvtop:queue_imbalance:ratio');
		const drops = await query(api, 'hvtop:drops:rate5m');
		return new Set(rates.map(s => s.metric['instance'])).size === 3 && drops.length > 0 ? rates : undefined;
	});
	await new Promise(resolve => {
		setTimeout(resolve, 3000);
	});

	const firing = new Map<string, string[]>();
	for (const {alert, expr} of alerts()) {
		// eslint-disable-next-line no-await-in-loop
		const result = await query(api, expr);
		firing.set(alert, [...new Set(result.map(s => scenarioOf(s.metric['instance'])))].sort());
	}

	t.deepEqual(Object.fromEntries(firing), {
		HvtopQueueImbalanceHigh: ['elephant'],
		// The VF's hc_rx_discards_no_wqe; and two saturated CPUs of few-channels make netvsc count rx_no_memory.
		HvtopDropsRising: ['few-channels', 'vf-rx-drops'],
		HvtopChannelsBelowVcpus: ['few-channels', 'vf-rx-drops'],
		HvtopVfMissing: [],
		HvtopChangePending: [],
		HvtopChangeUnpersisted: ['elephant'],
		HvtopDeviceUnreadable: [],
		HvtopExporterDown: [],
	});
	// Every recorded series the dashboard shows has data (no change is pending anywhere; the elephant's kept one is not persisted).
	const rules = (parse(readFileSync(rulesFile, 'utf8')) as {groups: Array<{rules: Array<{record?: string}>}>}).groups.flatMap(group => group.rules);
	for (const record of rules.flatMap(rule => rule.record ?? [])) {
		// eslint-disable-next-line no-await-in-loop
		const series = await query(api, record);
		t.is(series.length > 0, record !== 'hvtop:change_pending:count', record);
	}

	// The dashboard's instance variable queries this.
	t.is((await query(api, 'hvtop_build_info')).length, 3);

	type Row = {instance: string; device?: string; up: boolean; channels?: number; vcpus?: number; imbalance?: number; dropsPerSecond?: number; vf?: string};
	const fleet = (): Row[] => {
		const run = spawnSync(process.execPath, [hvtop, 'fleet', '--prometheus', api, '--json'], {encoding: 'utf8'});
		t.is(run.status, 0, run.stderr);
		return run.stdout.trim().split('\n').map(line => JSON.parse(line) as Row);
	};

	const rows = fleet();
	t.deepEqual([...new Set(rows.map(row => scenarioOf(row.instance)))].sort(), [...scenarios].sort());
	const few = rows.find(row => scenarioOf(row.instance) === 'few-channels' && row.device === 'eth0');
	t.like(few, {channels: 2, vcpus: 16, up: true});
	t.true(rows.find(row => scenarioOf(row.instance) === 'elephant' && row.device === 'eth0')!.imbalance! > 2);
	t.true(rows.find(row => scenarioOf(row.instance) === 'vf-rx-drops' && row.vf)!.dropsPerSecond! > 0);
	// Worst first: the dropping NICs lead, the elephant (unbalanced, no drops) follows them.
	const firstCalm = rows.findIndex(row => !(row.dropsPerSecond! > 0));
	t.true(firstCalm > 0 && rows.slice(firstCalm).every(row => !(row.dropsPerSecond! > 0)), JSON.stringify(rows));

	children[1]!.kill('SIGKILL');
	const down = await until('the killed exporter down', 30_000, async () => {
		const result = await query(api, 'up{job="hvtop"} == 0');
		return result.length > 0 ? result : undefined;
	});
	t.deepEqual(down.map(s => scenarioOf(s.metric['instance'])), ['few-channels']);
	const exporterDown = alerts().find(rule => rule.alert === 'HvtopExporterDown')!;
	t.deepEqual((await query(api, exporterDown.expr)).map(s => scenarioOf(s.metric['instance'])), ['few-channels']);
	t.like(fleet()[0], {up: false, instance: instanceOf('few-channels')});
});
