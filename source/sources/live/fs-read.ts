// Tolerant file reads for sysfs/procfs: a missing or unreadable attribute is
// `undefined`, never a throw (sysfs attributes fail with EINVAL on a down
// device, vanish with the device, and captured trees may lack them).
// Synchronous on purpose: these are in-memory pseudo-files answered in
// microseconds, and the promise API costs ~60 µs of CPU per file (thread-pool
// round trip) against ~10 µs — a poll reads about twenty of them.
//
// A captured tree is untrusted, and a synchronous read blocks everything
// (keys, signals): only regular files are read (sysfs and procfs attributes
// are), opened O_NONBLOCK so a FIFO cannot stall the open, checked with fstat
// before any read (a FIFO, /dev/zero or a socket is "missing"), and at most
// maxTextBytes of them (a bigger file is "missing" too).
import {closeSync, constants, fstatSync, openSync, readSync, readdirSync, readlinkSync} from 'node:fs';
import {basename} from 'node:path';

/**
 * 4 MiB: a sysfs attribute is at most a page (4 KiB); /proc/softirqs has 11
 * bytes per CPU on each of its 11 lines, about 1 MiB at the kernel's 8192-CPU
 * maximum, with room to spare.
 */
export const maxTextBytes = 4 * 1024 * 1024;

/** A number attribute: sysfs prints one into at most a page. */
const maxNumberBytes = 4096;

// One buffer for every read (they are synchronous), grown only for big files.
let buffer = Buffer.allocUnsafe(16 * 1024);

/** The whole file if it has at most `max` bytes (never reading more than max + 1), else undefined. */
function readBounded(fd: number, max: number): string | undefined {
	let length = 0;
	for (;;) {
		if (length > max) {
			return undefined;
		}

		if (length === buffer.length) {
			const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 4, max + 1));
			buffer.copy(bigger, 0, 0, length);
			buffer = bigger;
		}

		const read = readSync(fd, buffer, length, Math.min(buffer.length, max + 1) - length, null);
		if (read === 0) {
			return buffer.toString('utf8', 0, length);
		}

		length += read;
	}
}

export async function readText(path: string, max = maxTextBytes): Promise<string | undefined> {
	let fd: number | undefined;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
		return fstatSync(fd).isFile() ? readBounded(fd, max)?.trim() : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

/** A decimal integer attribute (may be negative, e.g. speed -1); undefined otherwise. */
export async function readInt(path: string): Promise<number | undefined> {
	const text = await readText(path, maxNumberBytes);
	if (text === undefined || !/^-?\d{1,15}$/.test(text)) {
		return undefined;
	}

	return Number(text);
}

/** An unsigned 64-bit counter, exact. */
export async function readCounter(path: string): Promise<bigint | undefined> {
	const text = await readText(path, maxNumberBytes);
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
