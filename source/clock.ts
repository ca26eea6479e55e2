// The one clock. The app loop reads it and passes `now` down; nothing else
// asks for the time. Monotonic, so a wall-clock jump never distorts a rate.
import {performance} from 'node:perf_hooks';

export type Clock = {
	now(): number;
};

export const monotonicClock: Clock = {now: () => performance.now()};

/** A clock that only moves when told to: tests and recorded demos. */
export function manualClock(start = 0): Clock & {advance(ms: number): void} {
	let current = start;
	return {
		now: () => current,
		advance(ms: number) {
			current += ms;
		},
	};
}
