// The journal file's mechanics: read its newest records, append one record
// durably, and compact it. Only the tail is ever read: a change's records are
// the newest ones (one change at a time per device), so neither a read nor an
// append costs more as the file ages, and a journal of any size is handled.
// Anything that is not a readable regular file is an error, never "empty".
import {constants} from 'node:fs';
import {open, rename, unlink, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {OpError, Result} from '../types.js';
import {fail, ok} from '../types.js';
import {failWith, fromSystemError, systemError} from '../errors.js';

/** An append reads this much of the end: the last byte, and this change's last seq. */
export const appendWindowBytes = 64 * 1024;
/** A read returns the records in this much of the end (about 1500 records). */
export const readWindowBytes = 1024 * 1024;
/** A new change compacts a journal larger than this… */
export const compactAboveBytes = 256 * 1024;
/** …to the records of this many newest changes. */
export const keepChanges = 16;

/** What the journal did on disk, for tests and diagnostics. */
export type JournalStats = {bytesRead: number; compactions: number};

export type JournalLine = {readonly text: string; readonly id: string; readonly seq: number; readonly value: unknown};

const {O_RDONLY, O_RDWR, O_APPEND, O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW, O_NONBLOCK} = constants;

const ioError = (error: unknown, what: string): OpError => fromSystemError(error, `${what}: ${(error as Error).message}`);

// Never block on a FIFO, never follow a planted link; only a regular file is a journal.
async function openRegular(file: string, flags: number, mode?: number): Promise<FileHandle> {
	const handle = await open(file, flags | O_NOFOLLOW | O_NONBLOCK, mode);
	const st = await handle.stat();
	if (!st.isFile()) {
		await handle.close();
		throw systemError('EINVAL', 'not a regular file');
	}

	return handle;
}

async function readEnd(handle: FileHandle, size: number, window: number, stats: JournalStats): Promise<{text: string; from: number}> {
	const from = Math.max(0, size - window);
	const buffer = Buffer.alloc(size - from);
	let done = 0;
	while (done < buffer.length) {
		// eslint-disable-next-line no-await-in-loop
		const {bytesRead} = await handle.read(buffer, done, buffer.length - done, from + done);
		if (bytesRead === 0) {
			break;
		}

		done += bytesRead;
	}

	stats.bytesRead += done;
	return {text: buffer.subarray(0, done).toString('utf8'), from};
}

/**
 * The record version written: 2 lets a kept change carry `measured` (before → after,
 * appended as a further KEPT record). Version 1 records read the same, without it.
 */
export const journalVersion = 2;
const readableVersions: ReadonlySet<unknown> = new Set([1, 2]);

/** Complete, parseable lines of a tail; a window that starts mid-file drops its first, partial line. */
export function parseTail(text: string, fromStart: boolean): JournalLine[] {
	const body = fromStart ? text : text.slice(text.indexOf('\n') + 1);
	const lines: JournalLine[] = [];
	for (const line of body.split('\n')) {
		if (line.trim() === '') {
			continue;
		}

		try {
			const value = JSON.parse(line) as {v?: unknown; id?: unknown; seq?: unknown; state?: unknown};
			if (readableVersions.has(value.v) && typeof value.id === 'string' && typeof value.state === 'string') {
				lines.push({text: line, id: value.id, seq: typeof value.seq === 'number' ? value.seq : 0, value});
			}
		} catch {
			// A torn write from a crash: the records around it still count.
		}
	}

	return lines;
}

/** The newest records of the file (none when it does not exist). */
export async function readJournalFile(file: string, stats: JournalStats): Promise<Result<JournalLine[]>> {
	let handle: FileHandle;
	try {
		handle = await openRegular(file, O_RDONLY);
	} catch (error) {
		// ENOTDIR: a parent is not a directory, so no journal can exist there (writing it fails and says so).
		const absent = ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
		return absent ? ok([]) : fail(ioError(error, `cannot read the change journal ${file}`));
	}

	try {
		const {size} = await handle.stat();
		const {text, from} = await readEnd(handle, size, readWindowBytes, stats);
		if (from > 0 && !text.includes('\n')) {
			return failWith('EINVAL', `cannot read the change journal ${file}: no complete record in its last ${readWindowBytes} bytes`);
		}

		return ok(parseTail(text, from === 0));
	} catch (error) {
		return fail(ioError(error, `cannot read the change journal ${file}`));
	} finally {
		await handle.close();
	}
}

/**
 * Append one line built from the next `seq` of change `id`, and fsync it.
 * A torn last line gets its newline first (or it would swallow this record);
 * a short write is a failed write, and what it left is cut off again.
 */
export async function appendJournalLine(file: string, id: string, build: (seq: number) => string, stats: JournalStats): Promise<Result<{seq: number; created: boolean}>> {
	let handle: FileHandle | undefined;
	try {
		handle = await openRegular(file, O_RDWR | O_APPEND | O_CREAT, 0o600);
		const {size} = await handle.stat();
		const {text} = await readEnd(handle, size, appendWindowBytes, stats);
		const seq = Math.max(0, ...parseTail(text, size <= appendWindowBytes).filter(l => l.id === id).map(l => l.seq)) + 1;
		const data = Buffer.from(`${size > 0 && !text.endsWith('\n') ? '\n' : ''}${build(seq)}\n`);
		const {bytesWritten} = await handle.write(data, 0, data.length);
		if (bytesWritten !== data.length) {
			await handle.truncate(size).catch(() => undefined);
			return failWith('ENOSPC', `cannot write the change journal ${file}: short write (${bytesWritten} of ${data.length} bytes)`);
		}

		await handle.sync();
		return ok({seq, created: size === 0});
	} catch (error) {
		return fail(ioError(error, `cannot write the change journal ${file}`));
	} finally {
		await handle?.close();
	}
}

/**
 * Keep only the records of the newest `keepChanges` changes. Called when a new
 * change is journaled, under the device lock, so no other process appends
 * meanwhile; the new file replaces the old one by rename (never half-written).
 */
export async function compactJournalFile(file: string, stats: JournalStats): Promise<Result<boolean>> {
	let handle: FileHandle;
	try {
		handle = await openRegular(file, O_RDONLY);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? ok(false) : fail(ioError(error, `cannot compact ${file}`));
	}

	let lines: JournalLine[];
	try {
		const {size} = await handle.stat();
		if (size <= compactAboveBytes) {
			return ok(false);
		}

		const {text, from} = await readEnd(handle, size, readWindowBytes, stats);
		lines = parseTail(text, from === 0);
	} catch (error) {
		return fail(ioError(error, `cannot compact ${file}`));
	} finally {
		await handle.close();
	}

	const ids = [...new Set(lines.map(l => l.id))].slice(-keepChanges);
	const kept = lines.filter(l => ids.includes(l.id)).map(l => `${l.text}\n`).join('');
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.compact`);
	try {
		await unlink(temporary).catch(() => undefined);
		const out = await open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
		try {
			const data = Buffer.from(kept);
			const {bytesWritten} = await out.write(data, 0, data.length);
			if (bytesWritten !== data.length) {
				throw systemError('ENOSPC', `short write (${bytesWritten} of ${data.length} bytes)`);
			}

			await out.sync();
		} finally {
			await out.close();
		}

		await rename(temporary, file);
		stats.compactions++;
		return ok(true);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		return fail(ioError(error, `cannot compact ${file}`));
	}
}
