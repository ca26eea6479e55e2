// Drives one change at a time through its states against a Source:
// lock → journal → arm the guard → apply → read back → keep | revert.
// Live devices get the out-of-process guard (it survives hvtop); the model's
// device lives in this process, so its guard is an in-process runner with the
// same states and the same journal. The UI and `hvtop set` subscribe to it.
import {rm} from 'node:fs/promises';
import {monotonicClock, realTimers} from '../clock.js';
import {createTakeover} from './deadline-watch.js';
import type {Journal} from './journal.js';
import type {Plan} from './plan.js';
import {defaultGuardGraceMs, recoverAll, recoverDevice, type RecoveryOutcome} from './recovery.js';
import {scopeOf} from './scope.js';
import {statePlace} from './state-place.js';
import type {Clock} from '../clock.js';
import {isTerminal, type ChangeView} from './types.js';
import {publish, recoveryOptions, recreateWaitOn, subscribe, type ControllerContext} from './controller-context.js';
import type {RecreateWait} from './rate-limit.js';
import type {ChangeKind} from './types.js';
import {reattach} from './controller-link.js';
import {startChange} from './controller-start.js';
import type {ControllerOptions, StartOptions, StartResult} from './controller-types.js';

export type {ControllerOptions, Refusal, StartOptions, StartResult} from './controller-types.js';
export {defaultKeepTimeoutMs} from './controller-start.js';
export const extendStepMs = 30_000;

export type Controller = {
	/** Where this controller's journal, lock and guard socket live ('' until the model's is made). */
	readonly stateDir: string;
	readonly journal: Journal;
	readonly clock: Clock;
	current(): ChangeView | undefined;
	start(plan: Plan, options?: StartOptions): Promise<StartResult>;
	/** How long a change of `kind` on `dev` must wait for the rate limit (undefined: none; see rate-limit.ts). */
	recreateWait(dev: string, kind: ChangeKind): Promise<RecreateWait | undefined>;
	keep(): void;
	/** The admin said no. */
	revert(): void;
	extend(ms?: number): void;
	/** Before the apply: drop it. After: same as revert. */
	cancel(): void;
	/** The terminal went away: the guard reverts at once. Resolves when the guard has been told. */
	sessionLost(): Promise<void>;
	/** Resolves with the current change's final state. */
	settled(): Promise<ChangeView | undefined>;
	subscribe(listener: (change: ChangeView) => void): () => void;
	/** Resolve unfinished changes; with `reattach` (default), connect to one still waiting on its guard. */
	recover(devices?: readonly string[], options?: {readonly reattach?: boolean}): Promise<RecoveryOutcome[]>;
	close(): Promise<void>;
};

/** Builds the context every part of the controller shares (see controller-context.ts). */
function createContext(options: ControllerOptions): ControllerContext & {readonly ownsModelDir: boolean} {
	const {source} = options;
	const env = options.env ?? process.env;
	const {needs} = source;
	const mode = options.guard ?? (needs.guarding === 'in-process' ? 'in-process' : 'process');
	// The model's device dies with this process, and so may its journal: a private temp dir made at
	// the first change and removed on close (one inside HVTOP_STATE_DIR is kept for the user).
	const modelDir = options.stateDir === undefined && mode === 'in-process' && needs.privateState;
	const scope = scopeOf(source);
	const place = statePlace({...(options.stateDir === undefined ? {} : {stateDir: options.stateDir}), env, scope, model: modelDir});
	const readIfindex = options.readIfindex ?? needs.readIfindex;
	const clock = options.clock ?? monotonicClock;
	const timers = options.timers ?? realTimers;
	const graceMs = options.guardGraceMs ?? defaultGuardGraceMs;
	const c: ControllerContext & {readonly ownsModelDir: boolean} = {
		options,
		source,
		clock,
		timers,
		needs,
		mode,
		scope,
		graceMs,
		readIfindex,
		runnerOptions: {
			...(options.verifyDelaysMs ? {verifyDelaysMs: options.verifyDelaysMs} : {}),
			...(options.revertDelaysMs ? {revertDelaysMs: options.revertDelaysMs} : {}),
			...(options.applyBudgetMs ? {applyBudgetMs: options.applyBudgetMs} : {}),
			...(options.kmsg === undefined ? {} : {kmsg: options.kmsg}),
			...(readIfindex ? {readIfindex} : {}),
		},
		listeners: new Set(),
		stateDir: place.dir,
		journal: place.journal,
		ready(create) {
			const result = place.ready(create);
			c.stateDir = place.dir;
			c.journal = place.journal;
			return result;
		},
		current: undefined,
		guard: undefined,
		settle: Promise.resolve(undefined),
		resolveSettle: undefined,
		// The guard's deadline, watched from here; a takeover and a guard-lost recovery never both run.
		takeover: createTakeover({
			clock,
			timers,
			graceMs,
			current: () => c.current,
			publish(change) {
				publish(c, change);
			},
			recover: async dev => recoverDevice(dev, recoveryOptions(c)),
		}),
		ownsModelDir: modelDir && env['HVTOP_STATE_DIR'] === undefined,
	};
	return c;
}

export function createController(options: ControllerOptions): Controller {
	const c = createContext(options);
	return {
		get stateDir() {
			return c.stateDir;
		},
		get journal() {
			return c.journal;
		},
		clock: c.clock,
		current: () => c.current,
		start: async (plan: Plan, startOptions?: StartOptions): Promise<StartResult> => startChange(c, plan, startOptions),
		recreateWait: async (dev, kind) => recreateWaitOn(c, dev, kind),
		keep() {
			c.guard?.keep();
		},
		revert() {
			c.guard?.revert();
		},
		extend(ms = extendStepMs) {
			c.guard?.extend(ms);
		},
		cancel() {
			c.guard?.revert();
		},
		async sessionLost() {
			await c.guard?.sessionLost();
		},
		settled: async () => c.settle,
		subscribe: listener => subscribe(c, listener),
		async recover(devices, recoverOptions = {}) {
			const place = c.ready(false);
			if (place === 'absent' || !place.ok) {
				// Nothing journaled here yet, or no usable state dir: start() says why when a change is asked for.
				return [];
			}

			const outcomes = await recoverAll(recoveryOptions(c), devices);
			for (const outcome of recoverOptions.reattach === false ? [] : outcomes) {
				// A change whose guard is still running: show its countdown and let keep/revert reach it.
				// eslint-disable-next-line no-await-in-loop
				if (outcome.kind === 'pending' && (await reattach(c, outcome.record))) {
					break;
				}
			}

			return outcomes;
		},
		async close() {
			c.takeover.stop();
			c.guard?.close();
			c.listeners.clear();
			if (c.ownsModelDir && (c.current === undefined || isTerminal(c.current.state))) {
				await rm(c.stateDir, {recursive: true, force: true}).catch(() => undefined);
			}
		},
	};
}
