// Where one controller keeps its change state: the directory of its scope
// (HVTOP_STATE_DIR or /run/hvtop, then net-<netns>[-m<machine>]) for a live
// device, a fresh private temp dir for the model, or the directory given.
// The directory is made private (or checked) once, before the first use.
import {existsSync} from 'node:fs';
import path from 'node:path';
import type {Result} from '../types.js';
import {ok} from '../types.js';
import {openJournal, type Journal} from './journal.js';
import {scopeName, type Scope} from './scope.js';
import {ensurePrivateDir, ensurePrivatePath, makeModelDir, stateBase} from './state-dir.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The live state dir of a scope: HVTOP_STATE_DIR (absolute) or /run/hvtop, then the scope's name. */
export function scopedStateDir(env: Env, scope: Scope): Result<{base: string; dir: string}> {
	const base = stateBase(env);
	return base.ok ? ok({base: base.value, dir: path.join(base.value, scopeName(scope))}) : base;
}

export type StatePlace = {
	/** '' until the model's temp dir is made. */
	readonly dir: string;
	readonly journal: Journal;
	/** Make (or check) the private dir; 'absent' when there is none yet and `create` is false. */
	ready(create: boolean): Result<true> | 'absent';
};

export function statePlace(options: {readonly stateDir?: string; readonly env: Env; readonly scope: Scope; readonly model: boolean}): StatePlace {
	const {env, scope} = options;
	const scoped = options.stateDir === undefined && !options.model ? scopedStateDir(env, scope) : undefined;
	const problem = scoped && !scoped.ok ? scoped.error : undefined;
	let dir = options.stateDir ?? (scoped?.ok ? scoped.value.dir : '');
	let journal = openJournal(dir, scope);
	let prepared = false;

	return {
		get dir() {
			return dir;
		},
		get journal() {
			return journal;
		},
		ready(create) {
			if (problem) {
				return {ok: false, error: problem};
			}

			if (options.model && dir === '') {
				if (!create) {
					return 'absent';
				}

				const made = makeModelDir(env);
				if (!made.ok) {
					return made;
				}

				dir = made.value;
				journal = openJournal(dir, scope);
				prepared = true;
			}

			if (!prepared) {
				if (!create && !existsSync(dir)) {
					return 'absent';
				}

				const checked = scoped?.ok ? ensurePrivatePath(scoped.value.base, dir) : ensurePrivateDir(dir);
				if (!checked.ok) {
					return checked;
				}

				prepared = true;
			}

			return ok(true);
		},
	};
}
