// Differential test, kept on purpose (issue 14): advice helpers rewritten to
// allocate less, held to the code before (test/advice/reference/helpers.ts) on
// random channel maps (sparse ones too), tables and rates. Mutations only this
// caught (every rule test passed): queuesByCpu taking fractional CPUs,
// queueSpread sizing the table for one queue too few, a NaN share without
// traffic, its keys in another order; with sparse maps, queuesWhere visiting holes.
import test from 'ava';
import fc from 'fast-check';
import {queuesByCpu, queuesWhere, sharedCpus} from '../../source/advice/facts.js';
import {queueSpread} from '../../source/advice/spread.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import type {DeviceRates, QueueRates} from '../../source/stats/index.js';
import * as before from './reference/helpers.js';
import {scenarioRun, scenarios} from './helpers.js';

/** Equal values, -0 ≠ 0, and the same keys in the same order. */
function same(a: unknown, b: unknown): boolean {
	if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
		return Object.is(a, b);
	}

	if (a instanceof Map && b instanceof Map) {
		return same([...a], [...b]);
	}

	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	return Array.isArray(a) === Array.isArray(b)
		&& keysA.join() === keysB.join()
		&& keysA.every(key => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const cpuOf = fc.oneof(fc.integer({min: -2, max: 6}), fc.constantFrom(0.5, Number.NaN, -0));
// Sparse maps too: the old flatMap skipped holes, and so must queuesWhere.
const channelCpu = fc.oneof(fc.array(cpuOf, {maxLength: 12}), fc.sparseArray(cpuOf, {maxLength: 12}));

test('queuesByCpu and queue selection: same as before', t => {
	fc.assert(fc.property(channelCpu, fc.uniqueArray(fc.integer({min: -1, max: 6})), (map, marked) => {
		const served = queuesByCpu(map);
		const test = (cpu: number) => marked.includes(cpu);
		return same(served, before.queuesByCpu(map))
			&& same(queuesWhere(map, test), before.queuesWhere(map, test))
			&& same(queuesWhere(map, n => n === 0), before.queuesWhere(map, n => n === 0));
	}), {numRuns: 2000});
	t.pass();
});

test('sharedCpus: same as before', t => {
	fc.assert(fc.property(channelCpu, map => same(sharedCpus(queuesByCpu(map)), before.sharedCpus(before.queuesByCpu(map)))), {numRuns: 1000});
	t.pass();
});

test('queueSpread: same as before, with and without a table', async t => {
	const {snapshot, rates} = (await scenarioRun('elephant')).device('eth0');
	const queue = fc.record({
		index: fc.oneof(fc.integer({min: 0, max: 9}), fc.constantFrom(-1, 0.5)),
		rxPps: fc.double({min: 0, max: 1e6, noNaN: true}),
		cpu: fc.option(fc.integer({min: 0, max: 4}), {nil: undefined}),
	});
	fc.assert(fc.property(
		fc.array(queue, {maxLength: 10}), fc.option(fc.array(fc.integer({min: -1, max: 10}), {maxLength: 16})), fc.double({min: 0, max: 1e6, noNaN: true}),
		(queues, table, total) => {
			const r: DeviceRates = {
				...rates,
				queues: queues.map(({cpu, ...q}): QueueRates => ({...q, rxBps: 0, txPps: 0, txBps: 0, share: 0, ...(cpu === undefined ? {} : {cpu})})),
				totals: {...rates.totals, rxPps: total},
			};
			const s: DeviceSnapshot = table === null
				? {...snapshot, rss: {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'none'}}}
				: {...snapshot, rss: {ok: true, value: {...(snapshot.rss.ok ? snapshot.rss.value : {hashKey: '', hashFunction: 'toeplitz'}), table}}} as DeviceSnapshot;
			return same(queueSpread(s, r), before.queueSpread(s, r));
		},
	), {numRuns: 2000});
	for (const scenario of scenarios) {
		// eslint-disable-next-line no-await-in-loop
		for (const [name, device] of (await scenarioRun(scenario)).devices) {
			t.true(same(queueSpread(device.snapshot, device.rates), before.queueSpread(device.snapshot, device.rates)), `${scenario} ${name}`);
		}
	}
});
