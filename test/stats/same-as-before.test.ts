// The per-tick stats path was rewritten to allocate less; these properties
// hold it to the results of the code before (test/stats/reference/), bit for
// bit, on random counters and on the model's own snapshots.
import test from 'ava';
import fc from 'fast-check';
import {counterDelta, counterRate, maxDeltaFor, perSecond, rateRule} from '../../source/sources/counter-delta.js';
import {computeRates} from '../../source/stats/rates.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {createModelSource} from '../../source/sources/model.js';
import {counterDelta as counterDeltaBefore, perSecond as perSecondBefore} from './reference/counter-delta.js';
import {computeRates as computeRatesBefore} from './reference/rates.js';
import {cpu, queue, snapshot, softirq} from './helpers.js';

const counter = fc.oneof(
	fc.bigInt({min: -3n, max: 10_000n}),
	fc.bigInt({min: 2n ** 32n - 10_000n, max: 2n ** 32n + 10_000n}),
	fc.bigInt({min: 2n ** 53n - 10_000n, max: 2n ** 53n + 10_000n}),
	fc.bigInt({min: 2n ** 64n - 10_000n, max: 2n ** 64n - 1n}),
	fc.bigInt({min: 0n, max: 2n ** 64n - 1n}),
);

// Sorted unique indexes (what sources give) as often as anything else.
const indexes = (max: number) => fc.oneof(
	fc.uniqueArray(fc.integer({min: 0, max}), {maxLength: max + 1}).map(list => list.sort((a, b) => a - b)),
	fc.array(fc.oneof(fc.integer({min: -1, max}), fc.constantFrom(Number.NaN, -0, 0.5)), {maxLength: max + 2}),
);

const snapshotArb = fc.record({
	name: fc.constantFrom('eth0', 'eth0', 'eth1'),
	at: fc.oneof(fc.integer({min: -5000, max: 100_000}), fc.double({noNaN: false})),
	epoch: fc.integer({min: 0, max: 2}),
	queues: indexes(7).chain(list => fc.tuple(...list.map(i => fc.tuple(fc.constant(i), counter, counter, counter, counter)))),
	cpus: indexes(4).chain(list => fc.tuple(...list.map(i => fc.tuple(fc.constant(i), counter, counter, counter, counter)))),
	softirqs: indexes(4).chain(list => fc.tuple(...list.map(i => fc.tuple(fc.constant(i), counter, counter, counter, counter)))),
	errors: fc.array(fc.tuple(fc.constantFrom('tx_busy', 'stop_queue', 'wake_queue'), counter), {maxLength: 4}),
	vf: fc.option(fc.tuple(counter, counter, counter, counter, counter)),
	channelCpu: fc.array(fc.integer({min: -1, max: 5}), {maxLength: 8}),
}).map(({name, at, epoch, queues, cpus, softirqs, errors, vf, channelCpu}): DeviceSnapshot => ({
	...snapshot({
		at,
		epoch,
		queues: queues.map(([i, a, b, c, d]) => queue(i, a, b, c, d)),
		cpus: cpus.map(([i, a, b, c, d]) => cpu(i, {rx: a, tx: b}, {rx: c, tx: d})),
		softirqs: softirqs.map(([i, a, b, c, d]) => softirq(i, a, b, c, d)),
		errors,
		channelCpu,
		...(vf ? {vfTraffic: {rxPackets: vf[0], rxBytes: vf[1], txPackets: vf[2], txBytes: vf[3], txDropped: vf[4]}} : {}),
	}),
	name,
}));

/** Equal values, -0 ≠ 0, and the same keys in the same order (JSON output depends on it). */
function same(a: unknown, b: unknown): boolean {
	if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
		return Object.is(a, b);
	}

	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	return Array.isArray(a) === Array.isArray(b)
		&& keysA.join() === keysB.join()
		&& keysA.every(key => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

test('counterDelta: same delta as before for any counters and options', t => {
	fc.assert(fc.property(
		fc.option(counter), counter, fc.option(fc.boolean()), fc.option(fc.constantFrom(32, 64 as const)),
		fc.option(fc.double({min: 0, max: 1e6, noNaN: true})),
		(prev, next, restarted, width, seconds) => {
			const options = {
				...(restarted === null ? {} : {restarted}),
				...(width === null ? {} : {width: width as 32 | 64}),
				...(seconds === null ? {} : {max: maxDeltaFor(seconds)}),
			};
			return counterDelta(prev ?? undefined, next, options) === counterDeltaBefore(prev ?? undefined, next, options)
				&& counterDelta(prev ?? undefined, next) === counterDeltaBefore(prev ?? undefined, next);
		},
	), {numRuns: 5000});
	t.pass();
});

test('counterRate and perSecond: same rate as before for any counters, interval and bound', t => {
	const seconds = fc.oneof(fc.double({min: 0, max: 100, noNaN: true}), fc.double(), fc.constantFrom(1, 0.001, 1e9, Number.MIN_VALUE));
	fc.assert(fc.property(
		fc.option(counter), counter, fc.boolean(), fc.constantFrom(32, 64 as const), seconds, seconds, fc.option(fc.constantFrom(1, 1e11, 1e300)),
		(prev, next, restarted, width, interval, boundSeconds, perSecondLimit) => {
			const options = {restarted, width: width as 32 | 64, ...(perSecondLimit === null ? {} : {max: maxDeltaFor(boundSeconds, perSecondLimit)})};
			const before = perSecondBefore(counterDeltaBefore(prev ?? undefined, next, options), interval);
			return Object.is(counterRate(prev ?? undefined, next, rateRule(interval, options)), before)
				&& Object.is(perSecond(next, interval), perSecondBefore(next, interval));
		},
	), {numRuns: 5000});
	t.pass();
});

test('computeRates: same rates as before on random snapshot sequences', t => {
	fc.assert(fc.property(fc.array(snapshotArb, {minLength: 1, maxLength: 5}), fc.option(fc.constantFrom(1, 1000, 1e11)), (sequence, maxPerSecond) => {
		const options = maxPerSecond === null ? {} : {maxPerSecond};
		let prev: DeviceSnapshot | undefined;
		for (const next of sequence) {
			if (!same(computeRates(prev, next, options), computeRatesBefore(prev, next, options))) {
				return false;
			}

			prev = next;
		}

		return true;
	}), {numRuns: 2000});
	t.pass();
});

test('computeRates: same rates as before on every scenario of the model', async t => {
	for (const scenario of ['balanced', 'elephant', 'few-channels', 'small-rings', 'vf', 'large']) {
		const created = createModelSource({scenario});
		if (!created.ok) {
			throw new Error(created.error.message);
		}

		const source = created.value;
		const previous = new Map<string, DeviceSnapshot>();
		for (let now = 1000; now <= 8000; now += 1000) {
			// eslint-disable-next-line no-await-in-loop
			for (const name of await source.devices()) {
				// eslint-disable-next-line no-await-in-loop
				const result = await source.snapshot(name, now);
				if (result.ok) {
					t.true(same(computeRates(previous.get(name), result.value), computeRatesBefore(previous.get(name), result.value)), `${scenario} ${name} ${now}`);
					previous.set(name, result.value);
				}
			}
		}
	}
});
