// The bin is dist/hvtop.js, bundled by scripts/bundle.ts with fixes to Ink's
// dependencies. These tests check that it behaves as the unbundled build in
// every mode, and that the fixes leave every byte on screen as it was.
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import pty from 'node-pty';
import {isCompleteFrame} from '../../scripts/bench/frame.js';
import {startInPty} from '../../scripts/bench/pty.js';
import {binEnv, binNodeFlags, bundle} from '../../scripts/bundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/hvtop.js');
const unbundled = path.join(root, 'dist/cli.js');
const scratch = path.join(root, 'node_modules/.cache/hvtop-test');

type Run = {code: number | null; stdout: string; stderr: string};

async function run(argv: readonly string[], env: Record<string, string> = {}): Promise<Run> {
	const [file, ...args] = argv;
	// Ink writes only its last frame when it sees CI (as CI runs these tests): the child is a terminal user's.
	const childEnv: NodeJS.ProcessEnv = {...process.env, ...env, NO_COLOR: '1'};
	delete childEnv['CI'];
	return new Promise(resolve => {
		execFile(file!, args, {cwd: root, timeout: 60_000, maxBuffer: 64 << 20, env: childEnv}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
		});
	});
}

// The guard stamps its lines with the time.
const untimed = (text: string) => text.replaceAll(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');

test.before(() => {
	if (!existsSync(bin) || !existsSync(unbundled)) {
		throw new Error('dist/hvtop.js or dist/cli.js is missing: run npm run build first (npm test does)');
	}

	mkdirSync(scratch, {recursive: true});
});

test('the bin starts node with the measured flags', t => {
	const first = readFileSync(bin, 'utf8').split('\n', 1)[0];
	t.is(first, `#!/usr/bin/env -S ${Object.entries(binEnv).map(([name, value]) => `${name}=${value}`).join(' ')} node ${binNodeFlags.join(' ')}`);
	const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {bin: Record<string, string>};
	t.is(packageJson.bin['hvtop'], 'dist/hvtop.js');
});

for (const argv of [['--help'], ['--version'], ['--list-scenarios'], ['--bogus'], ['set'], ['set', '--help'], ['rollback', '--help'], ['guard'], ['--once', '--device', 'nope', '--model']]) {
	test(`hvtop ${argv.join(' ')}: the bundle answers as the unbundled build`, async t => {
		const [bundled, plain] = await Promise.all([run([bin, ...argv]), run([process.execPath, unbundled, ...argv])]);
		t.is(bundled.code, plain.code);
		t.is(untimed(bundled.stdout), untimed(plain.stdout));
		t.is(untimed(bundled.stderr), untimed(plain.stderr));
	});
}

test('--once and --json print a snapshot of the model', async t => {
	const once = await run([bin, '--once', '--scenario', 'large']);
	t.is(once.code, 0, once.stderr);
	t.regex(once.stdout, /eth0 {2}hv_netvsc/);
	t.regex(once.stdout, /rx pps/);
	const json = await run([bin, '--json', '--count', '2', '--interval', '0.2']);
	t.is(json.code, 0, json.stderr);
	// One line per device per snapshot.
	const lines = json.stdout.trim().split('\n').map(line => JSON.parse(line) as {device: string});
	t.deepEqual(lines.map(line => line.device), ['eth0', 'eth1', 'eth0', 'eth1']);
});

test('set and rollback on the model, with the in-process guard', async t => {
	const stateDir = mkdtempSync(path.join(os.tmpdir(), 'hvtop-bundle-'));
	try {
		const set = await run([bin, 'set', 'channels', 'eth0', '4', '--model', '--yes'], {HVTOP_STATE_DIR: stateDir});
		t.is(set.code, 0, set.stderr);
		t.regex(set.stdout, /KEPT +eth0 channels: kept combined 4/);
		const rollback = await run([bin, 'rollback', 'eth0', '--model'], {HVTOP_STATE_DIR: stateDir});
		t.is(rollback.code, 0, rollback.stderr);
	} finally {
		rmSync(stateDir, {recursive: true, force: true});
	}
});

test('the dashboard runs in a terminal and quits on q', async t => {
	const screen = startInPty([bin, '--scenario', 'large'], {cwd: root, screen: true});
	try {
		t.not(await screen.waitForScreen(isCompleteFrame, 30_000), undefined, (await screen.screen()).join('\n'));
	} finally {
		await screen.stop();
	}

	const child = pty.spawn(bin, ['--model'], {cols: 100, rows: 30, cwd: root, env: {...process.env, TERM: 'xterm-256color'} as Record<string, string>});
	let seen = '';
	child.onData(data => {
		seen += data;
		if (seen.includes('rx pps')) {
			child.write('q');
			seen = '';
		}
	});
	const exit = await new Promise<number>(resolve => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
		}, 30_000);
		child.onExit(({exitCode}) => {
			clearTimeout(timer);
			resolve(exitCode);
		});
	});
	t.is(exit, 0);
});

test('the dependency fixes change no byte on screen', async t => {
	const outputs: Record<string, Record<string, string[]>> = {};
	for (const variant of ['plain', 'fixed'] as const) {
		const file = path.join(scratch, `frames-${variant}.js`);
		// eslint-disable-next-line no-await-in-loop
		await bundle({entry: 'test/perf/frames-entry.tsx', outfile: file, ...(variant === 'plain' ? {fastWidth: false, patches: false} : {})});
		// eslint-disable-next-line no-await-in-loop
		const result = await run([process.execPath, file], {FORCE_COLOR: '3', NO_COLOR: ''});
		t.is(result.code, 0, result.stderr);
		outputs[variant] = JSON.parse(result.stdout) as Record<string, string[]>;
	}

	const {plain, fixed} = outputs as {plain: Record<string, string[]>; fixed: Record<string, string[]>};
	t.true(Object.keys(plain).length >= 5);
	for (const [name, frames] of Object.entries(plain)) {
		t.true(frames.length > 0, name);
		t.deepEqual(fixed[name], frames, name);
	}

	// Colour was on, and the table was drawn.
	t.true(plain['large-queues-120x40']!.some(frame => frame.includes('\u001B[') && frame.includes('rx pps')));
});
