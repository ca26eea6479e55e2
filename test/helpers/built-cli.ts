// The built program (dist/cli.js) as a process, as an admin runs it: what it
// printed and its exit status, or a change left at its keep question.
import {execFile, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {root} from './source-files.js';

export const cli = path.join(root, 'dist', 'cli.js');

export type CliRun = {readonly code: number; readonly stdout: string; readonly stderr: string};

/** Throws with the way out when the program was not built (npm test builds it). */
export function assertBuilt(): void {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: run npm run build first (npm test does)');
	}
}

/** `hvtop ARGS…` with this process's environment and `env` over it; -1 when it did not exit by itself (timeout, signal). */
export async function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {env: {...process.env, ...env}, timeout: 90_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr});
		});
	});
}

export type RunningCli = {
	readonly child: ChildProcessWithoutNullStreams;
	/** What it has printed on stdout so far. */
	readonly stdout: () => string;
	readonly exited: Promise<CliRun>;
};

/** `hvtop ARGS…` started, its output kept; `exited` settles when it has closed. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): RunningCli {
	const child = spawn(process.execPath, [cli, ...args], {env: {...process.env, ...env}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Uint8Array) => {
		stdout += String(chunk);
	});
	child.stderr.on('data', (chunk: Uint8Array) => {
		stderr += String(chunk);
	});
	const exited = new Promise<CliRun>(resolve => {
		child.on('close', code => {
			resolve({code: code ?? -1, stdout, stderr});
		});
	});
	return {child, stdout: () => stdout, exited};
}

/** `hvtop set …` started and left at its keep question (stdin open, unanswered); rejects when it ends before asking. */
export async function askedToKeep(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<RunningCli> {
	const running = startCli(args, env);
	await new Promise<void>((resolve, reject) => {
		running.child.stdout.on('data', () => {
			if (running.stdout().includes('keep? [y/N]')) {
				resolve();
			}
		});
		void running.exited.then(run => {
			reject(new Error(`set ended before asking to keep (exit ${run.code}): ${run.stdout}${run.stderr}`));
		});
	});
	return running;
}
