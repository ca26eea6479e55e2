// hvtop watching its guard: a change waiting for keep must be decided by the
// guard at its deadline. A guard that is alive but silent past the deadline
// plus a grace (stopped with SIGSTOP, hung) is reported and taken over — the
// controller asks recovery, which stops the guard for good and reverts.
import type {Clock, Timers} from './runner.js';
import type {ChangeView} from './types.js';

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
