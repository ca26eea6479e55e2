// Carries one armed change to its end against a Source: apply, read back,
// wait for keep, revert with retries. It is the guard's engine: in the guard
// process for live devices, in-process (a timer owned by the controller) for
// the model, whose device state lives in the hvtop process. Decisions come from
// states.ts; this file does the side effects and writes every state to the
// journal before telling anyone about it.
import {monotonicClock, realTimers} from '../clock.js';
import type {OpError} from '../types.js';
import {dispatch, stillCurrent, type RunnerOptions, type RunnerState} from './runner-state.js';
import {applyChange, checkVf, runRevert, vfGone} from './runner-steps.js';
import type {Change, ChangeEvent} from './states.js';
import type {ChangeRequest, Reason} from './types.js';

export type {RunnerOptions} from './runner-state.js';

export type Runner = {
	current(): Change;
	/** ARMED → journal; resolves false when the record could not be written. */
	arm(): Promise<boolean>;
	apply(): Promise<void>;
	keep(): void;
	revert(reason?: Reason): void;
	extend(ms: number): void;
	sessionLost(): void;
	abort(reason: Reason, error?: OpError): void;
	/** Recovery: undo a change found applied whose guard is gone. */
	recover(reason?: Reason, error?: OpError): void;
	/** True when this runner found that its change is no longer the device's current one and stood down. */
	isStale(): boolean;
	/** Resolves with the terminal change. */
	readonly done: Promise<Change>;
};

const defaults = {
	verifyDelaysMs: [200, 500, 1000],
	revertDelaysMs: [2000, 5000, 10_000],
	applyBudgetMs: 20_000,
} as const;

export function createRunner(initial: Change, request: ChangeRequest, options: RunnerOptions): Runner {
	let resolveDone!: (c: Change) => void;
	const done = new Promise<Change>(resolve => {
		resolveDone = resolve;
	});
	const s: RunnerState = {
		options,
		request,
		clock: options.clock ?? monotonicClock,
		timers: options.timers ?? realTimers,
		verifyDelays: options.verifyDelaysMs ?? defaults.verifyDelaysMs,
		revertDelays: options.revertDelaysMs ?? defaults.revertDelaysMs,
		budget: options.applyBudgetMs ?? defaults.applyBudgetMs,
		change: initial,
		deadlineTimer: undefined,
		vfTimer: undefined,
		writes: Promise.resolve(),
		reverting: false,
		stale: false,
		writeError: undefined,
		heldRevert: undefined,
		resolveDone(c) {
			resolveDone(c);
		},
		startRevert(checkFirst) {
			void runRevert(s, checkFirst);
		},
		checkVf: async () => checkVf(s),
	};

	// Commands from outside go through the stale check like the timer does.
	function guarded(event: ChangeEvent) {
		void stillCurrent(s).then(current => {
			if (current) {
				dispatch(s, event);
			}
		});
	}

	return {
		current: () => s.change,
		async arm() {
			dispatch(s, {type: 'armed'});
			const result = await s.writes;
			return result === true;
		},
		apply: async () => applyChange(s),
		keep() {
			if (!s.change.vf) {
				guarded({type: 'keep'});
				return;
			}

			// A VF change is kept only while the VF it was made on is there: a new instance has lost it.
			void stillCurrent(s).then(async current => {
				const gone = current ? await vfGone(s) : undefined;
				if (current) {
					dispatch(s, gone ? {type: 'lost', error: gone} : {type: 'keep'});
				}
			});
		},
		revert(reason: Reason = 'admin') {
			guarded({type: 'revert', reason});
		},
		extend(ms) {
			guarded({type: 'extend', ms});
		},
		sessionLost() {
			guarded({type: 'session-lost'});
		},
		abort(reason, error?: OpError) {
			dispatch(s, {type: 'abort', reason, ...(error ? {error} : {})});
		},
		recover(reason, error) {
			dispatch(s, {type: 'recover', ...(reason ? {reason} : {}), ...(error ? {error} : {})});
		},
		isStale: () => s.stale,
		done,
	};
}
