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
//   6. a drop to at most half the old value: a reset we were not told of
//      (MTU change, resume…); the counter restarted from 0 during the
//      interval                                    → next    'reset'
//   7. a smaller step back (a driver summing per-CPU parts while they move,
//      a re-read racing an update): nothing is known of this interval — no
//      rate, rather than the whole counter as a restart spike → 0 'unknown'
// Finally a delta above `max` (what the interval could possibly carry) is
// not believed: 0, 'absurd'. Never negative; no 64-bit wrap (centuries away).

/** Bits a counter really has. hv_netvsc: vf_tx_dropped, /proc/softirqs and softnet_stat are 32. */
export type CounterWidth = 32 | 64;

export type DeltaKind = 'increase' | 'restart' | 'reset' | 'wrap' | 'unknown' | 'absurd';

export type DeltaOptions = {
	/** The device's epoch changed: this counter restarted from 0 during the interval. */
	readonly restarted?: boolean;
	/** Default 64. With 32 a decrease may be a wrap. */
	readonly width?: CounterWidth;
	/** The largest believable delta for the interval (see maxDeltaFor); none when omitted. */
	readonly max?: bigint;
};

export type Delta = {readonly delta: bigint; readonly kind: DeltaKind};

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

	return isReset(prev, next) ? believable(next, 'reset') : {delta: 0n, kind: 'unknown'};
}

/**
 * A decrease that reads as a counter restarted from 0 (rule 6): it fell to at
 * most half. A counter with a history holds far more than one interval adds,
 * so a restart lands near zero; a slight step back does not.
 */
export const isReset = (prev: bigint, next: bigint): boolean => next < prev && next <= (prev >> 1n);

/** The delta alone; see classifyDelta for the rule. Always ≥ 0n. */
export function counterDelta(prev: bigint | undefined, next: bigint, options?: DeltaOptions): bigint {
	// Nearly every counter just rose (rule 4): answer that without the Delta
	// object and closure classifyDelta allocates, ~2000 times a tick.
	if (prev !== undefined && prev >= 0n && next >= prev && !options?.restarted) {
		const delta = next - prev;
		return options?.max !== undefined && delta > options.max ? 0n : delta;
	}

	return classifyDelta(prev, next, options).delta;
}

/** The final division: a delta over seconds, finite and ≥ 0 (0 for a non-positive interval). */
export function perSecond(delta: bigint, seconds: number): number {
	return numberPerSecond(delta <= 0n ? 0 : Number(delta), seconds);
}

function numberPerSecond(delta: number, seconds: number): number {
	if (!(seconds > 0) || !Number.isFinite(seconds) || delta <= 0) {
		return 0;
	}

	const rate = delta / seconds;
	return Number.isFinite(rate) ? rate : 0;
}

/** One kind of counter over one interval: what counterRate needs, made once per pair of snapshots. */
export type RateRule = {
	readonly seconds: number;
	readonly options: DeltaOptions;
	/** options.max as a Number: exact, maxDeltaFor makes it from one. */
	readonly maxNumber: number | undefined;
};

export const rateRule = (seconds: number, options: DeltaOptions): RateRule =>
	({seconds, options, maxNumber: options.max === undefined ? undefined : Number(options.max)});

/** Counters up to 2^53 − 1 are exact as Numbers, and so is the difference of two of them. */
const maxExactCounter = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * perSecond(counterDelta(prev, next, rule.options), rule.seconds), bit for bit.
 * A counter that rose and fits in a double needs no BigInt arithmetic, which
 * allocates: the delta is exact as a Number, and so is the bound it is held to.
 */
export function counterRate(prev: bigint | undefined, next: bigint, rule: RateRule): number {
	if (prev !== undefined && prev >= 0n && next >= prev && next <= maxExactCounter && !rule.options.restarted) {
		const delta = Number(next) - Number(prev);
		return rule.maxNumber !== undefined && delta > rule.maxNumber ? 0 : numberPerSecond(delta, rule.seconds);
	}

	return perSecond(counterDelta(prev, next, rule.options), rule.seconds);
}
