// One change at a time per device, across processes. The lock is a file
// created with O_EXCL that names the change and every process allowed to hold
// it (hvtop, then its guard). It is stale when none of them is alive, or when
// the journal says its change is finished; breaking a stale lock goes through
// a second O_EXCL file so two breakers cannot both win.
import {constants} from 'node:fs';
import {mkdir, open, readFile, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {isAlive, type ProcessIdentity} from './proc.js';

export type LockInfo = {
	readonly id: string;
	readonly dev: string;
	readonly holders: readonly ProcessIdentity[];
};

export type LockOutcome =
	| {readonly ok: true}
	| {readonly ok: false; readonly held: LockInfo}
	| {readonly ok: false; readonly held?: undefined; readonly message: string; readonly io?: boolean};

export type LockOptions = {
	/** True when the journal says this change already ended (a leaked lock). */
	readonly isFinished?: (info: LockInfo) => Promise<boolean>;
	/** Already ours: the same change with this process among its holders (recovery by hvtop itself). */
	readonly reentrant?: ProcessIdentity;
};

// A breaker that died mid-break leaves its marker; ignore markers older than this.
const breakerStaleMs = 10_000;

export const lockFile = (stateDir: string, dev: string): string => path.join(stateDir, 'lock', `${dev}.lock`);

export async function readLock(stateDir: string, dev: string): Promise<LockInfo | undefined> {
	try {
		const info = JSON.parse(await readFile(lockFile(stateDir, dev), 'utf8')) as LockInfo;
		return typeof info.id === 'string' && Array.isArray(info.holders) ? info : undefined;
	} catch {
		return undefined;
	}
}

async function isStale(info: LockInfo | undefined, options: LockOptions): Promise<boolean> {
	if (!info) {
		// Unreadable: a writer died between create and write, or garbage.
		return true;
	}

	if (!info.holders.some(h => isAlive(h))) {
		return true;
	}

	return options.isFinished ? options.isFinished(info) : false;
}

async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
	try {
		const handle = await open(file, 'wx', 0o600);
		try {
			await handle.write(JSON.stringify(info));
			await handle.sync();
		} finally {
			await handle.close();
		}

		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			return false;
		}

		throw error;
	}
}

async function breakStale(file: string, seen: string, options: LockOptions): Promise<void> {
	const breaker = `${file}.break`;
	try {
		const st = await stat(breaker);
		if (Date.now() - st.mtimeMs > breakerStaleMs) {
			await unlink(breaker).catch(() => undefined);
		}
	} catch {}

	let handle;
	try {
		handle = await open(breaker, 'wx', 0o600);
	} catch {
		return; // Someone else is breaking it; the caller retries.
	}

	try {
		// Only remove what we judged stale: it may have been replaced meanwhile.
		const now = await readFile(file, 'utf8').catch(() => undefined);
		if (now === seen && (await isStale(parse(now), options))) {
			await unlink(file).catch(() => undefined);
		}
	} finally {
		await handle.close();
		await unlink(breaker).catch(() => undefined);
	}
}

const parse = (text: string | undefined): LockInfo | undefined => {
	try {
		return text === undefined ? undefined : (JSON.parse(text) as LockInfo);
	} catch {
		return undefined;
	}
};

export async function acquireLock(stateDir: string, info: LockInfo, options: LockOptions = {}): Promise<LockOutcome> {
	const file = lockFile(stateDir, info.dev);
	try {
		await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
		for (let attempt = 0; attempt < 3; attempt++) {
			// eslint-disable-next-line no-await-in-loop
			if (await tryCreate(file, info)) {
				return {ok: true};
			}

			// eslint-disable-next-line no-await-in-loop
			const seen = await readFile(file, 'utf8').catch(() => undefined);
			const held = parse(seen);
			const me = options.reentrant;
			if (held?.id === info.id && me && held.holders.some(h => h.pid === me.pid && h.starttime === me.starttime)) {
				return {ok: true};
			}

			// eslint-disable-next-line no-await-in-loop
			if (!(await isStale(held, options))) {
				return held ? {ok: false, held} : {ok: false, message: `${file} is held`};
			}

			if (seen !== undefined) {
				// eslint-disable-next-line no-await-in-loop
				await breakStale(file, seen, options);
			}
		}

		return {ok: false, message: `could not take ${file}: another process keeps racing for it`};
	} catch (error) {
		return {ok: false, message: `cannot take the lock ${file}: ${(error as Error).message}`, io: true};
	}
}

/** Add a holder (the guard) so the lock outlives the hvtop process that took it. */
export async function addHolder(stateDir: string, dev: string, id: string, holder: ProcessIdentity): Promise<boolean> {
	const file = lockFile(stateDir, dev);
	const info = await readLock(stateDir, dev);
	if (info?.id !== id) {
		return false;
	}

	const next: LockInfo = {...info, holders: [...info.holders, holder]};
	// Rename keeps the lock file present at every instant, so O_EXCL still fails for others.
	const temporary = `${file}.${process.pid}.tmp`;
	// A leftover (or planted) temp file is removed, never written through: O_EXCL|O_NOFOLLOW.
	await unlink(temporary).catch(() => undefined);
	const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
	try {
		await handle.write(JSON.stringify(next));
	} finally {
		await handle.close();
	}

	await rename(temporary, file);
	return true;
}

/** Release only our own change's lock: a late releaser must not free someone else's. */
export async function releaseLock(stateDir: string, dev: string, id: string): Promise<void> {
	const info = await readLock(stateDir, dev);
	if (info?.id === id) {
		await unlink(lockFile(stateDir, dev)).catch(() => undefined);
	}
}
