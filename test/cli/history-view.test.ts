// `--view history` from the built program: --json carries the window as
// compact aligned series, --once draws it on a time axis. The model with
// --demo steps exactly one interval per snapshot, so the times are exact.
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli.js');

async function hvtop(args: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: run npm run build first (npm test does)');
	}

	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {env: {...process.env, CI: 'true', NO_COLOR: '1'}, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

type HistoryView = {
	view: string; samples: number; start: number; step: number; at?: number[];
	device: Record<string, number[]>; resets: number[];
	queues: {rx: Record<string, Array<number | null>>; tx: Record<string, Array<number | null>>};
	vfQueues?: {rx: Record<string, Array<number | null>>};
	cpus: Record<string, Array<number | null>>;
};

test('--json --view history: each line holds the window so far as aligned arrays', async t => {
	t.timeout(120_000);
	const run = await hvtop(['--json', '--model', '--demo', '--scenario', 'mana', '--device', 'eth0', '--view', 'history', '--count', '4', '--interval', '0.2']);
	t.is(run.code, 0, run.stderr);
	const views = run.stdout.trim().split('\n').map(l => (JSON.parse(l) as {view: HistoryView}).view);
	t.deepEqual(views.map(v => v.samples), [1, 2, 3, 4]);
	const last = views.at(-1)!;
	t.is(last.view, 'history');
	t.is(last.step, 200);
	t.false('at' in last, 'evenly spaced');
	t.true(Object.values(last.device).every(series => series.length === 4));
	t.true(last.device['pps']!.every(v => v > 1e6), 'the mana scenario carries millions of packets/s');
	t.is(Object.keys(last.queues.rx).length, 16);
	t.is(Object.keys(last.vfQueues!.rx).length, 16);
	t.true(Object.values(last.cpus).every(series => series.length === 4));
	// Each line's window is the one before plus a sample.
	t.deepEqual(views[2]!.device['pps'], last.device['pps']!.slice(0, 3));
	t.is(last.start, views[0]!.start);
});

test('--once --view history: the device rows, the busiest queues and the axis', async t => {
	t.timeout(120_000);
	const run = await hvtop(['--once', '--model', '--demo', '--scenario', 'few-channels', '--device', 'eth0', '--view', 'history', '--count', '3', '--interval', '0.2']);
	t.is(run.code, 0, run.stderr);
	const text = run.stdout;
	t.regex(text, /collecting history/, 'one sample after the first interval: not yet a graph');
	t.regex(text, /history of eth0: last 0\.6s \(3 samples\)/);
	t.regex(text, /\nbusiest of 2 queues, rx\+tx pps on one scale\nq[01] /);
	t.regex(text, /\n {10,}-0\.6s +now\n/);
});
