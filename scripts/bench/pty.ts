// Runs a command in a real pseudo-terminal (node-pty), as an admin's SSH
// session would, optionally mirrored into a headless xterm so the bench can
// look at the screen the user would see.
import process from 'node:process';
import xterm from '@xterm/headless';
import pty from 'node-pty';

export type PtyOptions = {
	readonly cols?: number;
	readonly rows?: number;
	readonly cwd?: string;
	readonly env?: Record<string, string>;
	/** Keep a screen image (costs the bench, not the child). */
	readonly screen?: boolean;
};

export type PtyRun = {
	readonly pid: number;
	/** Bytes the child has written so far. */
	bytes(): number;
	/** The visible screen, one string per row, once pending output is parsed. */
	screen(): Promise<string[]>;
	/** Resolves with ms since spawn when `test(screen)` first holds after a write; undefined on timeout or exit. */
	waitForScreen(test: (lines: readonly string[]) => boolean, timeoutMs: number): Promise<number | undefined>;
	alive(): boolean;
	/** Types `data` into the terminal (keys). */
	write(data: string): void;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
	stop(graceMs?: number): Promise<void>;
};

/**
 * The environment for a measured child: ours without CI markers (Ink prints
 * only the last frame when it thinks it runs in CI) and without NODE_ENV (the
 * bin entry must choose the production build itself).
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !['CI', 'CONTINUOUS_INTEGRATION', 'NODE_ENV'].includes(key) && !key.startsWith('npm_')) {
			env[key] = value;
		}
	}

	return {...env, TERM: 'xterm-256color', LC_ALL: 'C.UTF-8', ...extra};
}

export function startInPty(argv: readonly string[], options: PtyOptions = {}): PtyRun {
	const cols = options.cols ?? 120;
	const rows = options.rows ?? 40;
	const [file, ...args] = argv;
	const started = performance.now();
	const child = pty.spawn(file!, args, {name: 'xterm-256color', cols, rows, cwd: options.cwd ?? process.cwd(), env: options.env ?? childEnv()});
	const terminal = options.screen ? new xterm.Terminal({cols, rows, allowProposedApi: true}) : undefined;
	let bytes = 0;
	let exited = false;
	const exitWaiters: Array<() => void> = [];
	const dataWaiters = new Set<() => void>();

	child.onData(data => {
		bytes += Buffer.byteLength(data);
		if (terminal) {
			terminal.write(data, () => {
				for (const waiter of [...dataWaiters]) {
					waiter();
				}
			});
		}
	});
	child.onExit(() => {
		exited = true;
		for (const waiter of exitWaiters.splice(0)) {
			waiter();
		}

		for (const waiter of [...dataWaiters]) {
			waiter();
		}
	});

	const lines = (): string[] => {
		if (!terminal) {
			return [];
		}

		const buffer = terminal.buffer.active;
		const out: string[] = [];
		for (let y = 0; y < rows; y++) {
			out.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}

		return out;
	};

	const screen = async (): Promise<string[]> => new Promise(resolve => {
		if (!terminal) {
			resolve([]);
			return;
		}

		terminal.write('', () => {
			resolve(lines());
		});
	});

	const waitForScreen = async (test: (lines: readonly string[]) => boolean, timeoutMs: number): Promise<number | undefined> => new Promise(resolve => {
		const finish = (value: number | undefined) => {
			clearTimeout(timer);
			dataWaiters.delete(check);
			resolve(value);
		};

		const check = () => {
			if (test(lines())) {
				finish(performance.now() - started);
			} else if (exited) {
				finish(undefined);
			}
		};

		const timer = setTimeout(() => {
			finish(undefined);
		}, timeoutMs);
		dataWaiters.add(check);
	});

	const stop = async (graceMs = 3000): Promise<void> => {
		if (exited) {
			terminal?.dispose();
			return;
		}

		const gone = new Promise<void>(resolve => exitWaiters.push(resolve));
		child.kill('SIGTERM');
		const timer = setTimeout(() => {
			if (!exited) {
				child.kill('SIGKILL');
			}
		}, graceMs);
		await gone;
		clearTimeout(timer);
		terminal?.dispose();
	};

	return {pid: child.pid, bytes: () => bytes, screen, waitForScreen, alive: () => !exited, write(data) {
		child.write(data);
	}, stop};
}
