// hvtop (test/tuning/fixtures/hvtop.ts) as a child process inside a test's
// network namespace, and small facts about the veth it changes: for the live
// tests of the journal and the guard.
import {readFileSync} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {VethPair} from '../../helpers/netns.js';
import {openJournal, type Journal, type JournalRecord} from '../../../source/tuning/journal.js';
import {realMachine, scopeName, type Scope} from '../../../source/tuning/scope.js';
import {sleep} from './setup.js';

// The child process and the veth's channels: one implementation, in hvtop-run.ts.
export {hvtop, rxTx, setRxTx, type Run} from './hvtop-run.js';

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
