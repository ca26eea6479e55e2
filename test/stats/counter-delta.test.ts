import test from 'ava';
import fc from 'fast-check';
import {classifyDelta, counterDelta, counterRate, maxDeltaFor, perSecond, rateRule} from '../../source/sources/counter-delta.js';

const u32 = 2n ** 32n;

// Counters near 0 (and below), near 2^32, 2^53 and 2^64, and anywhere.
const counter = fc.oneof(
	fc.bigInt({min: -3n, max: 10_000n}),
	fc.bigInt({min: u32 - 10_000n, max: u32 + 10_000n}),
	fc.bigInt({min: 2n ** 53n - 10_000n, max: 2n ** 53n + 10_000n}),
	fc.bigInt({min: 2n ** 64n - 10_000n, max: 2n ** 64n - 1n}),
	fc.bigInt({min: 0n, max: 2n ** 64n - 1n}),
);

test('an increase is the difference, exact above 2^53', t => {
	const base = 2n ** 60n;
	t.deepEqual(classifyDelta(base, base + 3000n), {delta: 3000n, kind: 'increase'});
	t.is(counterDelta(2n ** 53n + 1n, 2n ** 53n + 2n), 1n);
});

test('after an epoch change the delta is the new value', t => {
	t.deepEqual(classifyDelta(5_000_000n, 1200n, {restarted: true}), {delta: 1200n, kind: 'restart'});
	// Even when the new value happens to be larger than the old one.
	t.is(counterDelta(10n, 700n, {restarted: true}), 700n);
	// A queue that did not exist before counts from zero.
	t.is(counterDelta(undefined, 42n, {restarted: true}), 42n);
});

test('a decrease without an epoch change is a reset: the new value', t => {
	t.deepEqual(classifyDelta(9_000_000n, 250n), {delta: 250n, kind: 'reset'});
	t.is(counterDelta(2n ** 60n, 0n), 0n);
});

test('no baseline gives 0', t => {
	t.deepEqual(classifyDelta(undefined, 123n), {delta: 0n, kind: 'unknown'});
	t.deepEqual(classifyDelta(-1n, 123n), {delta: 0n, kind: 'unknown'});
	t.deepEqual(classifyDelta(5n, -3n), {delta: 0n, kind: 'unknown'});
});

test('a 32-bit counter near the top that falls wrapped', t => {
	t.deepEqual(classifyDelta(u32 - 100n, 50n, {width: 32}), {delta: 150n, kind: 'wrap'});
	t.deepEqual(classifyDelta(u32 - 1n, 0n, {width: 32}), {delta: 1n, kind: 'wrap'});
});

test('a 32-bit counter that fell far is a reset, not billions of events', t => {
	// 1000 → 10 would be a wrap of 2^32 − 990: more than half the range.
	t.deepEqual(classifyDelta(1000n, 10n, {width: 32}), {delta: 10n, kind: 'reset'});
	// Not a u32 value at all: cannot have wrapped at 2^32.
	t.deepEqual(classifyDelta(u32 + 5n, 3n, {width: 32}), {delta: 3n, kind: 'reset'});
});

test('a wrap larger than the interval allows is a reset', t => {
	t.deepEqual(classifyDelta(u32 - 1000n, 10n, {width: 32, max: 500n}), {delta: 10n, kind: 'reset'});
});

test('64-bit counters never wrap', t => {
	t.deepEqual(classifyDelta(u32 - 100n, 50n), {delta: 50n, kind: 'reset'});
});

test('a delta above the believable maximum is 0', t => {
	t.deepEqual(classifyDelta(0n, 2n ** 62n, {max: maxDeltaFor(1)}), {delta: 0n, kind: 'absurd'});
	// An epoch bump on counters that did not actually restart.
	t.deepEqual(classifyDelta(2n ** 60n, 2n ** 60n + 5n, {restarted: true, max: maxDeltaFor(1)}), {delta: 0n, kind: 'absurd'});
	t.is(counterDelta(0n, 1000n, {max: 1000n}), 1000n);
});

test('maxDeltaFor scales with the interval and is 0 for none', t => {
	t.is(maxDeltaFor(1, 1000), 1000n);
	t.is(maxDeltaFor(1.5, 1000), 1500n);
	t.is(maxDeltaFor(0), 0n);
	t.is(maxDeltaFor(-1), 0n);
	t.is(maxDeltaFor(Number.NaN), 0n);
});

test('perSecond divides last and stays finite', t => {
	t.is(perSecond(3000n, 1.5), 2000);
	t.is(perSecond(3000n, 0), 0);
	t.is(perSecond(3000n, -2), 0);
	t.is(perSecond(3000n, Number.NaN), 0);
	t.is(perSecond(2n ** 64n, 1e-320), 0);
	t.is(perSecond(0n, 1), 0);
});

test('a counter that steps back slightly is an unknown interval, not a restart from zero', t => {
	// 1 000 000 → 999 000: read as a reset this was a spike of 999 000 events.
	t.deepEqual(classifyDelta(1_000_000n, 999_000n), {delta: 0n, kind: 'unknown'});
	t.deepEqual(classifyDelta(2n ** 63n, 2n ** 63n - 1n), {delta: 0n, kind: 'unknown'});
	t.is(counterDelta(1_000_000n, 999_999n, {max: maxDeltaFor(1)}), 0n);
	// A 32-bit counter that steps back a little is no wrap either.
	t.deepEqual(classifyDelta(1000n, 990n, {width: 32}), {delta: 0n, kind: 'unknown'});
	// A drop to at most half is still a reset, counted from 0; an epoch change still a restart.
	t.deepEqual(classifyDelta(1_000_000n, 500_000n), {delta: 500_000n, kind: 'reset'});
	t.deepEqual(classifyDelta(1_000_000n, 999_000n, {restarted: true}), {delta: 999_000n, kind: 'restart'});
});

// counterDelta and counterRate take fast paths for a counter that rose (no
// Delta object; plain Numbers below 2^53). classifyDelta is the rule without
// them, so it is the oracle: this replaced test/stats/reference/counter-delta.ts
// (a copy of classifyDelta). Mutations only these caught: the Number path
// bounded at 2^55 instead of 2^53, a negative previous value taken by either
// fast path.
test('counterDelta: the fast path gives what classifyDelta gives, for any counters and options', t => {
	fc.assert(fc.property(
		fc.option(counter), counter, fc.option(fc.boolean()), fc.option(fc.constantFrom(32, 64 as const)),
		fc.option(fc.double({min: 0, max: 1e6, noNaN: true})),
		(prev, next, restarted, width, seconds) => {
			const options = {
				...(restarted === null ? {} : {restarted}),
				...(width === null ? {} : {width: width as 32 | 64}),
				...(seconds === null ? {} : {max: maxDeltaFor(seconds)}),
			};
			return counterDelta(prev ?? undefined, next, options) === classifyDelta(prev ?? undefined, next, options).delta
				&& counterDelta(prev ?? undefined, next) === classifyDelta(prev ?? undefined, next).delta;
		},
	), {numRuns: 5000});
	t.pass();
});

test('counterRate: bit for bit perSecond(classifyDelta(…).delta), for any counters, interval and bound', t => {
	const seconds = fc.oneof(fc.double({min: 0, max: 100, noNaN: true}), fc.double(), fc.constantFrom(1, 0.001, 1e9, Number.MIN_VALUE));
	fc.assert(fc.property(
		fc.option(counter), counter, fc.boolean(), fc.constantFrom(32, 64 as const), seconds, seconds, fc.option(fc.constantFrom(1, 1e11, 1e300)),
		(prev, next, restarted, width, interval, boundSeconds, perSecondLimit) => {
			const options = {restarted, width: width as 32 | 64, ...(perSecondLimit === null ? {} : {max: maxDeltaFor(boundSeconds, perSecondLimit)})};
			return Object.is(counterRate(prev ?? undefined, next, rateRule(interval, options)), perSecond(classifyDelta(prev ?? undefined, next, options).delta, interval));
		},
	), {numRuns: 5000});
	t.pass();
});

test('bounds and wraps at their exact edges', t => {
	// A delta equal to the bound is believed, one more is not: BigInt and Number paths alike.
	t.is(counterRate(0n, 1000n, rateRule(1, {max: 1000n})), 1000);
	t.is(counterRate(0n, 1001n, rateRule(1, {max: 1000n})), 0);
	t.is(counterRate(2n ** 60n, 2n ** 60n + 1000n, rateRule(1, {max: 1000n})), 1000);
	// A wrap of exactly half the u32 range is ambiguous: a reset.
	t.deepEqual(classifyDelta(2n ** 31n + 5n, 5n, {width: 32}), {delta: 5n, kind: 'reset'});
	t.deepEqual(classifyDelta(2n ** 31n + 5n, 4n, {width: 32}), {delta: 2n ** 31n - 1n, kind: 'wrap'});
	// A wrap equal to the bound is believed.
	t.deepEqual(classifyDelta(u32 - 500n, 0n, {width: 32, max: 500n}), {delta: 500n, kind: 'wrap'});
	// 2^32 itself is no u32 value: it cannot have wrapped.
	t.deepEqual(classifyDelta(u32, 10n, {width: 32}), {delta: 10n, kind: 'reset'});
});
