// The implementation as of c8f0174, before the per-tick allocation work: the
// reference the differential tests compare the current code with, bit for bit.
// The delta of one raw counter between two snapshots. Counters stay BigInt
// (they pass 2^53 on long-lived NICs); only a bounded delta becomes a Number,
// in perSecond(), the final division.
//
// The rule, in order:
//   1. next < 0 (garbage)                         → 0       'unknown'
//   2. the queues were re-created (epoch changed) → next    'restart'  (counted from 0)
//   3. no usable previous value                   → 0       'unknown'  (no baseline)
//   4. next ≥ prev                                → next − prev          'increase'
//   5. a 32-bit counter that fell, both values < 2^32, and the wrapped delta
//      2^32 − prev + next is under half the range (and believable)
//                                                 → that    'wrap'
//   6. any other decrease: a reset we were not told of (MTU change, resume…);
//      the counter restarted from 0 during the interval → next 'reset'
// Finally a delta above `max` (what the interval could possibly carry) is
// not believed: 0, 'absurd'. Never negative; no 64-bit wrap (centuries away).

import type {CounterWidth, Delta, DeltaKind, DeltaOptions} from '../../../source/sources/counter-delta.js';

export type {CounterWidth, Delta, DeltaKind, DeltaOptions};

const u32 = 2n ** 32n;
// Serial-number arithmetic (RFC 1982): a move of more than half the range is
// ambiguous, so a u32 that fell 1000 → 10 is a reset, not 4 billion events.
const halfU32 = 2n ** 31n;

/**
 * Far above any Hyper-V/Azure NIC (200 Gb/s ≈ 2.5e10 bytes/s, ~3e8 packets/s):
 * a counter moving faster than this per second is a glitch, not traffic.
 */
export const maxCountPerSecond = 1e11;

/** The largest believable delta over `seconds`; 0n for a non-positive interval. */
export function maxDeltaFor(seconds: number, perSecond = maxCountPerSecond): bigint {
	const limit = Math.ceil(seconds * perSecond);
	return Number.isFinite(limit) && limit > 0 ? BigInt(limit) : 0n;
}

export function classifyDelta(prev: bigint | undefined, next: bigint, options: DeltaOptions = {}): Delta {
	const {restarted = false, width = 64, max} = options;
	const believable = (delta: bigint, kind: DeltaKind): Delta =>
		max !== undefined && delta > max ? {delta: 0n, kind: 'absurd'} : {delta, kind};

	if (next < 0n) {
		return {delta: 0n, kind: 'unknown'};
	}

	if (restarted) {
		return believable(next, 'restart');
	}

	if (prev === undefined || prev < 0n) {
		return {delta: 0n, kind: 'unknown'};
	}

	if (next >= prev) {
		return believable(next - prev, 'increase');
	}

	if (width === 32 && prev < u32 && next < u32) {
		const wrapped = u32 - prev + next;
		if (wrapped < halfU32 && (max === undefined || wrapped <= max)) {
			return {delta: wrapped, kind: 'wrap'};
		}
	}

	// Changed on purpose (issue 12, item 11): only a drop to at most half is a
	// reset; a smaller step back is an unknown interval, not a restart spike.
	return next <= (prev >> 1n) ? believable(next, 'reset') : {delta: 0n, kind: 'unknown'};
}

/** The delta alone; see classifyDelta for the rule. Always ≥ 0n. */
export function counterDelta(prev: bigint | undefined, next: bigint, options?: DeltaOptions): bigint {
	return classifyDelta(prev, next, options).delta;
}

/** The final division: a delta over seconds, finite and ≥ 0 (0 for a non-positive interval). */
export function perSecond(delta: bigint, seconds: number): number {
	if (!(seconds > 0) || !Number.isFinite(seconds) || delta <= 0n) {
		return 0;
	}

	const rate = Number(delta) / seconds;
	return Number.isFinite(rate) ? rate : 0;
}
