// Carries one armed change to its end against a Source: apply, read back,
// wait for keep, revert with retries. It is the guard's engine: in the guard
// process for live devices, in-process (a timer owned by the controller) for
// the model, whose device state lives in the hvtop process. Decisions come from
// states.ts; this file does the side effects and writes every state to the
// journal before telling anyone about it.
import {appendFile} from 'node:fs/promises';
import {monotonicClock, realTimers, type Clock, type Timers} from '../clock.js';
import type {Source} from '../sources/source.js';
import type {OpError, Result} from '../types.js';
import {fail} from '../types.js';
import type {GuardIdentity, Journal, JournalRecord} from './journal.js';
import {lastChange} from './journal.js';
import {releaseLock} from './lock.js';
import {describeValues} from './plan.js';
import {kindOf, readValues, toRequest} from './kinds/index.js';
import {recordOf} from './journal-codec.js';
import {needsOf} from './source-needs.js';
import {revertDecision, step, verifyValues, type Change, type ChangeEvent} from './states.js';
import {isTerminal, type ChangeRequest, type Reason} from './types.js';

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
	/** State dir whose device lock is released at the end. */
	readonly lockDir?: string;
	readonly onUpdate?: (change: Change) => void;
};

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
	const clock = options.clock ?? monotonicClock;
	const timers = options.timers ?? realTimers;
	const verifyDelays = options.verifyDelaysMs ?? defaults.verifyDelaysMs;
	const revertDelays = options.revertDelaysMs ?? defaults.revertDelaysMs;
	const budget = options.applyBudgetMs ?? defaults.applyBudgetMs;
	const {source, journal} = options;

	let change = initial;
	let deadlineTimer: unknown;
	let writes: Promise<unknown> = Promise.resolve();
	let reverting = false;
	let stale = false;
	let resolveDone!: (c: Change) => void;
	const done = new Promise<Change>(resolve => {
		resolveDone = resolve;
	});

	const sleep = async (ms: number) => new Promise<void>(resolve => {
		timers.setTimeout(resolve, ms);
	});

	let writeError: OpError | undefined;
	// A keep the journal lacks says so: the next start will find the change waiting and revert it.
	const unjournaled = (c: Change): Change => c.state === 'KEPT'
		? {...c, error: {code: 'EIO', errno: 5, message: `not journaled (${writeError?.message ?? 'cannot write the change journal'}): the next hvtop start will revert it`}}
		: c;
	const write = async (c: Change) => {
		const result = await journal.append(recordOf(c, options, source.kind, clock, request));
		if (!result.ok) {
			writeError = result.error;
		}

		return result.ok;
	};

	let heldRevert: Reason | undefined;
	// Every transition: journal first (in order), then the listeners.
	const dispatch = (event: ChangeEvent): Change => {
		const before = change;
		change = step(change, event, clock.now());
		if (change === before) {
			// A revert asked while ethtool runs (start() returns at ARMED, the apply goes on
			// after it) is held, not dropped: it is done the moment the wait for keep begins.
			if (event.type === 'revert' && (before.state === 'APPLYING' || before.state === 'VERIFYING')) {
				heldRevert = event.reason;
			}

			return change;
		}

		if (change.state === 'AWAIT_CONFIRM' && heldRevert !== undefined) {
			const reason = heldRevert;
			heldRevert = undefined;
			queueMicrotask(() => dispatch({type: 'revert', reason}));
		}

		const snapshot = change;
		// Journal first, then tell: nobody hears of a state the journal does not hold.
		const written = writes.then(async () => {
			const ok = await write(snapshot);
			if (!ok && snapshot.state === 'AWAIT_CONFIRM') {
				// A wait the journal does not hold could not be recovered or kept: undo it now.
				queueMicrotask(() => dispatch({type: 'revert', reason: 'journal'}));
			}

			// The lock goes before anyone hears "done", so they may start the next change.
			if (isTerminal(snapshot.state) && options.lockDir) {
				await releaseLock(options.lockDir, snapshot.dev, snapshot.id).catch(() => undefined);
			}

			// Nobody hears of a state the journal does not hold; an end is told regardless.
			const told = ok ? snapshot : unjournaled(snapshot);
			if (ok || isTerminal(snapshot.state)) {
				options.onUpdate?.(told);
			}

			if (isTerminal(snapshot.state)) {
				resolveDone(told);
			}

			return ok;
		});
		writes = written;
		if (change.state !== before.state || change.deadline !== before.deadline) {
			schedule();
		}

		if (change.state === 'REVERTING' && !reverting) {
			void runRevert(before.state === 'AWAIT_CONFIRM');
		}

		return change;
	};

	function schedule() {
		if (deadlineTimer !== undefined) {
			timers.clearTimeout(deadlineTimer);
			deadlineTimer = undefined;
		}

		if (change.state === 'AWAIT_CONFIRM' && change.deadline !== undefined) {
			deadlineTimer = timers.setTimeout(() => {
				deadlineTimer = undefined;
				void (async () => {
					if (!(await stillCurrent())) {
						return;
					}

					dispatch({type: 'tick'});
					// A timer that fires a hair early must not leave the change hanging.
					if (change.state === 'AWAIT_CONFIRM' && deadlineTimer === undefined) {
						schedule();
					}
				})();
			}, Math.max(0, change.deadline - clock.now()));
		}
	}

	const read = async () => readValues(source, change.dev, change.kind, clock.now());

	// The stale-guard rule: act only while this change is the device's newest
	// and unfinished one. A late timer must never undo a later change.
	async function stillCurrent(): Promise<boolean> {
		if (stale) {
			return false;
		}

		await writes;
		const loaded = await journal.load(change.dev);
		const last = loaded.ok ? lastChange(loaded.value) : undefined;
		// A vanished or unreadable journal records no later change: keep guarding rather than abandon the device.
		if (last === undefined || (last.id === change.id && !isTerminal(last.state))) {
			return true;
		}

		if (!isTerminal(change.state)) {
			stale = true;
			if (deadlineTimer !== undefined) {
				timers.clearTimeout(deadlineTimer);
				deadlineTimer = undefined;
			}

			// Not journaled: the journal belongs to whoever superseded us.
			change = step(change, {type: 'superseded'}, clock.now());
			options.onUpdate?.(change);
			resolveDone(change);
		}

		return false;
	}

	const setValues = async (req: ChangeRequest): Promise<Result<unknown>> => {
		let timer: unknown;
		const timeout = new Promise<Result<unknown>>(resolve => {
			timer = timers.setTimeout(() => {
				resolve(fail({code: 'ETIMEDOUT', errno: 110, message: `no answer from the driver within ${Math.round(budget / 1000)} s`}));
			}, budget);
		});
		const call = (async (): Promise<Result<unknown>> => {
			try {
				return await kindOf(change.kind).apply(source, change.dev, req, clock.now());
			} catch (error) {
				return fail({code: 'EIO', errno: 5, message: (error as Error).message});
			}
		})();
		try {
			return await Promise.race([call, timeout]);
		} finally {
			timers.clearTimeout(timer);
		}
	};

	// Commands from outside go through the stale check like the timer does.
	function guarded(event: ChangeEvent) {
		void stillCurrent().then(current => {
			if (current) {
				dispatch(event);
			}
		});
	}

	async function apply() {
		if (change.state !== 'ARMED' || !(await stillCurrent())) {
			return;
		}

		// Not ARMED any more (aborted or lost while we checked): nothing to apply.
		if (dispatch({type: 'apply'}).state !== 'APPLYING') {
			return;
		}

		// Journal first, enforced: ethtool runs only once APPLYING is on disk.
		if ((await writes) !== true) {
			const why = writeError ?? {code: 'EIO', errno: 5, message: 'cannot write the change journal'};
			dispatch({type: 'abort', reason: 'journal', error: {...why, message: `${why.message}; nothing was applied`}});
			return;
		}

		const result = await setValues(request);
		if (!result.ok) {
			dispatch({type: 'apply-failed', error: result.error});
			const back = await read();
			// Cannot even read it back: assume the worst and restore.
			dispatch(back.ok ? {type: 'readback', values: back.value} : {type: 'readback-failed', error: back.error});
			return;
		}

		dispatch({type: 'applied'});
		let back = await read();
		for (const delay of verifyDelays) {
			if (back.ok && verifyValues(change, back.value) !== 'mismatch') {
				break;
			}

			await sleep(delay);
			back = await read();
		}

		dispatch(back.ok ? {type: 'readback', values: back.value} : {type: 'readback-failed', error: back.error});
	}

	async function runRevert(checkFirst: boolean) {
		reverting = true;
		if (checkFirst) {
			const gone = await ifindexChanged();
			if (gone) {
				dispatch({type: 'diverged', reason: 'device-gone'});
				return;
			}

			const now = await read();
			if (!now.ok) {
				if (now.error.code === 'ENODEV') {
					dispatch({type: 'diverged', reason: 'device-gone'});
					return;
				}
			} else {
				const decision = revertDecision(change, now.value);
				if (decision === 'already-before') {
					dispatch({type: 'readback', values: now.value});
					return;
				}

				if (decision === 'diverged') {
					dispatch({type: 'diverged', reason: 'manual', values: now.value});
					return;
				}
			}
		}

		const beforeRequest = toRequest(change.before);
		for (let attempt = 0; attempt <= revertDelays.length; attempt++) {
			const result = await setValues(beforeRequest);
			const back = await read();
			if (back.ok && (dispatch({type: 'readback', values: back.value}).state === 'REVERTED')) {
				return;
			}

			const error: OpError = result.ok
				? back.ok
					? {code: 'EIO', errno: 5, message: `read back ${describeValues(back.value)}, not ${describeValues(change.before)}`}
					: back.error
				: result.error;
			const delay = revertDelays[attempt];
			if (delay === undefined) {
				dispatch({type: 'revert-failed', error});
				await reportLoudly(error);
				return;
			}

			dispatch({type: 'revert-attempt-failed', error, retryAt: clock.now() + delay});
			await sleep(delay);
		}
	}

	async function ifindexChanged(): Promise<boolean> {
		if (options.ifindex === undefined || !options.readIfindex) {
			return false;
		}

		const now = await options.readIfindex(change.dev).catch(() => undefined);
		return now !== options.ifindex;
	}

	async function reportLoudly(error: OpError) {
		// Only a real device's failure belongs in the kernel log: the model's device is a simulation.
		if (options.kmsg === false || !needsOf(source).kernelLog) {
			return;
		}

		// <3> = KERN_ERR; the console (Azure serial console) shows it even when nobody runs hvtop.
		const line = `<3>hvtop: REVERT FAILED on ${change.dev}: change ${change.id} could not restore ${change.kind} ${describeValues(change.before)}: ${error.message}\n`;
		await appendFile(options.kmsg ?? '/dev/kmsg', line).catch(() => undefined);
	}

	return {
		current: () => change,
		async arm() {
			dispatch({type: 'armed'});
			const result = await writes;
			return result === true;
		},
		apply,
		keep() {
			guarded({type: 'keep'});
		},
		revert(reason = 'admin') {
			guarded({type: 'revert', reason});
		},
		extend(ms) {
			guarded({type: 'extend', ms});
		},
		sessionLost() {
			guarded({type: 'session-lost'});
		},
		abort(reason, error) {
			dispatch({type: 'abort', reason, ...(error ? {error} : {})});
		},
		recover(reason, error) {
			dispatch({type: 'recover', ...(reason ? {reason} : {}), ...(error ? {error} : {})});
		},
		isStale: () => stale,
		done,
	};
}
