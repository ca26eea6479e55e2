// The I/O of `hvtop persist`, under a root (`--sysconf-root`, `/` by default):
// bounded reads of the .link files and drop-ins, hvtop's records, the
// device's facts from sysfs; atomic writes (write-file-atomic) that re-check
// first that the file is still what was planned, so a file hvtop did not
// write is never replaced; removal that puts back what was there.
import {constants} from 'node:fs';
import {lstat, mkdir, open, readdir, readlink, realpath, rmdir, unlink} from 'node:fs/promises';
import {join, posix} from 'node:path';
import {writeAtomic} from '../atomic-write.js';
import {opError} from '../errors.js';
import {fail, ok, type Result} from '../types.js';
import {linkDirs, type ConfigFile} from './link-files.js';
import type {DeviceFacts} from './link-match.js';
import type {FileWrite} from './link-plan.js';
import {nextRecord, parseRecord, recordDir, recordPath, type PersistRecord} from './record.js';

/** A .link file is a few hundred bytes; anything past this is not one hvtop reads. */
export const maxConfigBytes = 64 * 1024;
/** Entries read per directory. */
export const maxDirEntries = 512;

const under = (root: string, path: string): string => join(root, path);

/** The file's text if it is a regular file of at most `max` bytes; undefined otherwise (missing, a FIFO, too big). */
export async function readSmall(path: string, max = maxConfigBytes): Promise<string | undefined> {
	let handle;
	try {
		handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
		const stat = await handle.stat();
		if (!stat.isFile() || stat.size > max) {
			return undefined;
		}

		const buffer = Buffer.alloc(max + 1);
		const {bytesRead} = await handle.read(buffer, 0, max + 1, 0);
		return bytesRead > max ? undefined : buffer.toString('utf8', 0, bytesRead);
	} catch {
		return undefined;
	} finally {
		await handle?.close();
	}
}

async function listBounded(path: string): Promise<string[]> {
	try {
		return (await readdir(path)).sort().slice(0, maxDirEntries);
	} catch {
		return [];
	}
}

// An empty file or a link to /dev/null masks a name (systemd.link(5)).
async function readConfig(root: string, path: string): Promise<ConfigFile | undefined> {
	const full = under(root, path);
	try {
		const stat = await lstat(full);
		if (stat.isSymbolicLink() && (await readlink(full)) === '/dev/null') {
			return {path, text: null};
		}
	} catch {
		return undefined;
	}

	const text = await readSmall(full);
	return text === undefined ? undefined : {path, text: text === '' ? null : text};
}

/** Every .link file and .link.d/*.conf drop-in under the root, with machine paths. */
export async function readConfigFiles(root: string): Promise<ConfigFile[]> {
	const files: ConfigFile[] = [];
	for (const dir of linkDirs) {
		// eslint-disable-next-line no-await-in-loop
		for (const entry of await listBounded(under(root, dir))) {
			const path = posix.join(dir, entry);
			if (entry.endsWith('.link')) {
				// eslint-disable-next-line no-await-in-loop
				const file = await readConfig(root, path);
				if (file) {
					files.push(file);
				}
			} else if (entry.endsWith('.link.d')) {
				// eslint-disable-next-line no-await-in-loop
				for (const conf of (await listBounded(under(root, path))).filter(name => name.endsWith('.conf'))) {
					// eslint-disable-next-line no-await-in-loop
					const file = await readConfig(root, posix.join(path, conf));
					if (file) {
						files.push(file);
					}
				}
			}
		}
	}

	return files;
}

export async function readRecords(root: string): Promise<PersistRecord[]> {
	const records: PersistRecord[] = [];
	for (const entry of (await listBounded(under(root, recordDir))).filter(name => name.endsWith('.json'))) {
		// eslint-disable-next-line no-await-in-loop
		const text = await readSmall(under(root, posix.join(recordDir, entry)));
		const record = text === undefined ? undefined : parseRecord(text);
		if (record) {
			records.push(record);
		}
	}

	return records;
}

// ARPHRD_ETHER: the only type hvtop's devices have; others are named by number.
const typeNames: Readonly<Record<string, string>> = {1: 'ether', 772: 'loopback', 801: 'wlan'};

/** What udev matches on, read from sysfs (and the driver from `ethtool -i`). */
export async function readFacts(sysfsRoot: string, name: string, driver: string, linkKind?: string, root?: string): Promise<DeviceFacts | undefined> {
	const dir = join(sysfsRoot, 'class', 'net', name);
	const [address, addrType, nameType, type, ifindex] = await Promise.all(['address', 'addr_assign_type', 'name_assign_type', 'type', 'ifindex'].map(async file => (await readSmall(join(dir, file), 4096))?.trim()));
	if (!address) {
		return undefined;
	}

	const path = await idPathOf(dir, ifindex, root);

	const mac = address.toLowerCase();
	// NET_ADDR_PERM (0): the address is the one the device registered with, its permanent one. Others: unknown.
	const permanentMac = addrType === '0' ? mac : (linkKind === 'veth' ? null : undefined);
	return {
		name,
		driver,
		mac,
		...(permanentMac === undefined ? {} : {permanentMac}),
		// NET_NAME_ENUM (1) and NET_NAME_PREDICTABLE (2) are the kernel's own names: not renamed since.
		...(nameType === '1' || nameType === '2' ? {originalName: name} : {}),
		type: typeNames[type ?? '1'] ?? (type ?? 'ether'),
		...(linkKind === undefined ? {} : {linkKind}),
		...(path === undefined ? {} : {path}),
	};
}

/**
 * ID_PATH, which `Path=` matches (Debian's 73-usb-net-by-mac.link: `Path=*-usb-*`): none for a
 * virtual device (udev's path_id finds no parent bus); else what udev recorded in its database
 * (/run/udev/data/n<ifindex>), null when it recorded none; undefined when hvtop cannot tell.
 */
async function idPathOf(dir: string, ifindex: string | undefined, root: string | undefined): Promise<string | null | undefined> {
	const real = await realpath(dir).catch(() => undefined);
	if (real?.includes('/devices/virtual/')) {
		return null;
	}

	if (root === undefined || !ifindex || !/^\d+$/.test(ifindex)) {
		return undefined;
	}

	const database = await readSmall(join(root, 'run/udev/data', `n${ifindex}`), 65_536);
	if (database === undefined) {
		return undefined;
	}

	const line = database.split('\n').find(entry => entry.startsWith('E:ID_PATH='));
	return line === undefined ? null : line.slice('E:ID_PATH='.length);
}

const writeError = (path: string, error: unknown) => {
	const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
	const why = code === 'EROFS' ? 'the file system is read-only' : (code === 'EACCES' || code === 'EPERM' ? 'permission denied (run as root)' : (error as Error).message);
	return fail(opError(code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' ? code : 'EIO', `cannot write ${path}: ${why}; nothing was changed`));
};

// Make the parents of `path` (machine path), returning the ones made, outermost first.
async function makeParents(root: string, path: string): Promise<string[]> {
	const made: string[] = [];
	const missing: string[] = [];
	for (let dir = posix.dirname(path); dir !== '/'; dir = posix.dirname(dir)) {
		try {
			// eslint-disable-next-line no-await-in-loop
			await lstat(under(root, dir));
			break;
		} catch {
			missing.unshift(dir);
		}
	}

	for (const dir of missing) {
		// eslint-disable-next-line no-await-in-loop
		await mkdir(under(root, dir), {mode: 0o755});
		made.push(dir);
	}

	return made;
}

/**
 * Writes one planned file and its record. The file must still read as planned (`before`):
 * anything else (someone wrote it meanwhile) is refused with EEXIST and nothing is written.
 */
export async function applyWrite(root: string, write: FileWrite, dev: string, target: string): Promise<Result<PersistRecord>> {
	const now = await readSmall(under(root, write.path));
	if (now !== write.before) {
		return fail(opError('EEXIST', `${write.path} changed since it was read: nothing written; run hvtop persist again`));
	}

	const earlierText = await readSmall(under(root, recordPath(write.path)));
	const earlier = earlierText === undefined ? undefined : parseRecord(earlierText);
	let made: string[] = [];
	try {
		made = await makeParents(root, write.path);
		await writeAtomic(under(root, write.path), write.after, {mode: 0o644});
	} catch (error) {
		return writeError(write.path, error);
	}

	let record = nextRecord(write, dev, target, earlier, made);
	try {
		const recordDirs = await makeParents(root, recordPath(write.path));
		record = {...record, createdDirs: [...record.createdDirs, ...recordDirs]};
		await writeAtomic(under(root, recordPath(write.path)), `${JSON.stringify(record, null, 1)}\n`, {mode: 0o600});
	} catch (error) {
		return writeError(recordPath(write.path), error);
	}

	return ok(record);
}

/** Removes the directories hvtop made, deepest first, each only when empty (someone else's files may be in it now). */
export async function removeDirs(root: string, dirs: readonly string[]): Promise<void> {
	for (const dir of [...new Set(dirs)].sort((a, b) => b.split('/').length - a.split('/').length)) {
		// eslint-disable-next-line no-await-in-loop
		await rmdir(under(root, dir)).catch(() => undefined);
	}
}

/** Removes a file hvtop wrote (already checked unchanged) and its record; the caller removes the directories. */
export async function applyRemove(root: string, record: PersistRecord, removeFile: boolean): Promise<Result<void>> {
	try {
		if (removeFile) {
			await unlink(under(root, record.path));
		}

		await unlink(under(root, recordPath(record.path)));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT') {
			return writeError(record.path, error);
		}
	}

	return ok(undefined);
}

/** The machine's udev: its version (`udevadm --version` is run by the caller) or where it lives; undefined: no udev at all. */
export async function udevPresent(root: string): Promise<boolean> {
	for (const path of ['/usr/lib/udev', '/lib/udev', '/usr/bin/udevadm', '/bin/udevadm', '/sbin/udevadm', '/usr/sbin/udevadm']) {
		try {
			// eslint-disable-next-line no-await-in-loop
			await lstat(under(root, path));
			return true;
		} catch {}
	}

	return false;
}

/** hvtop's own udev rules (85-hvtop-*.rules in /etc/udev/rules.d), by machine path. */
export async function readHvtopRules(root: string): Promise<Map<string, string>> {
	const rules = new Map<string, string>();
	for (const entry of (await listBounded(under(root, '/etc/udev/rules.d'))).filter(name => name.startsWith('85-hvtop-') && name.endsWith('.rules'))) {
		const path = posix.join('/etc/udev/rules.d', entry);
		// eslint-disable-next-line no-await-in-loop
		const text = await readSmall(under(root, path));
		if (text !== undefined) {
			rules.set(path, text);
		}
	}

	return rules;
}
