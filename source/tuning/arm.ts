// Starting the guard outside the terminal's session, and talking to it.
// systemd-run puts it in its own unit (out of reach of logind's
// KillUserProcesses); elsewhere a detached child in its own session that
// ignores SIGHUP does. Arguments are arrays, never a shell string.
import {execFile, spawn} from 'node:child_process';
import {constants} from 'node:fs';
import {open, readlink, readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type {OpError, Result} from '../types.js';
import {fail, ok} from '../types.js';
import {failWith, opError} from '../errors.js';
import {ensurePrivateDir} from './state-dir.js';
import {encode, guardDir, guardLogPath, isFromGuard, lineReader, type ToGuard} from './wire.js';
import type {ChangeView} from './types.js';

export type SpawnedGuard = {
	/** Pid of the detached child; undefined under systemd (the unit owns it). */
	readonly pid?: number;
	readonly unit?: string;
};

export type ArmOptions = {
	/** argv that runs `hvtop guard` (the guard arguments are appended). */
	readonly command: readonly string[];
	readonly args: readonly string[];
	readonly stateDir: string;
	readonly id: string;
	readonly dev: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Default: when PID 1 is systemd and we share its network namespace. */
	readonly useSystemd?: boolean;
};

// The guard starts in / (it must not pin a mount): make loader arguments absolute.
function absoluteExecArgv(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const joined = /^--(import|loader|experimental-loader|require)=(.+)$/.exec(arg);
		const separate = /^--(import|loader|experimental-loader|require)$/.test(arg) ? argv[i + 1] : undefined;
		const value = joined?.[2] ?? separate;
		if (value === undefined) {
			out.push(arg);
			continue;
		}

		let resolved = value;
		if (value.startsWith('.')) {
			resolved = path.resolve(value);
		} else if (!value.startsWith('/') && !value.startsWith('file:')) {
			try {
				resolved = import.meta.resolve(value);
			} catch {}
		}

		out.push(`--${joined?.[1] ?? arg.slice(2)}=${resolved}`);
		if (separate !== undefined) {
			i++;
		}
	}

	return out;
}

// The single executable (release/hvtop) is its own program: its argv[1] is
// only the name it was started by. node:sea exists from Node 20.12.
function singleExecutable(): boolean {
	try {
		return (createRequire(process.execPath)('node:sea') as {isSea(): boolean}).isSea();
	} catch {
		return false;
	}
}

/** The argv that runs this program (node and its script by absolute path, or the single executable), before a subcommand. */
export function selfCommand(): string[] {
	const script = process.argv[1];
	return script && !singleExecutable() ? [process.execPath, ...absoluteExecArgv(process.execArgv), path.resolve(script)] : [process.execPath];
}

/** The argv that re-runs this program as `hvtop guard`. */
export const defaultGuardCommand = (): string[] => [...selfCommand(), 'guard'];

async function systemdUsable(): Promise<boolean> {
	try {
		const init = (await readFile('/proc/1/comm', 'utf8')).trim();
		// A unit runs in PID 1's network namespace: wrong for a device in another one.
		const [mine, init1] = await Promise.all([readlink('/proc/self/ns/net'), readlink('/proc/1/ns/net')]);
		return init === 'systemd' && mine === init1;
	} catch {
		return false;
	}
}

const spawnError = (message: string): OpError => opError('EGUARD', message);

async function viaSystemd(options: ArmOptions, unit: string): Promise<boolean> {
	const [program, ...rest] = options.command;
	if (!program) {
		return false;
	}

	const argv = ['--unit', unit, '--collect', '--quiet', '--property=KillMode=process', '--', program, ...rest, ...options.args, '--unit', unit];
	return new Promise(resolve => {
		execFile('systemd-run', argv, {timeout: 5000, env: options.env ?? process.env}, error => {
			resolve(!error);
		});
	});
}

export async function spawnGuard(options: ArmOptions): Promise<Result<SpawnedGuard>> {
	const unit = `hvtop-guard-${options.dev.replaceAll(/[^\w.-]/g, '_')}-${options.id}`;
	if ((options.useSystemd ?? (await systemdUsable())) && (await viaSystemd(options, unit))) {
		return ok({unit});
	}

	const [program, ...rest] = options.command;
	if (!program) {
		return fail(spawnError('no guard command'));
	}

	let log;
	try {
		const dir = ensurePrivateDir(guardDir(options.stateDir));
		if (!dir.ok) {
			return fail(spawnError(dir.error.message));
		}

		log = await open(guardLogPath(options.stateDir, options.id), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
	} catch (error) {
		return fail(spawnError(`cannot prepare the guard: ${(error as Error).message}`));
	}

	try {
		// Detached: its own session (setsid), no terminal, so a hang-up never reaches it.
		const child = spawn(program, [...rest, ...options.args], {
			detached: true,
			stdio: ['ignore', log.fd, log.fd],
			cwd: '/',
			env: options.env ?? process.env,
		});
		const started = await new Promise<Result<SpawnedGuard>>(resolve => {
			child.once('spawn', () => resolve(ok({...(child.pid === undefined ? {} : {pid: child.pid})})));
			child.once('error', error => resolve(fail(spawnError(`cannot start the guard (${program}): ${error.message}`))));
		});
		child.unref();
		return started;
	} finally {
		await log.close();
	}
}

export type GuardLink = {
	send(message: ToGuard): Promise<void>;
	close(): void;
	/** Called once when the socket closes. */
	onClose(listener: () => void): void;
};

/** Connect to the guard's socket, retrying while it starts; updates go to `onUpdate`. */
export async function connectGuard(socket: string, timeoutMs: number, onUpdate: (change: ChangeView) => void): Promise<Result<GuardLink>> {
	const until = performance.now() + timeoutMs;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const connected = await new Promise<net.Socket | undefined>(resolve => {
			const conn = net.connect(socket);
			conn.once('connect', () => {
				conn.removeAllListeners('error');
				resolve(conn);
			});
			conn.once('error', () => {
				conn.destroy();
				resolve(undefined);
			});
		});
		if (connected) {
			return ok(link(connected, onUpdate));
		}

		if (performance.now() >= until) {
			return failWith('ETIMEDOUT', `the guard did not open ${socket} within ${Math.round(timeoutMs / 1000)} s`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}
}

function link(conn: net.Socket, onUpdate: (change: ChangeView) => void): GuardLink {
	const closeListeners: Array<() => void> = [];
	let closed = false;
	conn.on('data', lineReader(message => {
		if (isFromGuard(message)) {
			onUpdate(message.change);
		}
	}));
	conn.on('error', () => undefined);
	conn.on('close', () => {
		closed = true;
		for (const listener of closeListeners) {
			listener();
		}
	});
	return {
		async send(message) {
			if (closed) {
				return;
			}

			await new Promise<void>(resolve => {
				conn.write(encode(message), () => resolve());
			});
		},
		close() {
			conn.end();
		},
		onClose(listener) {
			if (closed) {
				listener();
			} else {
				closeListeners.push(listener);
			}
		},
	};
}
