// Tolerant file reads for sysfs/procfs: a missing or unreadable attribute is
// `undefined`, never a throw (sysfs attributes fail with EINVAL on a down
// device, vanish with the device, and captured trees may lack them).
import {readFile, readdir, readlink} from 'node:fs/promises';
import {basename} from 'node:path';

export async function readText(path: string): Promise<string | undefined> {
	try {
		return (await readFile(path, 'utf8')).trim();
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
		return await readdir(path);
	} catch {
		return undefined;
	}
}

/** Basename of a symlink's target (driver links, device links, master links). */
export async function linkName(path: string): Promise<string | undefined> {
	try {
		const target = await readlink(path);
		const name = basename(target);
		return name === '' ? undefined : name;
	} catch {
		return undefined;
	}
}
