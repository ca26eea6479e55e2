// Runs the built app in a real pseudo-terminal with virtual time (see
// virtual-time.ts) and turns what it writes into cast events stamped with
// virtual time. Chunks of output at the same instant are merged, so how the
// kernel happened to split them leaves no trace in the recording.
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {buildSync} from 'esbuild';
import xterm from '@xterm/headless';
import pty from 'node-pty';
import type {CastEvent} from './cast.js';
import {markerEnd, markerPrefix, type Command} from './protocol.js';
import {screenText} from './screen.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export type RecorderOptions = {
	readonly args: readonly string[];
	readonly cols: number;
	readonly rows: number;
	/** Real-time limit for one command, ms. */
	readonly commandTimeoutMs?: number;
};

export type Recorder = {
	/** Virtual ms. */
	readonly now: number;
	/** Let the app run until virtual time `ms`. */
	runUntil(ms: number): Promise<void>;
	/** Type keys at the current instant; they take effect before the next run returns. */
	type(keys: string): Promise<void>;
	/** The screen as the recording shows it so far, one string per row. */
	screen(): Promise<string[]>;
	events(): readonly CastEvent[];
	/** Quit (output from now on is not recorded): q, then SIGTERM if q was not enough; resolves with the exit code. */
	quit(): Promise<number>;
	/** Kill the app if still running and remove temporary files. */
	dispose(): void;
};

/** The environment the recorded app sees: nothing inherited that could change a frame. */
export function recordingEnv(extra: Record<string, string>): Record<string, string> {
	return {
		PATH: process.env['PATH'] ?? '/usr/bin:/bin',
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		TZ: 'UTC',
		...extra,
	};
}

function bundlePreload(dir: string): string {
	const outfile = path.join(dir, 'virtual-time.mjs');
	buildSync({
		entryPoints: [path.join(projectRoot, 'scripts/media/virtual-time.ts')],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'error',
	});
	return outfile;
}

async function listen(socketPath: string): Promise<{server: Server; connection: Promise<Socket>}> {
	const server = createServer();
	const connection = new Promise<Socket>(resolve => {
		server.once('connection', resolve);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(socketPath, resolve);
	});
	return {server, connection};
}

/** Splits the app's output into text and our markers, holding back a marker cut in two. */
export function createMarkerParser(onText: (text: string) => void, onMarker: (body: string) => void): (chunk: string) => void {
	let pending = '';
	return chunk => {
		pending += chunk;
		for (;;) {
			const start = pending.indexOf(markerPrefix);
			if (start === -1) {
				// Keep a tail that could be the start of a marker.
				let keep = 0;
				for (let n = Math.min(markerPrefix.length - 1, pending.length); n > 0; n--) {
					if (pending.endsWith(markerPrefix.slice(0, n))) {
						keep = n;
						break;
					}
				}

				onText(pending.slice(0, pending.length - keep));
				pending = pending.slice(pending.length - keep);
				return;
			}

			const end = pending.indexOf(markerEnd, start + markerPrefix.length);
			if (end === -1) {
				onText(pending.slice(0, start));
				pending = pending.slice(start);
				return;
			}

			onText(pending.slice(0, start));
			onMarker(pending.slice(start + markerPrefix.length, end));
			pending = pending.slice(end + markerEnd.length);
		}
	};
}

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
	const {cols, rows} = options;
	const commandTimeoutMs = options.commandTimeoutMs ?? 30_000;
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-media-'));
	const preload = bundlePreload(dir);
	const socketPath = path.join(dir, 'control.sock');
	const {server, connection} = await listen(socketPath);
	const child = pty.spawn(process.execPath, ['--import', pathToFileURL(preload).href, path.join(projectRoot, 'dist/cli.js'), ...options.args], {
		name: 'xterm-256color',
		cols,
		rows,
		cwd: projectRoot,
		env: recordingEnv({HVTOP_MEDIA_CONTROL: socketPath, HVTOP_STATE_DIR: path.join(dir, 'state'), HOME: dir}),
	});

	const terminal = new xterm.Terminal({cols, rows, allowProposedApi: true});
	const events: CastEvent[] = [];
	let now = 0;
	let recording = true;
	let stdinBytes = 0;
	let runs = 0;
	let transcript = '';
	const doneWaiters = new Map<number, () => void>();
	let exitCode: number | undefined;
	const exitWaiters: Array<(code: number) => void> = [];

	const parse = createMarkerParser(text => {
		if (text === '' || !recording) {
			return;
		}

		transcript = (transcript + text).slice(-4000);
		terminal.write(text);
		const last = events.at(-1);
		if (last && last[0] === now) {
			events[events.length - 1] = [now, last[1] + text];
		} else {
			events.push([now, text]);
		}
	}, body => {
		const [key, value] = body.split('=');
		if (key === 't') {
			now = Number(value);
		} else if (key === 'done') {
			doneWaiters.get(Number(value))?.();
		}
	});
	child.onData(parse);
	child.onExit(({exitCode: code}) => {
		exitCode = code;
		for (const waiter of exitWaiters.splice(0)) {
			waiter(code);
		}

		for (const waiter of doneWaiters.values()) {
			waiter();
		}
	});

	const failure = (what: string) => new Error(`${what} (app output so far, last part: ${JSON.stringify(transcript.slice(-600))})`);

	const withTimeout = async <T>(promise: Promise<T>, what: string): Promise<T> => {
		let timer: NodeJS.Timeout | undefined;
		try {
			return await Promise.race([promise, new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => {
					reject(failure(`${what}: no answer in ${commandTimeoutMs} ms`));
				}, commandTimeoutMs);
			})]);
		} finally {
			clearTimeout(timer);
		}
	};

	const exitedEarly = new Promise<never>((_resolve, reject) => {
		exitWaiters.push(code => {
			reject(failure(`the app exited (status ${code}) before it was driven`));
		});
	});
	exitedEarly.catch(() => undefined);
	const socket = await withTimeout(Promise.race([connection, exitedEarly]), 'the app did not load the virtual-time preload');
	// The app closes its end when it quits; that is not an error of the recording.
	socket.on('error', () => undefined);

	const send = async (until: number) => {
		if (exitCode !== undefined) {
			throw failure(`the app exited (status ${exitCode}) before virtual time ${until} ms`);
		}

		const run = ++runs;
		const done = new Promise<void>(resolve => {
			doneWaiters.set(run, resolve);
		});
		const command: Command = {run, until, stdin: stdinBytes};
		socket.write(`${JSON.stringify(command)}\n`);
		await withTimeout(done, `run ${run} until ${until} ms`);
		doneWaiters.delete(run);
		if (exitCode !== undefined) {
			throw failure(`the app exited (status ${exitCode}) before virtual time ${until} ms`);
		}
	};

	const screen = async () => {
		await new Promise<void>(resolve => {
			terminal.write('', resolve);
		});
		return screenText(terminal);
	};

	// Keys typed before Ink puts the terminal in raw mode would be echoed: wait for the first frame.
	const startedAt = Date.now();
	// eslint-disable-next-line no-await-in-loop
	while (!(await screen()).some(line => line.includes('hvtop'))) {
		if (Date.now() - startedAt > commandTimeoutMs || exitCode !== undefined) {
			throw failure('the app never drew its first frame');
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	await send(0);

	return {
		get now() {
			return now;
		},
		async runUntil(ms) {
			await send(ms);
		},
		async type(keys) {
			child.write(keys);
			stdinBytes += Buffer.byteLength(keys);
			await send(now);
		},
		screen,
		events: () => events,
		async quit() {
			recording = false;
			const exited = exitCode === undefined
				? new Promise<number>(resolve => {
					exitWaiters.push(resolve);
				})
				: Promise.resolve(exitCode);
			child.write('q');
			stdinBytes += 1;
			// Timers may still be due on the way out (Ink's unmount, pending ticks).
			void send(now + 5000).catch(() => undefined);
			// A dialog or the help screen may take q for itself.
			const timer = setTimeout(() => {
				child.kill('SIGTERM');
			}, 3000);
			try {
				return await withTimeout(exited, 'the app did not quit on q nor on SIGTERM');
			} finally {
				clearTimeout(timer);
			}
		},
		dispose() {
			if (exitCode === undefined) {
				child.kill('SIGKILL');
			}

			socket.destroy();
			server.close();
			terminal.dispose();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
