// hvtop watching its guard: a change waiting for keep must be decided by the
// guard at its deadline. A guard that is alive but silent past the deadline
// plus a grace (stopped with SIGSTOP, hung) is taken over — the controller
// asks recovery, which stops the guard for good and reverts, saying why. The
// same path resolves a change whose guard died; only one of them runs.
import type {RecoveryOutcome} from './recovery.js';
import type {Clock, Timers} from '../clock.js';
import {opError} from '../errors.js';
import {isTerminal, type ChangeView} from './types.js';

export type DeadlineWatch = {
	/** Every update of the change the guard runs; (re)arms or clears the watch. */
	update(change: ChangeView | undefined): void;
	stop(): void;
};

export function watchDeadline(options: {readonly clock: Clock; readonly timers: Timers; readonly graceMs: number; readonly onMissed: (change: ChangeView) => void}): DeadlineWatch {
	const {clock, timers} = options;
	let timer: unknown;
	let armedFor: string | undefined;

	const stop = () => {
		if (timer !== undefined) {
			timers.clearTimeout(timer);
			timer = undefined;
		}

		armedFor = undefined;
	};

	return {
		update(change) {
			if (change?.state !== 'AWAIT_CONFIRM' || change.deadline === undefined) {
				stop();
				return;
			}

			// Re-arm only when the deadline moved (extend), not on every repeated update.
			const key = `${change.id}@${change.deadline}`;
			if (key === armedFor) {
				return;
			}

			stop();
			armedFor = key;
			// A hair after the grace, so the journal's view (CLOCK_MONOTONIC) agrees it is late.
			timer = timers.setTimeout(() => {
				timer = undefined;
				armedFor = undefined;
				options.onMissed(change);
			}, Math.max(0, change.deadline + options.graceMs + 100 - clock.now()));
		},
		stop,
	};
}

export type Takeover = {
	/** Feed every update of a change run by an out-of-process guard (undefined: none). */
	watch(change: ChangeView | undefined): void;
	/** Resolve the change here through recovery; `what` begins the message when that cannot decide. */
	resolve(dev: string, id: string, what: string): Promise<void>;
	/** The recovery in progress, if any: whoever comes second waits for it instead of acting too. */
	busy(): Promise<void> | undefined;
	stop(): void;
};

export function createTakeover(options: {
	readonly clock: Clock;
	readonly timers: Timers;
	readonly graceMs: number;
	readonly current: () => ChangeView | undefined;
	readonly publish: (change: ChangeView) => void;
	readonly recover: (dev: string) => Promise<RecoveryOutcome>;
}): Takeover {
	const {timers, current} = options;
	let recovering: Promise<void> | undefined;

	async function resolve(dev: string, id: string, what: string) {
		let done!: () => void;
		recovering = new Promise(r => {
			done = r;
		});
		try {
			const outcome = await options.recover(dev);
			const now = current();
			// Pending after a missed deadline: not late by the journal's clock yet, or the lock is busy.
			const retry = outcome.kind === 'pending' && what.includes('deadline');
			if (outcome.kind !== 'resolved' && !retry && now?.id === id && !isTerminal(now.state)) {
				// Undecidable from here: say so and stop waiting; the journal keeps the change open.
				const message = outcome.kind === 'unresolved' ? outcome.message : `recovery: ${outcome.kind}`;
				options.publish({...now, state: 'DIVERGED', reason: 'guard-lost', error: opError('EGUARD', `${what} ${message}; run hvtop rollback ${dev}`)});
			}
		} finally {
			recovering = undefined;
			done();
		}
	}

	async function takeOver(dev: string, id: string) {
		const now = current();
		if (now?.id !== id || isTerminal(now.state) || recovering) {
			return;
		}

		await resolve(dev, id, 'the guard missed its deadline and');
		if (current()?.id === id && current()?.state === 'AWAIT_CONFIRM') {
			timers.setTimeout(() => {
				void takeOver(dev, id);
			}, 500);
		}
	}

	const deadline = watchDeadline({clock: options.clock, timers, graceMs: options.graceMs, onMissed: change => {
		void takeOver(change.dev, change.id);
	}});
	return {watch: deadline.update, resolve, busy: () => recovering, stop: deadline.stop};
}
