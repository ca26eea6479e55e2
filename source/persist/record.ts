// The record of what hvtop wrote, kept beside nothing it touches
// (/var/lib/hvtop/persist/*.json): which file, the hash of what was written,
// whether a file was there before (never one hvtop did not write) and the
// directories it made, so that `hvtop persist --remove DEV` puts back exactly
// what was there. Pure: io.ts reads and writes the records.
import {posix} from 'node:path';
import {sha256Hex} from '../lazy-crypto.js';
import type {FileWrite} from './link-plan.js';
import {isHvtopFile, safeWord} from './marker.js';

export const recordDir = '/var/lib/hvtop/persist';

export type PersistRecord = {
	readonly v: 1;
	/** The device the command named (the netvsc device for its VF's file too). */
	readonly dev: string;
	/** The netdev the file is for. */
	readonly for: string;
	readonly path: string;
	readonly sha256: string;
	/** Directories hvtop made for the file, outermost first: removed again when empty. */
	readonly createdDirs: readonly string[];
};

export const recordPath = (path: string): string => posix.join(recordDir, `${safeWord(path.replace(/^\//, '').replaceAll('/', '--'))}.json`);

/** The record after writing `write`: an earlier record keeps the directories it made. */
export function nextRecord(write: FileWrite, dev: string, target: string, earlier: PersistRecord | undefined, createdDirs: readonly string[]): PersistRecord {
	return {v: 1, dev, for: target, path: write.path, sha256: sha256Hex(write.after), createdDirs: earlier ? earlier.createdDirs : createdDirs};
}

export function parseRecord(text: string): PersistRecord | undefined {
	try {
		const value = JSON.parse(text) as Partial<PersistRecord>;
		if (value.v === 1 && typeof value.dev === 'string' && typeof value.path === 'string' && typeof value.sha256 === 'string' && Array.isArray(value.createdDirs)) {
			return value as PersistRecord;
		}
	} catch {}

	return undefined;
}

export type Removal =
	| {readonly kind: 'remove'; readonly record: PersistRecord; readonly text: string}
	| {readonly kind: 'gone'; readonly record: PersistRecord}
	| {readonly kind: 'edited'; readonly record: PersistRecord; readonly message: string};

/** What `--remove` does with one record, given the file's text now (undefined: absent). */
export function planRemoval(record: PersistRecord, text: string | undefined): Removal {
	if (text === undefined) {
		return {kind: 'gone', record};
	}

	if (!isHvtopFile(text)) {
		return {kind: 'edited', record, message: `${record.path} is no longer hvtop's (its marker line is gone): left alone`};
	}

	if (sha256Hex(text) !== record.sha256) {
		return {kind: 'edited', record, message: `${record.path} was edited since hvtop wrote it: left alone (remove it by hand if you mean to)`};
	}

	return {kind: 'remove', record, text};
}
