// Writes a persist plan's files (each with its record) and removes what
// hvtop wrote for a device: the I/O steps the command and the dashboard share.
import type {Result} from '../types.js';
import {ok} from '../types.js';
import type {PersistPlan} from './device-plan.js';
import {planWrites} from './describe.js';
import {applyRemove, applyWrite, readRecords, readSmall, removeDirs} from './io.js';
import {planRemoval, type Removal} from './record.js';
import {join} from 'node:path';

/** Writes every file of the plan; stops at the first failure (the ones before it are written and recorded). */
export async function writePlan(root: string, dev: string, plan: PersistPlan): Promise<Result<string[]>> {
	const written: string[] = [];
	for (const {write, target} of planWrites(plan)) {
		// eslint-disable-next-line no-await-in-loop
		const result = await applyWrite(root, write, dev, target.settings.name);
		if (!result.ok) {
			return written.length > 0 ? {ok: false, error: {...result.error, message: `${result.error.message} (already written: ${written.join(', ')})`}} : result;
		}

		written.push(write.path);
	}

	return ok(written);
}

/** What `--remove DEV` would do: one entry per file hvtop wrote for DEV. */
export async function planRemove(root: string, dev: string): Promise<Removal[]> {
	const records = (await readRecords(root)).filter(record => record.dev === dev);
	return Promise.all(records.map(async record => planRemoval(record, await readSmall(join(root, record.path)))));
}

export async function removeAll(root: string, removals: readonly Removal[]): Promise<Result<string[]>> {
	const removed: string[] = [];
	for (const removal of removals) {
		if (removal.kind === 'edited') {
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const result = await applyRemove(root, removal.record, removal.kind === 'remove');
		if (!result.ok) {
			return result;
		}

		removed.push(removal.record.path);
	}

	// A file left alone keeps its directories (rmdir fails on them).
	await removeDirs(root, removals.flatMap(removal => removal.record.createdDirs));
	return ok(removed);
}
