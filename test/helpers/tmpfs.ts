// A small real tmpfs for the full-disk cases (root only): mounted by the test
// in a fresh directory, unmounted in teardown — and at process exit as a last
// resort — even when the test fails. argv arrays only, no shell.
import {spawnSync} from 'node:child_process';
import {mkdtemp, rm, rmdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {run} from './netns.js';

type Teardown = {teardown(fn: () => Promise<void> | void): void};

const mounted = new Set<string>();
let hooked = false;

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
export async function tmpfsSkipReason(): Promise<string | undefined> {
	if (process.platform !== 'linux') {
		return 'tmpfs tests need Linux';
	}

	return process.getuid?.() === 0 ? undefined : 'mounting a tmpfs needs root; run as root, as CI does';
}

/** Mount a tmpfs of `kib` KiB (whole pages) and return its directory. */
export async function mountTmpfs(t: Teardown, kib: number): Promise<string> {
	if (!hooked) {
		hooked = true;
		process.once('exit', () => {
			for (const dir of mounted) {
				spawnSync('umount', ['-l', dir], {stdio: 'ignore', timeout: 5000});
			}
		});
	}

	const dir = await mkdtemp(path.join(tmpdir(), 'hvtop-tmpfs-'));
	const result = await run(['mount', '-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', dir]);
	if (result.exitCode !== 0) {
		await rmdir(dir).catch(() => undefined);
		throw new Error(`mount tmpfs failed: ${result.stderr.trim()}`);
	}

	mounted.add(dir);
	t.teardown(async () => {
		// Lazy: a guard that still holds a file open must not keep the mount.
		await run(['umount', '-l', dir]);
		mounted.delete(dir);
		// Recursive: a process that outlived a failed test may have written below the mount point.
		await rm(dir, {recursive: true, force: true}).catch(() => undefined);
	});
	return dir;
}
