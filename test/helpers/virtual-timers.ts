// Time for the tuning tests that no load can bend: a clock and timers that
// move only when the test says so. Short steps (the verify and revert
// pauses, below `autoMs`) run on their own at once, in virtual time — they
// only order work and race no assertion. Everything longer (the keep
// deadline, the apply budget, the arm timeout) fires only on advance().
import type {Clock, Timers} from '../../source/clock.js';

type Entry = {readonly id: number; readonly at: number; readonly fn: () => void};

export type VirtualTime = {
	readonly clock: Clock;
	readonly timers: Timers;
	/** Move the clock by `ms`, firing every long timer that falls due, in order. */
	advance(ms: number): void;
	/** Long timers waiting for advance(). */
	pending(): number;
};

export function virtualTime(options: {start?: number; autoMs?: number} = {}): VirtualTime {
	let now = options.start ?? 1000;
	const autoMs = options.autoMs ?? 100;
	let nextId = 1;
	let queue: Entry[] = [];
	const cancelled = new Set<number>();

	const timers: Timers = {
		setTimeout(fn, ms) {
			const id = nextId++;
			if (ms < autoMs) {
				// A short pause: done at once (next turn of the event loop), the clock moved by it.
				setImmediate(() => {
					if (!cancelled.delete(id)) {
						now += Math.max(0, ms);
						fn();
					}
				});
			} else {
				queue.push({id, at: now + Math.max(0, ms), fn});
				queue.sort((a, b) => a.at - b.at || a.id - b.id);
			}

			return id;
		},
		clearTimeout(handle) {
			const id = handle as number;
			const before = queue.length;
			queue = queue.filter(entry => entry.id !== id);
			if (queue.length === before) {
				cancelled.add(id);
			}
		},
	};

	return {
		clock: {now: () => now},
		timers,
		advance(ms) {
			const target = now + ms;
			for (let due = queue[0]; due !== undefined && due.at <= target; due = queue[0]) {
				queue.shift();
				now = Math.max(now, due.at);
				due.fn();
			}

			now = target;
		},
		pending: () => queue.length,
	};
}
