// Runs ethtool as a child process: argv array (never a shell), LC_ALL=C so
// strerror() texts are English, a hard timeout and a bounded output size.
// A non-zero exit is not an error here — the caller hands it to the parser
// layer's errorFromEthtool; only "could not run it at all" becomes an OpError.
import {spawn} from 'node:child_process';
import {accessSync, constants} from 'node:fs';
import {failWith, fromSystemError, opError} from '../../errors.js';
import {fail, ok, type OpError, type Result} from '../../types.js';
import {defaultReadTimeoutMs} from './read-timeout.js';

export type EthtoolOutput = {
	/** null when the child was killed by a signal. */
	readonly exitCode: number | null;
	readonly stdout: string;
	readonly stderr: string;
};

export type RunOptions = {
	/** Path or name of the ethtool binary; default: /usr/sbin/ethtool, /sbin/ethtool, then PATH. */
	readonly ethtool?: string;
	/** Kill (SIGKILL) after this many ms; default 3000 (HVTOP_ETHTOOL_TIMEOUT: read-timeout.ts). */
	readonly timeoutMs?: number;
	/** Bytes per stream; default 4 MiB (a 64-queue `-S` is ~18 KB). */
	readonly maxBuffer?: number;
};

const defaultMaxBuffer = 4 * 1024 * 1024;

export const installHint = 'ethtool is not installed: apt-get install ethtool (Debian/Ubuntu), dnf install ethtool (RHEL/Fedora), tdnf install ethtool (Azure Linux / Mariner)';

// Non-root PATH on Debian lacks /usr/sbin, so look there first.
const candidates = ['/usr/sbin/ethtool', '/sbin/ethtool', '/usr/bin/ethtool'];

/**
 * The binary to run: an explicit path as given; otherwise (nothing, or the
 * bare name 'ethtool') the first executable candidate, else 'ethtool' on PATH.
 */
export function resolveEthtool(explicit?: string): string {
	if (explicit !== undefined && explicit !== '' && explicit !== 'ethtool') {
		return explicit;
	}

	for (const path of candidates) {
		try {
			accessSync(path, constants.X_OK);
			return path;
		} catch {}
	}

	return 'ethtool';
}

function spawnError(error: NodeJS.ErrnoException, binary: string): OpError {
	if (error.code === 'ENOENT') {
		return opError('ENOENT', `${installHint} (not found: ${binary})`);
	}

	if (error.code === 'EACCES') {
		return opError('EACCES', `cannot execute ${binary}: permission denied`);
	}

	return fromSystemError(error, `cannot run ${binary}: ${error.message}`, 'EUNKNOWN');
}

/** Run `ethtool ...args`. Resolves, never rejects. */
export async function runEthtool(args: readonly string[], options: RunOptions = {}): Promise<Result<EthtoolOutput>> {
	const binary = resolveEthtool(options.ethtool);
	const timeoutMs = options.timeoutMs ?? defaultReadTimeoutMs();
	const maxBuffer = options.maxBuffer ?? defaultMaxBuffer;

	return new Promise(resolve => {
		let settled = false;
		let timer: NodeJS.Timeout | undefined;
		const finish = (result: Result<EthtoolOutput>): void => {
			if (!settled) {
				settled = true;
				clearTimeout(timer);
				resolve(result);
			}
		};

		let child: ReturnType<typeof spawn>;
		try {
			child = spawn(binary, [...args], {
				env: {...process.env, LC_ALL: 'C', LANG: 'C'},
				stdio: ['ignore', 'pipe', 'pipe'],
				// Own process group, so a timeout kills a wrapper script's children too.
				detached: true,
			});
		} catch (error) {
			finish(fail(spawnError(error as NodeJS.ErrnoException, binary)));
			return;
		}

		const killGroup = (): void => {
			try {
				if (child.pid !== undefined) {
					process.kill(-child.pid, 'SIGKILL');
				}
			} catch {
				child.kill('SIGKILL');
			}
		};

		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let outBytes = 0;
		let errBytes = 0;
		const collect = (chunks: Buffer[], chunk: Buffer, size: number): number => {
			const next = size + chunk.length;
			if (next > maxBuffer) {
				killGroup();
				finish(failWith('ENOBUFS', `ethtool ${args.join(' ')} printed more than ${maxBuffer} bytes`));
			} else {
				chunks.push(chunk);
			}

			return next;
		};

		child.stdout?.on('data', (chunk: Buffer) => {
			outBytes = collect(out, chunk, outBytes);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			errBytes = collect(err, chunk, errBytes);
		});

		timer = setTimeout(() => {
			killGroup();
			// Don't wait for 'close': a grandchild could hold the pipes open.
			child.stdout?.destroy();
			child.stderr?.destroy();
			finish(failWith('ETIMEDOUT', `ethtool ${args.join(' ')} did not finish within ${timeoutMs} ms (killed)`));
		}, timeoutMs);

		child.on('error', (error: NodeJS.ErrnoException) => {
			finish(fail(spawnError(error, binary)));
		});
		child.on('close', (code: number | null) => {
			finish(ok({
				exitCode: code,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			}));
		});
	});
}
