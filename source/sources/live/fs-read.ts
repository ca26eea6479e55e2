// Tolerant file reads for sysfs/procfs: a missing or unreadable attribute is
// `undefined`, never a throw (sysfs attributes fail with EINVAL on a down
// device, vanish with the device, and captured trees may lack them).
// Synchronous on purpose: these are in-memory pseudo-files answered in
// microseconds, and the promise API costs ~60 µs of CPU per file (thread-pool
// round trip) against ~10 µs — a poll reads about twenty of them.
import {readFileSync, readdirSync, readlinkSync} from 'node:fs';
import {basename} from 'node:path';

export async function readText(path: string): Promise<string | undefined> {
	try {
		return readFileSync(path, 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** A decimal integer attribute (may be negative, e.g. speed -1); undefined otherwise. */
export async function readInt(path: string): Promise<number | undefined> {
	const text = await readText(path);
	if (text === undefined || !/^-?\d{1,15}$/.test(text)) {
		return undefined;
	}

	return Number(text);
}

/** An unsigned 64-bit counter, exact. */
export async function readCounter(path: string): Promise<bigint | undefined> {
	const text = await readText(path);
	return text !== undefined && /^\d{1,20}$/.test(text) ? BigInt(text) : undefined;
}

export async function listDir(path: string): Promise<string[] | undefined> {
	try {
		return readdirSync(path);
	} catch {
		return undefined;
	}
}

/** Basename of a symlink's target (driver links, device links, master links). */
export async function linkName(path: string): Promise<string | undefined> {
	try {
		const target = readlinkSync(path);
		const name = basename(target);
		return name === '' ? undefined : name;
	} catch {
		return undefined;
	}
}
