// The change journal: JSON Lines, append-only, fsync after every record, one
// file per device. Every record carries the whole change, so the last record
// of an id is its state; a torn line (crash mid-write) is skipped. The file
// mechanics (tail reads, torn lines, short writes, compaction) are in
// journal-file.ts.
// It lives on /run (tmpfs) on purpose: a reboot resets the device to driver
// defaults and must take the journal with it.
import {readFileSync} from 'node:fs';
import {mkdir, open, readdir} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import type {OpError, Result} from '../types.js';
import {fail, ok} from '../types.js';
import {fromSystemError} from '../errors.js';
import {appendJournalLine, compactJournalFile, journalVersion, readJournalFile, type JournalStats} from './journal-file.js';
import type {Machine, Scope} from './scope.js';
import {defaultStateDir} from './state-dir.js';
import type {Figures} from '../stats/before-after.js';
import type {ChangeKind, ChangeRequest, ChangeState, Reason, Values, VfTarget} from './types.js';

export {defaultStateDir} from './state-dir.js';

/** HVTOP_STATE_DIR overrides /run/hvtop (tests, unusual systems); state-dir.ts checks it is absolute. */
export function resolveStateDir(env: Readonly<Record<string, string | undefined>> = process.env, override?: string): string {
	return override ?? env['HVTOP_STATE_DIR'] ?? defaultStateDir;
}

export type GuardIdentity = {
	readonly pid: number;
	/** /proc/<pid>/stat field 22: tells a live guard from a reused pid. */
	readonly starttime: number;
	readonly mode: 'process' | 'in-process';
	readonly unit?: string;
	readonly socket?: string;
};

/** What `hvtop set --measure` saw of the device before the change and after it was kept. */
export type MeasuredPair = {readonly before: Figures; readonly after: Figures};

export type JournalRecord = {
	readonly v: 1 | 2;
	readonly id: string;
	readonly seq: number;
	readonly state: ChangeState;
	readonly ts: string;
	/** Monotonic clock, ns, as a decimal string (CLOCK_MONOTONIC is shared by processes). */
	readonly mono_ns: string;
	readonly boot_id: string;
	readonly host: string;
	/** The network namespace (inode) and machine the change belongs to (scope.ts). */
	readonly netns?: string;
	readonly machine?: Machine;
	readonly dev: string;
	readonly ifindex?: number;
	readonly source: 'model' | 'live' | 'replay';
	readonly kind: ChangeKind;
	/** A VF change: the VF instance it was made on; any other instance is not touched (the change is LOST). */
	readonly vf?: VfTarget;
	readonly before: Values;
	readonly after: Values;
	readonly request: ChangeRequest;
	readonly max: Values;
	readonly floor?: number;
	readonly keep_timeout_ms: number;
	readonly keep_at_once?: boolean;
	readonly deadline_mono_ns?: string;
	readonly guard?: GuardIdentity;
	readonly reason?: Reason;
	readonly attempts?: number;
	readonly clamped?: boolean;
	readonly result?: {
		readonly code?: string;
		readonly errno?: number;
		readonly message?: string;
		readonly readback?: Values;
	};
	readonly actor?: {readonly uid: number; readonly ssh_connection?: string};
	/** v2: the device's figures before the change and after it was kept (a KEPT record). */
	readonly measured?: MeasuredPair;
};

export type RecordInput = Omit<JournalRecord, 'v' | 'seq' | 'ts' | 'boot_id' | 'host' | 'netns' | 'machine'>;

export const msToNs = (ms: number): string => BigInt(Math.round(ms * 1e6)).toString();
export const nsToMs = (ns: string): number => Number(BigInt(ns) / 1000n) / 1000;

let cachedBootId: string | undefined;

/** This boot's id; a record from another boot was already undone by the reboot. */
export function bootId(): string {
	if (cachedBootId === undefined) {
		try {
			cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
		} catch {
			cachedBootId = 'unknown';
		}
	}

	return cachedBootId;
}

const errorOf = (error: unknown, what: string): OpError => fromSystemError(error, `${what}: ${(error as Error).message}`);

export type Journal = {
	readonly dir: string;
	/** Bytes read and compactions done so far by this handle. */
	readonly stats: JournalStats;
	/** Stamped on every record; recovery acts only on records of its own scope. */
	readonly scope?: Scope;
	file(dev: string): string;
	/** Appends and fsyncs; `seq` is the next number for this change id. A new change may compact the file first. */
	append(input: RecordInput): Promise<Result<JournalRecord>>;
	/** The device's newest records; an unreadable journal (a directory, a FIFO, garbage) is an error, not "empty". */
	load(dev: string): Promise<Result<JournalRecord[]>>;
	/** As load, but throws when the journal cannot be read. */
	read(dev: string): Promise<JournalRecord[]>;
	/** Devices that have a journal file. */
	devices(): Promise<string[]>;
};

export function openJournal(stateDir: string, scope?: Scope): Journal {
	const dir = path.join(stateDir, 'journal');
	const file = (dev: string): string => path.join(dir, `${dev}.jsonl`);
	const stats: JournalStats = {bytesRead: 0, compactions: 0};

	const load = async (dev: string): Promise<Result<JournalRecord[]>> => {
		const lines = await readJournalFile(file(dev), stats);
		return lines.ok ? ok(lines.value.map(l => l.value as JournalRecord)) : lines;
	};

	return {
		dir,
		stats,
		...(scope ? {scope} : {}),
		file,
		load,
		async read(dev) {
			const loaded = await load(dev);
			if (!loaded.ok) {
				throw new Error(loaded.error.message);
			}

			return loaded.value;
		},
		async append(input) {
			try {
				await mkdir(dir, {recursive: true, mode: 0o700});
			} catch (error) {
				return fail(errorOf(error, `cannot write the change journal ${file(input.dev)}`));
			}

			// A new change is journaled under the device lock: the one moment nobody else appends.
			if (input.state === 'JOURNALED') {
				const compacted = await compactJournalFile(file(input.dev), stats);
				if (compacted.ok && compacted.value) {
					await syncDir(dir);
				}
			}

			let record: JournalRecord | undefined;
			const written = await appendJournalLine(file(input.dev), input.id, seq => {
				record = {
					v: journalVersion,
					seq,
					ts: new Date().toISOString(),
					boot_id: bootId(),
					host: hostname(),
					...(scope ? {netns: scope.netns, ...(scope.machine ? {machine: scope.machine} : {})} : {}),
					...input,
				};
				return JSON.stringify(record);
			}, stats);
			if (!written.ok) {
				return written;
			}

			if (written.value.created) {
				await syncDir(dir);
			}

			return ok(record!);
		},
		async devices() {
			try {
				const names = await readdir(dir);
				return names.filter(n => n.endsWith('.jsonl')).map(n => n.slice(0, -'.jsonl'.length)).sort();
			} catch {
				return [];
			}
		},
	};
}

// A new file's directory entry must reach the disk too, or a crash can lose it.
async function syncDir(dir: string): Promise<void> {
	try {
		const handle = await open(dir, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {
		// Not every filesystem lets a directory be fsynced; the record itself is.
	}
}

/** The newest record of every change id, in the order the changes started. */
export function latestPerChange(records: readonly JournalRecord[]): JournalRecord[] {
	const byId = new Map<string, JournalRecord>();
	for (const record of records) {
		byId.set(record.id, record);
	}

	return [...byId.values()];
}

/** The device's most recent change (its newest record). */
export function lastChange(records: readonly JournalRecord[]): JournalRecord | undefined {
	const last = records.at(-1);
	return last ? latestPerChange(records).find(r => r.id === last.id) : undefined;
}
