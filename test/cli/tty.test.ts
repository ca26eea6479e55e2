// hvtop in a real pseudo-terminal, as an admin over SSH gets it: colour unless
// NO_COLOR, a frame that follows the window size, q to quit.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';
import {waitUntil} from '../helpers/ink.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function start(env: Record<string, string> = {}, size = {cols: 100, rows: 30}, args = ['--demo', '--scenario', 'few-channels']) {
	const environment: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// Ink prints only the last frame when it sees CI: a person's terminal has no CI.
		if (value !== undefined && key !== 'CI' && key !== 'NO_COLOR' && key !== 'FORCE_COLOR') {
			environment[key] = value;
		}
	}

	const child = pty.spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], {
		name: 'xterm-256color',
		cols: size.cols,
		rows: size.rows,
		cwd: root,
		env: {...environment, TERM: 'xterm-256color', ...env},
	});
	let output = '';
	let exitCode: number | undefined;
	// A terminal emulator shows what the admin would see, not just the bytes.
	const terminal = new xterm.Terminal({cols: size.cols, rows: size.rows, allowProposedApi: true});
	child.onData(data => {
		output += data;
		terminal.write(data);
	});
	child.onExit(({exitCode: code}) => {
		exitCode = code;
	});
	return {
		child,
		terminal,
		screen(): string[] {
			const buffer = terminal.buffer.active;
			return Array.from({length: terminal.rows}, (_, row) => buffer.getLine(row)?.translateToString(true) ?? '');
		},
		resize(cols: number, rows: number) {
			child.resize(cols, rows);
			terminal.resize(cols, rows);
		},
		output: () => output,
		exited: () => exitCode,
		stop() {
			if (exitCode === undefined) {
				child.kill();
			}
		},
	};
}

// SGR colour: ESC [ … 3x/9x … m (foreground colours Ink uses).
const colour = /\u001B\[(?:\d+;)*(?:3[0-7]|9[0-7])m/;

test('colour in a terminal, q quits with status 0 and restores the screen', async t => {
	const app = start();
	t.teardown(() => {
		app.stop();
	});
	await waitUntil(() => app.output().includes('imbalance'), 'the first frame');
	t.regex(app.output(), colour);
	t.true(app.output().includes('\u001B[?1049h'), 'the alternate screen is used');
	app.child.write('q');
	await waitUntil(() => app.exited() !== undefined, 'hvtop to exit');
	t.is(app.exited(), 0);
	t.true(app.output().includes('\u001B[?1049l'), 'the terminal is restored');
});

test('NO_COLOR turns colour off, also in a terminal', async t => {
	const app = start({NO_COLOR: '1'});
	t.teardown(() => {
		app.stop();
	});
	await waitUntil(() => app.output().includes('imbalance'), 'the first frame');
	t.notRegex(app.output(), colour);
	app.child.write('q');
	await waitUntil(() => app.exited() !== undefined, 'hvtop to exit');
});

test('a resize re-lays the frame out for the new size', async t => {
	const app = start({}, {cols: 100, rows: 30});
	t.teardown(() => {
		app.stop();
	});
	await waitUntil(() => app.output().includes('rx pps, last'), 'the wide frame (with the history column label)');
	app.resize(60, 20);
	// At 60 columns there is no room for the history column, and the frame fits 20 rows.
	const screen = () => app.screen().join('\n');
	await waitUntil(() => screen().includes('tx pps') && !screen().includes('rx pps, last'), 'the narrow frame');
	const lines = app.screen();
	t.true(lines.some(line => /^all\s/.test(line)), screen());
	t.regex(lines.at(-2) ?? '', /^$|\S/);
	t.true(lines.filter(line => line.trim() !== '').length <= 19, screen());
	app.child.write('q');
	await waitUntil(() => app.exited() !== undefined, 'hvtop to exit');
});

test('SIGHUP while a change waits for keep: reverted at once, exit 129', async t => {
	const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-hup-'));
	const app = start({HVTOP_STATE_DIR: stateDir}, {cols: 100, rows: 30}, ['--scenario', 'few-channels', '--keep-timeout', '300']);
	t.teardown(() => {
		app.stop();
		rmSync(stateDir, {recursive: true, force: true});
	});
	await waitUntil(() => app.output().includes('imbalance'), 'the first frame');
	app.child.write('+');
	await waitUntil(() => app.screen().join('\n').includes('combined 2 → combined 3'), 'the dialog');
	app.child.write('y');
	await waitUntil(() => /keep\? \d+ s left/.test(app.screen().join('\n')), 'the countdown');
	process.kill(app.child.pid, 'SIGHUP');
	await waitUntil(() => app.exited() !== undefined, 'hvtop to exit');
	t.is(app.exited(), 129);
	// The model's journal: the change ends reverted, long before its 300 s deadline.
	const [model] = readdirSync(stateDir).filter(name => name.startsWith('model-'));
	const records = readFileSync(path.join(stateDir, model!, 'journal', 'eth0.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as {state: string});
	t.is(records.at(-1)?.state, 'REVERTED');
	t.true(records.some(record => record.state === 'AWAIT_CONFIRM'));
});

test('the model says so on its first screen, and quitting leaves one line per change in the terminal', async t => {
	const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-quit-'));
	const app = start({HVTOP_STATE_DIR: stateDir}, {cols: 100, rows: 30}, ['--model', '--scenario', 'few-channels']);
	t.teardown(() => {
		app.stop();
		rmSync(stateDir, {recursive: true, force: true});
	});
	await waitUntil(() => app.output().includes('imbalance'), 'the first frame');
	t.regex(app.screen().join('\n'), /this is the netvsc model/, 'the first screen says it is the model, not this machine');
	app.child.write('+');
	await waitUntil(() => app.screen().join('\n').includes('combined 2 → combined 3'), 'the dialog');
	app.child.write('y');
	await waitUntil(() => /keep\? \d+ s left/.test(app.screen().join('\n')), 'the countdown');
	app.child.write('y');
	await waitUntil(() => app.screen().join('\n').includes('kept: '), 'the change kept');
	app.child.write('q');
	await waitUntil(() => app.exited() !== undefined, 'hvtop to exit');
	t.is(app.exited(), 0);
	const after = app.output().split('\u001B[?1049l').at(-1) ?? '';
	t.regex(after, /hvtop: change \w+: eth0 channels: kept combined 3/, 'the line stays in the terminal after the screen is gone');
});

// Everything written to the terminal, glyphs of every part (tables, sparklines, bars, dialog frames, help).
for (const [name, args, env] of [
	['--ascii', ['--demo', '--scenario', 'few-channels', '--ascii'], {}],
	['a non-UTF-8 locale (LANG=C)', ['--demo', '--scenario', 'few-channels'], {LC_ALL: '', LC_CTYPE: '', LANG: 'C'}],
] as const) {
	test(`${name}: not one non-ASCII character reaches the terminal, in any screen`, async t => {
		const app = start(env, {cols: 100, rows: 30}, [...args]);
		t.teardown(() => {
			app.stop();
		});
		await waitUntil(() => app.output().includes('imbalance'), 'the first frame', 20_000);
		for (const key of ['2', '3', '4', '1', 'a', 'a', 'r']) {
			app.child.write(key);
			// eslint-disable-next-line no-await-in-loop
			await waitUntil(() => app.output().length > 0, 'output');
		}

		await waitUntil(() => app.screen().join('\n').includes('Change rings of eth0'), 'the ring dialog', 10_000);
		t.regex(app.screen().join('\n'), /\+-{20,}\+/, 'the dialog frame was drawn in ASCII');
		app.child.write('n');
		app.child.write('?');
		await waitUntil(() => app.screen().join('\n').includes('show or hide this help'), 'help', 10_000);
		t.deepEqual([...new Set(app.output().match(/[^\u0000-\u007F]/g) ?? [])], []);
		app.child.write('q');
		app.child.write('q');
		await waitUntil(() => app.exited() !== undefined, 'hvtop to exit', 10_000);
	});
}
