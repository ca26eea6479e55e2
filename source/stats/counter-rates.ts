// Every `ethtool -S` counter with its rate since the previous reading, as
// `watch -d ethtool -S` would show it: the value, how fast it moves, and
// whether it moved at all. Exact to 64 bits (BigInt); a counter that went
// backwards (a reset: queues re-created, a new VF) moves at 0, never below.
import type {Stat} from '../types.js';

export type CounterRate = {
	readonly name: string;
	readonly value: bigint;
	/** Per second since the previous reading; 0 without one, or across a reset. */
	readonly rate: number;
	/** Different from the previous reading (a reset too). */
	readonly changed: boolean;
};

/** `previous`: the same device's counters `intervalMs` earlier (undefined: the first reading). */
export function counterRates(stats: readonly Stat[], previous: readonly Stat[] | undefined, intervalMs: number): CounterRate[] {
	const before = previous ? new Map(previous) : undefined;
	const seconds = intervalMs / 1000;
	return stats.map(([name, value]) => {
		const old = before?.get(name);
		if (old === undefined) {
			return {name, value, rate: 0, changed: false};
		}

		const delta = value - old;
		return {name, value, rate: delta > 0n && seconds > 0 ? Number(delta) / seconds : 0, changed: delta !== 0n};
	});
}
