// The runner's mutable state and its core: every transition goes through
// dispatch (journal first, then the listeners), the keep deadline timer, and
// the stale-guard check. Split out of runner.ts so each part stays small; the
// side effects (apply, revert) live in runner-steps.ts.
import {releaseLock} from './lock.js';
import {lastChange, type GuardIdentity, type Journal, type JournalRecord} from './journal.js';
import {recordOf} from './journal-codec.js';
import {step, type Change, type ChangeEvent} from './states.js';
import {isTerminal, type ChangeRequest, type Reason} from './types.js';
import type {Clock, Timers} from '../clock.js';
import type {Source} from '../sources/source.js';
import type {OpError} from '../types.js';
import {opError} from '../errors.js';

export type RunnerOptions = {
	readonly source: Source;
	readonly journal: Journal;
	readonly clock?: Clock;
	readonly timers?: Timers;
	readonly guard: GuardIdentity;
	/** Fields repeated in every record. */
	readonly ifindex?: number;
	readonly actor?: JournalRecord['actor'];
	/** Reads the device's ifindex now; a different one means the device was re-created. */
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
	/** Waits between read-backs while the driver settles (sub-channels open asynchronously). */
	readonly verifyDelaysMs?: readonly number[];
	/** Waits between revert attempts; one attempt more than delays. */
	readonly revertDelaysMs?: readonly number[];
	/** Hard cap for one set operation. */
	readonly applyBudgetMs?: number;
	/** Where a failed revert is reported for the console; false to skip. */
	readonly kmsg?: string | false;
	/** How often a VF change waiting for keep looks whether its VF is still there (host servicing). */
	readonly vfWatchMs?: number;
	/** State dir whose device lock is released at the end. */
	readonly lockDir?: string;
	readonly onUpdate?: (change: Change) => void;
};

/** One runner's state, shared by the functions in this file and runner-steps.ts. */
export type RunnerState = {
	readonly options: RunnerOptions;
	readonly request: ChangeRequest;
	readonly clock: Clock;
	readonly timers: Timers;
	readonly verifyDelays: readonly number[];
	readonly revertDelays: readonly number[];
	readonly budget: number;
	change: Change;
	deadlineTimer: unknown;
	/** The next look at a waiting VF change's VF. */
	vfTimer: unknown;
	writes: Promise<unknown>;
	reverting: boolean;
	stale: boolean;
	writeError: OpError | undefined;
	heldRevert: Reason | undefined;
	readonly resolveDone: (c: Change) => void;
	/** Starts the revert (runner-steps.ts); a hook, so this file does not import it back. */
	readonly startRevert: (checkFirst: boolean) => void;
	/** Ends a waiting VF change as lost when its VF instance is gone (runner-steps.ts); a hook, as above. */
	readonly checkVf: () => Promise<void>;
};

// A keep the journal lacks says so: the next start will find the change waiting and revert it.
const unjournaled = (s: RunnerState, c: Change): Change => c.state === 'KEPT'
	? {...c, error: opError('EIO', `not journaled (${s.writeError?.message ?? 'cannot write the change journal'}): the next hvtop start will revert it`)}
	: c;

async function write(s: RunnerState, c: Change): Promise<boolean> {
	const result = await s.options.journal.append(recordOf(c, s.options, s.options.source.kind, s.clock, s.request));
	if (!result.ok) {
		s.writeError = result.error;
	}

	return result.ok;
}

// Every transition: journal first (in order), then the listeners.
export function dispatch(s: RunnerState, event: ChangeEvent): Change {
	const before = s.change;
	s.change = step(s.change, event, s.clock.now());
	if (s.change === before) {
		// A revert asked while ethtool runs (start() returns at ARMED, the apply goes on
		// after it) is held, not dropped: it is done the moment the wait for keep begins.
		if (event.type === 'revert' && (before.state === 'APPLYING' || before.state === 'VERIFYING')) {
			s.heldRevert = event.reason;
		}

		return s.change;
	}

	if (s.change.state === 'AWAIT_CONFIRM' && s.heldRevert !== undefined) {
		const reason = s.heldRevert;
		s.heldRevert = undefined;
		queueMicrotask(() => dispatch(s, {type: 'revert', reason}));
	}

	const snapshot = s.change;
	const {options} = s;
	// Journal first, then tell: nobody hears of a state the journal does not hold.
	const written = s.writes.then(async () => {
		const ok = await write(s, snapshot);
		if (!ok && snapshot.state === 'AWAIT_CONFIRM') {
			// A wait the journal does not hold could not be recovered or kept: undo it now.
			queueMicrotask(() => dispatch(s, {type: 'revert', reason: 'journal'}));
		}

		// The lock goes before anyone hears "done", so they may start the next change.
		if (isTerminal(snapshot.state) && options.lockDir) {
			await releaseLock(options.lockDir, snapshot.dev, snapshot.id).catch(() => undefined);
		}

		// Nobody hears of a state the journal does not hold; an end is told regardless.
		const told = ok ? snapshot : unjournaled(s, snapshot);
		if (ok || isTerminal(snapshot.state)) {
			options.onUpdate?.(told);
		}

		if (isTerminal(snapshot.state)) {
			s.resolveDone(told);
		}

		return ok;
	});
	s.writes = written;
	if (s.change.state !== before.state || s.change.deadline !== before.deadline) {
		schedule(s);
	}

	if (s.change.state === 'REVERTING' && !s.reverting) {
		s.startRevert(before.state === 'AWAIT_CONFIRM');
	}

	return s.change;
}

function clearTimers(s: RunnerState) {
	if (s.deadlineTimer !== undefined) {
		s.timers.clearTimeout(s.deadlineTimer);
		s.deadlineTimer = undefined;
	}

	if (s.vfTimer !== undefined) {
		s.timers.clearTimeout(s.vfTimer);
		s.vfTimer = undefined;
	}
}

const defaultVfWatchMs = 1000;

// While a VF change waits for keep, its VF is looked at every vfWatchMs: host servicing
// ends the change as lost then, not only at keep, revert or the deadline.
function watchVf(s: RunnerState) {
	if (s.change.state !== 'AWAIT_CONFIRM' || !s.change.vf) {
		return;
	}

	s.vfTimer = s.timers.setTimeout(() => {
		s.vfTimer = undefined;
		void s.checkVf().then(() => {
			if (s.vfTimer === undefined && s.deadlineTimer !== undefined) {
				watchVf(s);
			}
		});
	}, s.options.vfWatchMs ?? defaultVfWatchMs);
}

function schedule(s: RunnerState) {
	clearTimers(s);
	const {change} = s;
	if (change.state === 'AWAIT_CONFIRM' && change.deadline !== undefined) {
		s.deadlineTimer = s.timers.setTimeout(() => {
			s.deadlineTimer = undefined;
			void (async () => {
				if (!(await stillCurrent(s))) {
					return;
				}

				dispatch(s, {type: 'tick'});
				// A timer that fires a hair early must not leave the change hanging.
				if (s.change.state === 'AWAIT_CONFIRM' && s.deadlineTimer === undefined) {
					schedule(s);
				}
			})();
		}, Math.max(0, change.deadline - s.clock.now()));
		watchVf(s);
	}
}

// The stale-guard rule: act only while this change is the device's newest
// and unfinished one. A late timer must never undo a later change.
export async function stillCurrent(s: RunnerState): Promise<boolean> {
	if (s.stale) {
		return false;
	}

	await s.writes;
	const loaded = await s.options.journal.load(s.change.dev);
	const last = loaded.ok ? lastChange(loaded.value) : undefined;
	// A vanished or unreadable journal records no later change: keep guarding rather than abandon the device.
	if (last === undefined || (last.id === s.change.id && !isTerminal(last.state))) {
		return true;
	}

	if (!isTerminal(s.change.state)) {
		s.stale = true;
		clearTimers(s);

		// Not journaled: the journal belongs to whoever superseded us.
		s.change = step(s.change, {type: 'superseded'}, s.clock.now());
		s.options.onUpdate?.(s.change);
		s.resolveDone(s.change);
	}

	return false;
}
