// `hvtop report`: a copy of the sysfs/procfs files the live source reads,
// under a fixed list of paths, laid out so `--sysfs-root/--procfs-root` read
// the copy as they read the machine. Symbolic links on the way (class/net/DEV,
// its `device`) are kept as links with their relative targets, and what they
// point at is copied at its own place, so the links resolve inside the copy.
// Only regular files are read (fs-read.ts: bounded, a FIFO is "missing"), a
// link that leaves the root or is absolute is left out, and the whole copy
// has a budget of files and bytes: a strange tree cannot make it huge.
import {lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {readText} from './fs-read.js';

/** Budget of one capture: files, bytes, and one file's size. */
export const captureLimits = {files: 20_000, bytes: 32 * 1024 * 1024, fileBytes: 1024 * 1024} as const;

export type CaptureCount = {files: number; bytes: number; links: number; skipped: string[]};

type Capture = {readonly root: string; readonly dest: string; readonly count: CaptureCount};

const hopsMax = 40;

function note(c: Capture, what: string): void {
	if (c.count.skipped.length < 100) {
		c.count.skipped.push(what);
	}
}

function makeLink(c: Capture, rel: string, target: string): void {
	const at = path.join(c.dest, rel);
	mkdirSync(path.dirname(at), {recursive: true});
	try {
		symlinkSync(target, at);
		c.count.links++;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
			throw error;
		}
	}
}

/** `rel` with every link on the way recreated in the copy and followed; its real place (relative to the root), or undefined. */
function realPlace(c: Capture, rel: string): string | undefined {
	let parts = rel.split('/').filter(Boolean);
	let current = '';
	let hops = 0;
	while (parts.length > 0) {
		const next = current === '' ? parts[0]! : `${current}/${parts[0]!}`;
		parts = parts.slice(1);
		let isLink: boolean;
		try {
			isLink = lstatSync(path.join(c.root, next)).isSymbolicLink();
		} catch {
			return undefined;
		}

		if (!isLink) {
			current = next;
			continue;
		}

		const target = readlinkSync(path.join(c.root, next));
		const resolved = path.posix.normalize(path.posix.join(current, target));
		if (++hops > hopsMax || path.posix.isAbsolute(target) || resolved === '..' || resolved.startsWith('../')) {
			note(c, `${next} (a link out of the tree)`);
			return undefined;
		}

		makeLink(c, next, target);
		parts = [...resolved.split('/').filter(part => part !== '.'), ...parts];
		current = '';
	}

	return current;
}

async function copyFile(c: Capture, rel: string): Promise<void> {
	const real = realPlace(c, rel);
	if (real === undefined) {
		return;
	}

	if (c.count.files >= captureLimits.files || c.count.bytes >= captureLimits.bytes) {
		note(c, `${rel} (the capture's budget is spent)`);
		return;
	}

	const text = await readText(path.join(c.root, real), captureLimits.fileBytes);
	if (text === undefined) {
		return;
	}

	mkdirSync(path.dirname(path.join(c.dest, real)), {recursive: true});
	writeFileSync(path.join(c.dest, real), `${text}\n`, {mode: 0o644});
	c.count.files++;
	c.count.bytes += text.length + 1;
}

/** A link kept as a link (a driver, a master): its name is what is read, not what it points at. */
function copyLink(c: Capture, rel: string): void {
	const parent = realPlace(c, path.posix.dirname(rel));
	if (parent === undefined) {
		return;
	}

	const at = `${parent}/${path.posix.basename(rel)}`;
	try {
		if (lstatSync(path.join(c.root, at)).isSymbolicLink()) {
			const target = readlinkSync(path.join(c.root, at));
			if (path.posix.isAbsolute(target)) {
				note(c, `${rel} (an absolute link)`);
			} else {
				makeLink(c, at, target);
			}
		}
	} catch {}
}

/** The entries of a directory (sorted, at most the file budget); [] when it is not there. */
function entries(c: Capture, rel: string): string[] {
	const real = realPlace(c, rel);
	if (real === undefined) {
		return [];
	}

	try {
		return readdirSync(path.join(c.root, real)).sort().slice(0, captureLimits.files);
	} catch {
		return [];
	}
}

/** An empty directory in the copy (queues/rx-0: only their names are read). */
function copyDir(c: Capture, rel: string): void {
	const real = realPlace(c, rel);
	if (real !== undefined) {
		mkdirSync(path.join(c.dest, real), {recursive: true});
	}
}

// The files of class/net/DEV the live source reads (sysfs.ts, vf-snapshot.ts).
const deviceFiles = ['ifindex', 'operstate', 'carrier', 'carrier_changes', 'speed', 'duplex', 'address', 'flags', 'mtu', 'addr_assign_type'];
const deviceLinks = ['master', 'device/driver'];
const safeName = (name: string): boolean => /^[\w.:-]{1,64}$/.test(name) && name !== '.' && name !== '..';

/** class/net/DEV and what it points at: attributes, statistics, queue names, links, the VMBus device's channels. */
async function captureDevice(c: Capture, dev: string): Promise<void> {
	const base = `class/net/${dev}`;
	for (const file of deviceFiles) {
		// eslint-disable-next-line no-await-in-loop -- one small file after another, inside the budget
		await copyFile(c, `${base}/${file}`);
	}

	for (const file of entries(c, `${base}/statistics`).filter(safeName)) {
		// eslint-disable-next-line no-await-in-loop
		await copyFile(c, `${base}/statistics/${file}`);
	}

	for (const queue of entries(c, `${base}/queues`).filter(name => /^[rt]x-\d{1,5}$/.test(name))) {
		copyDir(c, `${base}/queues/${queue}`);
	}

	for (const link of [...deviceLinks, ...entries(c, base).filter(name => /^(lower|upper)_/.test(name) && safeName(name))]) {
		copyLink(c, `${base}/${link}`);
	}

	await copyFile(c, `${base}/device/channel_vp_mapping`);
	for (const relid of entries(c, `${base}/device/channels`).filter(name => /^\d{1,9}$/.test(name))) {
		for (const file of ['cpu', 'subchannel_id']) {
			// eslint-disable-next-line no-await-in-loop
			await copyFile(c, `${base}/device/channels/${relid}/${file}`);
		}
	}
}

/** The machine-wide files: CPUs, softirqs, softnet, SNMP, interrupts and their affinities, the kernel's version. */
async function captureProc(c: Capture): Promise<void> {
	for (const file of ['stat', 'softirqs', 'net/softnet_stat', 'net/snmp', 'interrupts', 'version']) {
		// eslint-disable-next-line no-await-in-loop
		await copyFile(c, file);
	}

	for (const irq of entries(c, 'irq').filter(name => /^\d{1,6}$/.test(name))) {
		for (const file of ['smp_affinity_list', 'effective_affinity_list']) {
			// eslint-disable-next-line no-await-in-loop
			await copyFile(c, `irq/${irq}/${file}`);
		}
	}
}

export type TreeRoots = {readonly sysfsRoot: string; readonly procfsRoot: string};

/** Copies what the live source reads of `devices` into dest/sys and dest/proc; a count of what was copied and left out. */
export async function captureTree(roots: TreeRoots, devices: readonly string[], dest: string): Promise<{sys: CaptureCount; proc: CaptureCount}> {
	const sys: Capture = {root: roots.sysfsRoot, dest: path.join(dest, 'sys'), count: {files: 0, bytes: 0, links: 0, skipped: []}};
	mkdirSync(path.join(sys.dest, 'class', 'net'), {recursive: true});
	await copyFile(sys, 'devices/system/cpu/online');
	for (const dev of devices.filter(safeName)) {
		// eslint-disable-next-line no-await-in-loop
		await captureDevice(sys, dev);
	}

	const proc: Capture = {root: roots.procfsRoot, dest: path.join(dest, 'proc'), count: {files: 0, bytes: 0, links: 0, skipped: []}};
	mkdirSync(proc.dest, {recursive: true});
	await captureProc(proc);
	return {sys: sys.count, proc: proc.count};
}
