// The change state machine as pure transitions: (change, event, now) → change.
// Side effects (journal, ethtool, timers) live in the runner; this file only
// decides. An event that does not apply to the current state returns the
// change unchanged, which is what makes "keep pressed as the deadline fires"
// end in exactly one outcome: whichever event arrives first wins.
import type {OpError} from '../types.js';
import {kindOf} from './kinds/index.js';
import {clampValues, onlyFields, sameValues} from './plan.js';
import {isTerminal, type ChangeState, type ChangeView, type Reason, type Values} from './types.js';

export type Change = ChangeView & {
	/** Driver maxima, for recognising a clamp. */
	readonly max: Values;
	readonly floor?: number;
	readonly keepTimeoutMs: number;
	/** Keep as soon as the read-back matches (`--yes`). */
	readonly keepAtOnce?: boolean;
	/** The session was lost while the change was in flight: revert as soon as possible. */
	readonly sessionLost?: boolean;
};

export type ChangeEvent =
	| {readonly type: 'journaled'}
	| {readonly type: 'armed'}
	| {readonly type: 'apply'}
	| {readonly type: 'applied'}
	| {readonly type: 'apply-failed'; readonly error: OpError}
	| {readonly type: 'readback'; readonly values: Values}
	| {readonly type: 'readback-failed'; readonly error: OpError}
	| {readonly type: 'keep'}
	| {readonly type: 'revert'; readonly reason: Reason}
	| {readonly type: 'session-lost'}
	| {readonly type: 'tick'}
	| {readonly type: 'extend'; readonly ms: number}
	| {readonly type: 'revert-attempt-failed'; readonly error: OpError; readonly retryAt?: number}
	| {readonly type: 'revert-failed'; readonly error: OpError}
	| {readonly type: 'diverged'; readonly reason: Reason; readonly values?: Values}
	| {readonly type: 'superseded'}
	/** The VF a VF change was made on is gone (removed, or a new instance): nothing is kept or reverted. */
	| {readonly type: 'lost'; readonly error: OpError}
	/** Recovery found it applied with no guard alive (or one that missed its deadline): undo it. */
	| {readonly type: 'recover'; readonly reason?: Reason; readonly error?: OpError}
	| {readonly type: 'abort'; readonly reason: Reason; readonly error?: OpError};

/** Longest a keep window may be stretched to, in total. */
export const maxKeepMs = 600_000;

export type Verdict = 'match' | 'clamped' | 'rounded' | 'mismatch';

// Page rounding of netvsc buffers (LISA's tolerance at 4 KiB pages): rx 3, tx 1 sections.
const roundingTolerance = {combined: 0, rx: 3, tx: 1} as const;

/** Judge a read-back against what was asked: by value, never by exit status. */
export function verifyValues(change: Pick<Change, 'kind' | 'after' | 'max' | 'floor'>, readback: Values): Verdict {
	if (sameValues(readback, change.after)) {
		return 'match';
	}

	if (!kindOf(change.kind).clamps || change.floor === undefined) {
		return 'mismatch';
	}

	const expected = clampValues(change.after, change.max, change.floor);
	if (sameValues(readback, expected)) {
		return 'clamped';
	}

	const near = (['rx', 'tx'] as const).every(f => {
		const want = expected[f];
		const have = readback[f];
		return want === undefined || (have !== undefined && Math.abs(have - want) <= roundingTolerance[f]);
	});
	return near ? 'rounded' : 'mismatch';
}

export type RevertDecision = 'already-before' | 'revert' | 'diverged';

/**
 * Before undoing a change that was waiting for keep (or found by recovery):
 * touch the device only if it still holds what we set; someone else's change
 * must not be clobbered.
 */
export function revertDecision(change: Pick<Change, 'before' | 'after' | 'readback' | 'kind' | 'max' | 'floor'>, current: Values): RevertDecision {
	if (sameValues(current, change.before)) {
		return 'already-before';
	}

	if (change.readback && sameValues(current, change.readback)) {
		return 'revert';
	}

	return verifyValues(change, current) === 'mismatch' ? 'diverged' : 'revert';
}

export type NewChange = Omit<Change, 'state' | 'history'>;

export const createChange = (init: NewChange, now: number): Change => ({
	...init,
	state: 'PLANNED',
	history: [{state: 'PLANNED', at: now}],
});

type Patch = Partial<Omit<Change, 'state' | 'history' | 'id'>>;

function to(change: Change, state: ChangeState, now: number, patch: Patch = {}): Change {
	// A deadline belongs to AWAIT_CONFIRM and a retry time to REVERTING: neither outlives its state.
	const {deadline, retryAt: _retry, ...rest} = {...change, ...patch, state, history: [...change.history, {state, at: now}]};
	return state === 'AWAIT_CONFIRM' && deadline !== undefined ? {...rest, deadline} : rest;
}

const revert = (change: Change, now: number, reason: Reason, patch: Patch = {}): Change =>
	to(change, 'REVERTING', now, {reason, attempts: 0, ...patch});

const beforeApply = (state: ChangeState): boolean => state === 'PLANNED' || state === 'JOURNALED' || state === 'ARMED';

/** Every transition of a change. Unknown or late events leave it as it is. */
export function step(change: Change, event: ChangeEvent, now: number): Change {
	const {state} = change;
	if (isTerminal(state)) {
		return change;
	}

	switch (event.type) {
		case 'journaled': {
			return state === 'PLANNED' ? to(change, 'JOURNALED', now) : change;
		}

		case 'armed': {
			return state === 'JOURNALED' ? to(change, 'ARMED', now) : change;
		}

		case 'apply': {
			return state === 'ARMED' ? to(change, 'APPLYING', now) : change;
		}

		case 'applied': {
			return state === 'APPLYING' ? to(change, 'VERIFYING', now) : change;
		}

		case 'apply-failed': {
			return state === 'APPLYING' ? to(change, 'APPLY_FAILED', now, {error: event.error}) : change;
		}

		case 'readback': {
			return onReadback(change, event.values, now);
		}

		case 'readback-failed': {
			// Unknown state after an apply: restore what was there.
			if (state === 'APPLY_FAILED') {
				return revert(change, now, 'refused');
			}

			return state === 'VERIFYING' ? revert(change, now, 'readback', {error: event.error}) : change;
		}

		case 'keep': {
			return state === 'AWAIT_CONFIRM' ? to(change, 'KEPT', now) : change;
		}

		case 'revert': {
			if (state === 'AWAIT_CONFIRM') {
				return revert(change, now, event.reason);
			}

			// Before the apply started nothing needs undoing.
			if (beforeApply(state)) {
				return to(change, 'ABORTED', now, {reason: event.reason === 'admin' ? 'cancelled' : event.reason});
			}

			return change;
		}

		case 'session-lost': {
			if (state === 'AWAIT_CONFIRM') {
				return revert(change, now, 'session-lost', {sessionLost: true});
			}

			if (beforeApply(state)) {
				return to(change, 'ABORTED', now, {reason: 'session-lost', sessionLost: true});
			}

			// In flight: remember it, so the change is undone as soon as it lands.
			return {...change, sessionLost: true};
		}

		case 'tick': {
			return state === 'AWAIT_CONFIRM' && change.deadline !== undefined && now >= change.deadline
				? revert(change, now, 'deadline')
				: change;
		}

		case 'extend': {
			if (state !== 'AWAIT_CONFIRM' || change.deadline === undefined) {
				return change;
			}

			const started = change.history.findLast(h => h.state === 'AWAIT_CONFIRM')?.at ?? now;
			const deadline = Math.min(change.deadline + Math.max(0, event.ms), started + maxKeepMs);
			return {...change, deadline};
		}

		case 'revert-attempt-failed': {
			return state === 'REVERTING' ? {...change, attempts: (change.attempts ?? 0) + 1, error: event.error, ...(event.retryAt === undefined ? {} : {retryAt: event.retryAt})} : change;
		}

		case 'revert-failed': {
			return state === 'REVERTING' ? to(change, 'REVERT_FAILED', now, {error: event.error}) : change;
		}

		case 'diverged': {
			return to(change, 'DIVERGED', now, {reason: event.reason, ...(event.values ? {readback: event.values} : {})});
		}

		case 'recover': {
			return revert(change, now, event.reason ?? 'recovery', event.error ? {error: event.error} : {});
		}

		case 'superseded': {
			return to(change, 'SUPERSEDED', now, {reason: 'reboot'});
		}

		case 'lost': {
			// Before the apply nothing was set on any VF: not applied. After it, the setting left with the VF.
			return to(change, beforeApply(state) ? 'ABORTED' : 'LOST', now, {reason: 'vf-gone', error: event.error});
		}

		case 'abort': {
			// APPLYING too when its record could not be written: ethtool is only run after it is.
			return beforeApply(state) || (state === 'APPLYING' && event.reason === 'journal')
				? to(change, 'ABORTED', now, {reason: event.reason, ...(event.error ? {error: event.error} : {})})
				: change;
		}
	}
}

function onReadback(change: Change, read: Values, now: number): Change {
	// Only the fields this change is about are its read-back (what messages and the journal show).
	const values = onlyFields(read, change.before, change.after);
	switch (change.state) {
		case 'APPLY_FAILED': {
			// Refused: if the driver restored (or never touched) the device, nothing is half-changed.
			return sameValues(values, change.before)
				? to(change, 'UNCHANGED', now, {readback: values, reason: 'refused'})
				: revert(change, now, 'refused', {readback: values});
		}

		case 'VERIFYING': {
			const verdict = verifyValues(change, values);
			if (verdict === 'mismatch') {
				return revert(change, now, 'readback', {readback: values, granted: values});
			}

			const clamped = verdict === 'clamped' ? {clamped: true} : {};
			if (change.sessionLost) {
				return revert(change, now, 'session-lost', {readback: values, ...clamped});
			}

			if (change.keepAtOnce) {
				return to(to(change, 'AWAIT_CONFIRM', now, {readback: values, ...clamped}), 'KEPT', now);
			}

			return to(change, 'AWAIT_CONFIRM', now, {readback: values, deadline: now + change.keepTimeoutMs, ...clamped});
		}

		case 'REVERTING': {
			return sameValues(values, change.before) ? to(change, 'REVERTED', now, {readback: values}) : {...change, readback: values};
		}

		default: {
			return {...change, readback: values};
		}
	}
}

/** The part of a change the UI is given (drops the runner's bookkeeping). */
export function view(change: Change): ChangeView {
	const {max: _max, floor: _floor, keepTimeoutMs: _t, keepAtOnce: _k, sessionLost: _s, ...rest} = change;
	return rest;
}
