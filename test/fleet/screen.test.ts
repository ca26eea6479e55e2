// hvtop fleet's dashboard in a real pseudo-terminal (dist/cli.js, so `npm run
// build` first), 80×24, against a fake Prometheus made here: rows worst first,
// the filter, sorting, drilling into a NIC's queues and back, Prometheus gone
// (said, the rows kept and marked stale) and back, help, q quits. --ascii and
// NO_COLOR: no glyph, no colour.
import {existsSync} from 'node:fs';
import test, {type ExecutionContext} from 'ava';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';
import {waitUntil} from '../helpers/ink.js';
import {cli} from '../helpers/built-cli.js';
import {root} from '../helpers/source-files.js';
import {startFakePrometheus, type FakePrometheus} from '../helpers/fake-prometheus.js';
import {fleetAnswers, fleetRange} from './fixtures.js';

function start(url: string, env: Record<string, string> = {}, extra: string[] = []) {
	const environment: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// Ink prints only the last frame when it sees CI: a person's terminal has no CI.
		if (value !== undefined && !['CI', 'NO_COLOR', 'FORCE_COLOR'].includes(key)) {
			environment[key] = value;
		}
	}

	const size = {cols: 80, rows: 24};
	const child = pty.spawn(process.execPath, [cli, 'fleet', '--prometheus', url, '--interval', '1', ...extra], {name: 'xterm-256color', ...size, cwd: root, env: {...environment, TERM: 'xterm-256color', ...env}});
	const terminal = new xterm.Terminal({...size, allowProposedApi: true});
	let output = '';
	let exitCode: number | undefined;
	child.onData(data => {
		output += data;
		terminal.write(data);
	});
	child.onExit(({exitCode: code}) => {
		exitCode = code;
	});
	const screen = (): string => {
		const buffer = terminal.buffer.active;
		return Array.from({length: terminal.rows}, (_, row) => buffer.getLine(row)?.translateToString(true) ?? '').join('\n');
	};

	return {
		child,
		screen,
		output: () => output,
		exited: () => exitCode,
		async shows(pattern: RegExp, what: string) {
			try {
				await waitUntil(() => pattern.test(screen()), what);
			} catch {
				throw new Error(`timed out waiting for ${what}; the screen:\n${screen()}`);
			}
		},
		stop() {
			if (exitCode === undefined) {
				child.kill();
			}
		},
	};
}

const missing = existsSync(cli) ? undefined : 'dist/cli.js missing: run npm run build first';

/** `hvtop fleet` in a terminal against a fake Prometheus with the fleet's answers, both ended after the test; undefined (said) when not built. */
async function fleetOnFake(t: ExecutionContext, env: Record<string, string> = {}, extra: string[] = []): Promise<{prometheus: FakePrometheus; app: ReturnType<typeof start>} | undefined> {
	if (missing) {
		t.log(missing);
		t.pass();
		return undefined;
	}

	const prometheus = await startFakePrometheus({answers: () => fleetAnswers, range: fleetRange});
	t.teardown(async () => prometheus.close());
	const app = start(prometheus.url, env, extra);
	t.teardown(() => {
		app.stop();
	});
	return {prometheus, app};
}

test.serial('rows worst first; / filters, s sorts, Enter shows a NIC\'s queues and CPUs, Esc goes back, q quits', async t => {
	const fleet = await fleetOnFake(t);
	if (!fleet) {
		return;
	}

	const {prometheus, app} = fleet;
	await app.shows(/old-1:9469/, 'the rows');
	const rowsOf = () => app.screen().split('\n').filter(line => /:9469/.test(line)).map(line => /(\S+:9469)\s+(\S+)/.exec(line)!.slice(1).join(' '));
	// A frame may be half drawn when looked at: wait for the rows rather than read them once.
	const rowsAre = async (expected: string[], what: string) => {
		await waitUntil(() => JSON.stringify(rowsOf()) === JSON.stringify(expected), what).catch(() => {
			throw new Error(`${what}: rows ${JSON.stringify(rowsOf())}`);
		});
		t.pass(what);
	};

	await rowsAre(['vm-c:9469 -', 'vm-a:9469 eth0', 'db-1:9469 eth1', 'vm-b:9469 eth0', 'db-1:9469 eth0', 'old-1:9469 eth0'], 'worst first');
	t.regex(app.screen(), /5 VMs, 5 NICs\s+sort: worst/);
	t.regex(app.screen(), /1 target down, 1 stale/);
	t.regex(app.screen(), /\? help\s+q quit\s+Enter queues/);
	t.true(app.screen().split('\n').every(line => line.length <= 80));

	app.child.write('/db');
	await app.shows(/2 match "db"/, 'the filter');
	await rowsAre(['db-1:9469 eth1', 'db-1:9469 eth0'], 'the filtered rows');
	app.child.write('\r');
	app.child.write('\u001B');
	await app.shows(/5 NICs\s+sort: worst/, 'the filter cleared');

	app.child.write('s');
	await app.shows(/sort: host/, 'sorted by host');
	await rowsAre(['db-1:9469 eth0', 'db-1:9469 eth1', 'old-1:9469 eth0', 'vm-a:9469 eth0', 'vm-b:9469 eth0', 'vm-c:9469 -'], 'by host');
	app.child.write('ssssss');
	await app.shows(/sort: worst/, 'back to worst first');

	// Down to vm-a (the first row is vm-c, down), Enter: its queues and CPUs from the range queries.
	app.child.write('\u001B[B');
	await app.shows(/› vm-a:9469/, 'vm-a selected');
	app.child.write('\r');
	await app.shows(/cpu 3\s+400\s+400\s+█{40}/, 'vm-a\'s queues and CPUs');
	t.regex(app.screen(), /vm-a:9469 eth0 \+ VF enP1: packets\/s per queue and CPU/);
	t.regex(app.screen(), /eth0 q0\s+10\s+10/);
	t.regex(app.screen(), /enP1 q1\s+4\.00k\s+50\s+▂+▃+▄+▅+▆+▇+█+$/m, 'q1\'s sparkline rises to the top');
	t.regex(app.screen(), /enP1 q0\s+50\s+50\s+▂{40}$/m, 'the others idle along on the same scale');
	app.child.write('\u001B');
	await app.shows(/HOST\s+NIC/, 'back to the fleet');

	app.child.write('?');
	await app.shows(/sort: worst, host, rx, tx, imbalance, drops, advice/, 'the help');
	t.regex(app.screen(), /move by a row or a page \(Home, End: to the ends\)/, 'no help line wraps at 80 columns');
	app.child.write('q');
	await app.shows(/HOST\s+NIC/, 'help closed');
	app.child.write('q');
	await waitUntil(() => app.exited() !== undefined, 'hvtop fleet to exit');
	t.is(app.exited(), 0);
	t.true(app.output().includes('\u001B[?1049l'), 'the terminal is restored');
	t.true(prometheus.requests.includes('/api/v1/query_range'));
});

test.serial('Prometheus unreachable: said, the last rows kept and marked stale; a failed query is said; back again: fresh', async t => {
	const fleet = await fleetOnFake(t);
	if (!fleet) {
		return;
	}

	const {prometheus, app} = fleet;
	await app.shows(/old-1:9469/, 'the rows');
	await prometheus.setReachable(false);
	app.child.write('r');
	await app.shows(/PROMETHEUS UNREACHABLE at http:\/\/127\.0\.0\.1:\d+:\s+connect\s+ECONNREFUSED/, 'unreachable said');
	t.regex(app.screen(), /rows of \d\d:\d\d:\d\d kept \(stale\);\s+retry\s+every\s+1\s+s,\s+r\s+now/);
	t.regex(app.screen(), /vm-a:9469\s+eth0.*stale$/m);
	t.is(app.exited(), undefined, 'it keeps running');
	await prometheus.setReachable(true);
	prometheus.failing('imbalance');
	await app.shows(/QUERY FAILED: query failed \(HTTP 400\): 1:1: parse error/, 'the failed query said (the interval brought it back)');
	t.regex(app.screen(), /vm-a:9469\s+eth0.*\?.*ok$/m);
	prometheus.failing(undefined);
	await app.shows(/1 target down, 1 stale/, 'all well again');
	app.child.write('q');
	await waitUntil(() => app.exited() !== undefined, 'hvtop fleet to exit');
	t.is(app.exited(), 0);
});

test.serial('NO_COLOR and --ascii: no colour and not one non-ASCII character reaches the terminal', async t => {
	const fleet = await fleetOnFake(t, {NO_COLOR: '1'}, ['--ascii']);
	if (!fleet) {
		return;
	}

	const {app} = fleet;
	await app.shows(/old-1:9469/, 'the rows');
	await app.shows(/> vm-c:9469/, 'the selection, a pointer');
	app.child.write('\u001B[B');
	await app.shows(/> vm-a:9469/, 'vm-a selected');
	app.child.write('\r');
	await app.shows(/enP1 q1/, 'the queues with their sparklines');
	app.child.write('\u001B?');
	await app.shows(/sort: worst/, 'the help');
	t.notRegex(app.output(), /\u001B\[(?:\d+;)*(?:3[0-7]|9[0-7])m/);
	t.deepEqual([...new Set(app.output().match(/[^\u0000-\u007F]/g) ?? [])], []);
	app.child.write('qq');
	await waitUntil(() => app.exited() !== undefined, 'hvtop fleet to exit');
});
