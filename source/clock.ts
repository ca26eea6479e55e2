// The one clock module. The app loop reads a Clock and passes `now` down;
// the change engine (controller, runner, guard, recovery) takes a Clock and
// Timers the same way, so every test can run on a manual clock. Monotonic,
// so a wall-clock jump never distorts a rate or moves a keep deadline.
import {performance} from 'node:perf_hooks';

export type Clock = {
	/** Monotonic milliseconds. */
	now(): number;
	/**
	 * CLOCK_MONOTONIC ms as this clock sees it (default monoNow()): a virtual clock that
	 * gives it lets journal times, which other processes read, move with virtual time.
	 */
	mono?(): number;
};

/** The app's clock (performance.now(): monotonic, ms since this process started). */
export const monotonicClock: Clock = {now: () => performance.now()};

/** CLOCK_MONOTONIC in ms: the one time base shared by hvtop, its guard and the journal. */
export const monoNow = (): number => Number(process.hrtime.bigint()) / 1e6;
/** CLOCK_MONOTONIC ms now, as `clock` sees it. */
export const monoOf = (clock: Clock): number => clock.mono?.() ?? monoNow();
/** A time on `clock` as CLOCK_MONOTONIC ms (both are monotonic: the offset is stable). */
export const toMono = (ms: number, clock: Clock): number => ms - clock.now() + monoOf(clock);
export const fromMono = (mono: number, clock: Clock): number => mono - monoOf(clock) + clock.now();

/** setTimeout/clearTimeout as a value: the change engine's timers, injected like the clock. */
export type Timers = {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

export const realTimers: Timers = {
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout(handle) {
		clearTimeout(handle as NodeJS.Timeout);
	},
};

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

/** The app loop's Scheduler over any Timers: one timer abstraction underneath both. */
export const schedulerOf = (timers: Timers): Scheduler => (callback, delayMs) => {
	const timer = timers.setTimeout(callback, delayMs);
	return () => {
		timers.clearTimeout(timer);
	};
};

export const timerScheduler: Scheduler = schedulerOf(realTimers);

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
