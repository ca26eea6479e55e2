// Where change state lives, and making sure nobody else can touch it. The
// journal decides what hvtop does to a device and the guard socket accepts
// keep/revert from whoever can connect, so the directory holding them must be
// this user's alone: owned by the effective uid, mode 0700 (a looser existing
// one is tightened, one owned by someone else refused), reached only through
// directories that nobody else can rename things in. Node has no SO_PEERCRED:
// the kernel's check of the socket's directory is what limits the guard to
// the change's user (and root).
import {lstatSync, mkdirSync, mkdtempSync, chmodSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Result} from '../types.js';
import {ok} from '../types.js';
import {failWith} from '../errors.js';

export const defaultStateDir = '/run/hvtop';

type Env = Readonly<Record<string, string | undefined>>;

const problem = (message: string): Result<never> => failWith('EINVAL', message);

/** HVTOP_STATE_DIR (must be absolute) or /run/hvtop. */
export function stateBase(env: Env): Result<string> {
	const value = env['HVTOP_STATE_DIR'];
	if (value === undefined) {
		return ok(defaultStateDir);
	}

	if (value === '' || !path.isAbsolute(value)) {
		return problem(`HVTOP_STATE_DIR must be an absolute path, got ${JSON.stringify(value)}; nothing was changed`);
	}

	return ok(path.normalize(value));
}

const euid = (): number => process.geteuid?.() ?? 0;

// An ancestor is safe when only root or we can change its entries (or it is sticky, like /tmp).
function ancestorProblem(dir: string): string | undefined {
	for (let current = path.dirname(dir); ; current = path.dirname(current)) {
		let st;
		try {
			st = statSync(current);
		} catch (error) {
			return `cannot check ${current}: ${(error as Error).message}`;
		}

		const foreign = st.uid !== 0 && st.uid !== euid();
		const writable = (st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0;
		if (foreign || writable) {
			return `${current} is ${foreign ? `owned by uid ${st.uid}` : 'writable by other users'}`;
		}

		if (current === path.dirname(current)) {
			return undefined;
		}
	}
}

/**
 * Create `dir` (0700) or check an existing one: a real directory (not a link),
 * owned by us; a mode looser than 0700 is tightened. Sync: a few syscalls, once per change.
 */
export function ensurePrivateDir(dir: string): Result<string> {
	const refuse = (why: string) => problem(`refusing the state directory ${dir}: ${why}; nothing was changed`);
	const ancestors = ancestorProblem(dir);
	if (ancestors) {
		return refuse(ancestors);
	}

	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		const st = lstatSync(dir);
		if (!st.isDirectory()) {
			return refuse(st.isSymbolicLink() ? 'it is a symbolic link' : 'it is not a directory');
		}

		if (st.uid !== euid()) {
			return refuse(`it belongs to uid ${st.uid}, not to uid ${euid()}`);
		}

		if ((st.mode & 0o077) !== 0) {
			chmodSync(dir, 0o700);
		}

		return ok(dir);
	} catch (error) {
		return refuse((error as Error).message);
	}
}

/** Every directory from `base` down to `dir` made private (base first). */
export function ensurePrivatePath(base: string, dir: string): Result<string> {
	const relative = path.relative(base, dir);
	let current = base;
	const checked = ensurePrivateDir(current);
	if (!checked.ok) {
		return checked;
	}

	for (const part of relative === '' ? [] : relative.split(path.sep)) {
		current = path.join(current, part);
		const next = ensurePrivateDir(current);
		if (!next.ok) {
			return next;
		}
	}

	return ok(dir);
}

/**
 * The model's per-process state directory: a fresh mkdtemp (unpredictable, 0700) inside
 * HVTOP_STATE_DIR, else $XDG_RUNTIME_DIR, else the temp dir — never a shared, guessable path.
 */
export function makeModelDir(env: Env): Result<string> {
	if (env['HVTOP_STATE_DIR'] !== undefined) {
		const base = stateBase(env);
		if (!base.ok) {
			return base;
		}

		const checked = ensurePrivateDir(base.value);
		return checked.ok ? temp(path.join(base.value, `model-${process.pid}-`)) : checked;
	}

	const runtime = env['XDG_RUNTIME_DIR'];
	if (runtime !== undefined && path.isAbsolute(runtime)) {
		try {
			const st = lstatSync(runtime);
			if (st.isDirectory() && st.uid === euid() && (st.mode & 0o077) === 0) {
				return temp(path.join(runtime, 'hvtop-model-'));
			}
		} catch {}
	}

	return temp(path.join(tmpdir(), 'hvtop-model-'));
}

function temp(prefix: string): Result<string> {
	try {
		return ok(mkdtempSync(prefix));
	} catch (error) {
		return problem(`cannot make the model's state directory ${prefix}XXXXXX: ${(error as Error).message}; nothing was changed`);
	}
}
