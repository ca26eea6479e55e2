// The journal of a device under a base state dir, wherever its scope put it:
// BASE/net-<netns>[-m<machine>]/journal/DEV.jsonl (or BASE/journal/ when
// the base is a scope dir itself). Tests look at the records hvtop wrote.
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {openJournal, type JournalRecord} from '../../../source/tuning/journal.js';

/** Every scope dir under `base` that has a journal for `dev`, with its records. */
export async function scopedJournals(base: string, dev: string): Promise<Array<{dir: string; records: JournalRecord[]}>> {
	const names = await readdir(base).catch(() => [] as string[]);
	const found: Array<{dir: string; records: JournalRecord[]}> = [];
	for (const dir of [base, ...names.filter(n => n.startsWith('net-')).map(n => path.join(base, n))]) {
		// eslint-disable-next-line no-await-in-loop
		const records = await openJournal(dir).read(dev);
		if (records.length > 0) {
			found.push({dir, records});
		}
	}

	return found;
}

/** The records of `dev` under `base` (all scopes together, in scope-dir order). */
export async function journalRecords(base: string, dev: string): Promise<JournalRecord[]> {
	return (await scopedJournals(base, dev)).flatMap(j => j.records);
}
