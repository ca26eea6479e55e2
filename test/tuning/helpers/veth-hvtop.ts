// hvtop (test/tuning/fixtures/hvtop.ts) as a child process inside a test's
// network namespace, and small facts about the veth it changes: for the live
// tests of the journal and the guard.
import type {ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {VethPair} from '../../helpers/netns.js';
import {openJournal, type Journal, type JournalRecord} from '../../../source/tuning/journal.js';
import {realMachine, scopeName, type Scope} from '../../../source/tuning/scope.js';
import {sleep} from './setup.js';

const fixture = path.resolve('test/tuning/fixtures/hvtop.ts');

export type Run = {
	readonly child: ChildProcess;
	output(): string;
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
	readonly exit: Promise<number | null>;
};

export function hvtop(pair: VethPair, dir: string, args: readonly string[]): Run {
	const child = pair.spawnIn(pair.nsA, ['env', `HVTOP_STATE_DIR=${dir}`, process.execPath, '--import=tsx', fixture, ...args], {cwd: process.cwd()});
	let text = '';
	const waiters = new Set<() => void>();
	const onData = (chunk: Buffer) => {
		text += chunk.toString();
		for (const waiter of waiters) {
			waiter();
		}
	};

	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const exit = new Promise<number | null>(resolve => {
		child.once('exit', code => {
			resolve(code);
		});
	});
	return {
		child,
		output: () => text,
		exit,
		async waitFor(pattern, timeoutMs = 20_000) {
			if (pattern.test(text)) {
				return;
			}

			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms; output:\n${text}`));
				}, timeoutMs);
				const check = () => {
					if (pattern.test(text)) {
						clearTimeout(timer);
						waiters.delete(check);
						resolve();
					}
				};

				waiters.add(check);
			});
		},
	};
}

export async function rxTx(pair: VethPair): Promise<{rx: number; tx: number}> {
	const result = await pair.exec(pair.nsA, ['ethtool', '-l', pair.devA]);
	const current = result.stdout.split('Current hardware settings:')[1] ?? '';
	return {rx: Number(/RX:\s+(\d+)/.exec(current)?.[1]), tx: Number(/TX:\s+(\d+)/.exec(current)?.[1])};
}

export async function setRxTx(pair: VethPair, n: number): Promise<void> {
	const result = await pair.exec(pair.nsA, ['ethtool', '-L', pair.devA, 'rx', String(n), 'tx', String(n)]);
	if (result.exitCode !== 0) {
		throw new Error(result.stderr);
	}
}

/** The scope of hvtop run by `hvtop()` in the pair's first namespace on the real machine. */
export async function vethScope(pair: VethPair): Promise<Scope> {
	return {netns: String((await stat(`/run/netns/${pair.nsA}`)).ino), machine: realMachine};
}

/** The state dir hvtop uses under HVTOP_STATE_DIR=`dir` (named by the code's own scopeName). */
export async function scopedDir(pair: VethPair, dir: string): Promise<string> {
	return path.join(dir, scopeName(await vethScope(pair)));
}

/** The journal hvtop in the pair's namespace reads and writes, stamped with its scope. */
export async function vethJournal(pair: VethPair, dir: string): Promise<Journal> {
	return openJournal(await scopedDir(pair, dir), await vethScope(pair));
}

export async function records(pair: VethPair, dir: string, dev: string): Promise<JournalRecord[]> {
	return (await vethJournal(pair, dir)).read(dev);
}

/** Alive and not a zombie. */
export const alive = (pid: number): boolean => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
};

/** Wait for an explicit condition (polled), failing the test after `timeoutMs`. */
export async function until(t: ExecutionContext, what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		// eslint-disable-next-line no-await-in-loop
		if (await check()) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(100);
	}

	t.fail(`timed out waiting for ${what}`);
}

export const guardPid = async (pair: VethPair, dir: string, dev: string): Promise<number> =>
	(await records(pair, dir, dev)).find(r => r.state === 'ARMED')?.guard?.pid ?? -1;
