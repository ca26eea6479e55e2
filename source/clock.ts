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

/** Runs `callback` after `delayMs`; returns a function that cancels it. */
export type Scheduler = (callback: () => void, delayMs: number) => () => void;

export const timerScheduler: Scheduler = (callback, delayMs) => {
	const timer = setTimeout(callback, delayMs);
	return () => {
		clearTimeout(timer);
	};
};

/**
 * A scheduler that runs nothing until told: tests and recorded demos step
 * the app loop one tick at a time.
 */
export function manualScheduler(): Scheduler & {runPending(): boolean; pending(): number} {
	let queue: Array<() => void> = [];
	const schedule = ((callback: () => void) => {
		queue.push(callback);
		return () => {
			queue = queue.filter(entry => entry !== callback);
		};
	}) as unknown as Scheduler & {runPending(): boolean; pending(): number};
	schedule.runPending = () => {
		const due = queue;
		queue = [];
		for (const callback of due) {
			callback();
		}

		return due.length > 0;
	};

	schedule.pending = () => queue.length;
	return schedule;
}

/**
 * For recorded demos: model time advances by exactly the scheduled delay at
 * each tick, whatever the real timers did, so two recordings are identical.
 */
export function demoTimer(start = 0): {clock: Clock; schedule: Scheduler} {
	const clock = manualClock(start);
	const schedule: Scheduler = (callback, delayMs) => timerScheduler(() => {
		clock.advance(delayMs);
		callback();
	}, delayMs);
	return {clock, schedule};
}
