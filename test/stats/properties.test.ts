// Random counter sequences: whatever the source does, rates are finite and ≥ 0.
import test from 'ava';
import fc from 'fast-check';
import {counterDelta, maxDeltaFor, perSecond} from '../../source/sources/counter-delta.js';
import {imbalance} from '../../source/stats/imbalance.js';
import {computeRates} from '../../source/stats/rates.js';
import {createHistory, pushRates, queueSeries} from '../../source/stats/history.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {cpu, queue, snapshot, softirq} from './helpers.js';

// Counters near 0, near 2^32, near 2^53, near 2^64 and anywhere.
const counter = fc.oneof(
	fc.bigInt({min: 0n, max: 10_000n}),
	fc.bigInt({min: 2n ** 32n - 10_000n, max: 2n ** 32n + 10_000n}),
	fc.bigInt({min: 2n ** 53n - 10_000n, max: 2n ** 53n + 10_000n}),
	fc.bigInt({min: 2n ** 64n - 10_000n, max: 2n ** 64n - 1n}),
	fc.bigInt({min: 0n, max: 2n ** 64n - 1n}),
);

const snapshotArb = fc.record({
	at: fc.oneof(fc.integer({min: -5000, max: 100_000}), fc.double({noNaN: false})),
	epoch: fc.integer({min: 0, max: 2}),
	queues: fc.array(fc.tuple(fc.integer({min: 0, max: 7}), counter, counter, counter, counter), {maxLength: 8}),
	cpus: fc.array(fc.tuple(fc.integer({min: 0, max: 3}), counter, counter, counter, counter), {maxLength: 4}),
	softirqs: fc.array(fc.tuple(fc.integer({min: 0, max: 3}), counter, counter, counter, counter), {maxLength: 4}),
	errors: fc.array(fc.tuple(fc.constantFrom('tx_busy', 'stop_queue', 'wake_queue'), counter), {maxLength: 3}),
	vf: fc.option(fc.tuple(counter, counter, counter, counter, counter)),
	channelCpu: fc.array(fc.integer({min: -1, max: 4}), {maxLength: 8}),
}).map(({at, epoch, queues, cpus, softirqs, errors, vf, channelCpu}): DeviceSnapshot => snapshot({
	at,
	epoch,
	queues: queues.map(([i, a, b, c, d]) => queue(i, a, b, c, d)),
	cpus: cpus.map(([i, a, b, c, d]) => cpu(i, {rx: a, tx: b}, {rx: c, tx: d})),
	softirqs: softirqs.map(([i, a, b, c, d]) => softirq(i, a, b, c, d)),
	errors,
	channelCpu,
	...(vf ? {vfTraffic: {rxPackets: vf[0], rxBytes: vf[1], txPackets: vf[2], txBytes: vf[3], txDropped: vf[4]}} : {}),
}));

const sane = (x: number): boolean => Number.isFinite(x) && x >= 0;

function allRates(r: ReturnType<typeof computeRates>): number[] {
	return [
		r.elapsedSeconds,
		r.imbalance,
		...Object.values(r.totals),
		...r.queues.flatMap(q => [q.rxPps, q.rxBps, q.txPps, q.txBps, q.share]),
		...r.cpus.flatMap(c => [c.rxPps, c.rxBps, c.txPps, c.txBps, c.vfRxPps, c.vfTxPps, c.netRxPerSec, c.netTxPerSec, c.dropsPerSec, c.squeezesPerSec]),
		...r.errors.map(e => e.rate),
		...(r.vf ? Object.values(r.vf) : []),
	];
}

test('counterDelta is never negative and never above its bound', t => {
	fc.assert(fc.property(
		fc.option(counter), counter, fc.boolean(), fc.constantFrom(32, 64 as const), fc.double({min: 0, max: 10, noNaN: true}),
		(prev, next, restarted, width, seconds) => {
			const max = maxDeltaFor(seconds);
			const delta = counterDelta(prev ?? undefined, next, {restarted, width: width as 32 | 64, max});
			const rate = perSecond(delta, seconds);
			return delta >= 0n && delta <= max && sane(rate);
		},
	));
	t.pass();
});

test('random snapshot sequences give finite, non-negative rates', t => {
	fc.assert(fc.property(fc.array(snapshotArb, {minLength: 1, maxLength: 6}), sequence => {
		let prev: DeviceSnapshot | undefined;
		for (const next of sequence) {
			const r = computeRates(prev, next);
			if (!allRates(r).every(x => sane(x))) {
				return false;
			}

			if (r.imbalance > Math.max(1, r.queues.length) || r.queues.some(q => q.share > 1)) {
				return false;
			}

			const ids = r.cpus.map(c => c.cpu);
			if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) {
				return false;
			}

			prev = next;
		}

		return true;
	}));
	t.pass();
});

test('believable monotonic counters give exactly delta / seconds', t => {
	// Steps up to 1e8 fit the plausibility bound (1e11/s) for any interval ≥ 1 ms.
	fc.assert(fc.property(
		fc.bigInt({min: 0n, max: 2n ** 63n}), fc.bigInt({min: 0n, max: 10n ** 8n}), fc.integer({min: 1, max: 60_000}),
		(start, step, ms) => {
			const prev = snapshot({at: 0, queues: [queue(0, start)]});
			const next = snapshot({at: ms, queues: [queue(0, start + step)]});
			return computeRates(prev, next).queues[0]?.rxPps === Number(step) / (ms / 1000);
		},
	));
	t.pass();
});

test('imbalance stays in [1, N]', t => {
	fc.assert(fc.property(fc.array(fc.double()), loads => {
		const x = imbalance(loads);
		return x >= 1 && x <= Math.max(1, loads.length);
	}));
	t.pass();
});

test('history never holds more than its capacity', t => {
	fc.assert(fc.property(
		fc.integer({min: 1, max: 10}),
		fc.array(fc.array(fc.integer({min: 0, max: 5}), {maxLength: 6}), {maxLength: 40}),
		(capacity, steps) => {
			const h = createHistory(capacity);
			for (const indexes of steps) {
				const queues = [...new Set(indexes)].map(index => ({index, rxPps: 1, rxBps: 1, txPps: 0, txBps: 0, share: 0}));
				pushRates(h, {
					name: 'eth0', at: 0, elapsedSeconds: 1, queues, totals: {rxPps: 0, rxBps: 0, txPps: 0, txBps: 0},
					imbalance: 1, errors: [], cpus: [], reset: false,
				});
				for (let i = 0; i <= 5; i++) {
					const n = queueSeries(h, i).length;
					if (n > capacity || (n > 0 && !queues.some(q => q.index === i))) {
						return false;
					}
				}
			}

			return true;
		},
	));
	t.pass();
});
