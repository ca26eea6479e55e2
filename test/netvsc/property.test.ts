import test from 'ava';
import fc from 'fast-check';
import type {Machine} from '../../source/netvsc/index.js';
import {baseline, device, value} from './helpers.js';

type Operation =
	| {kind: 'channels'; combined: number; rx: number | undefined}
	| {kind: 'rings'; rx: number | undefined; tx: number | undefined}
	| {kind: 'advance'; ms: number}
	| {kind: 'table'; weights: number[]}
	| {kind: 'reset-table'}
	| {kind: 'cpu'; queue: number; cpu: number}
	| {kind: 'fault'; fault: 'grant-fewer' | 'refuse-subchannels' | 'attach-fails'; subChannels: number};

const channelOps = fc.record({
	kind: fc.constant('channels' as const),
	combined: fc.integer({min: 0, max: 10}),
	rx: fc.option(fc.integer({min: 0, max: 2}), {nil: undefined}),
});
const ringOps = fc.record({
	kind: fc.constant('rings' as const),
	rx: fc.option(fc.integer({min: 0, max: 20_000}), {nil: undefined}),
	tx: fc.option(fc.integer({min: 0, max: 3000}), {nil: undefined}),
});
const advanceOps = fc.record({kind: fc.constant('advance' as const), ms: fc.integer({min: 1, max: 3000})});
const tableOps = fc.record({kind: fc.constant('table' as const), weights: fc.array(fc.integer({min: 0, max: 3}), {minLength: 1, maxLength: 9})});
const resetOps = fc.record({kind: fc.constant('reset-table' as const)});
const cpuOps = fc.record({kind: fc.constant('cpu' as const), queue: fc.integer({min: 0, max: 8}), cpu: fc.integer({min: 0, max: 8})});
const faultOps = fc.record({
	kind: fc.constant('fault' as const),
	fault: fc.constantFrom('grant-fewer' as const, 'refuse-subchannels' as const, 'attach-fails' as const),
	subChannels: fc.integer({min: 0, max: 7}),
});

function apply(machine: Machine, operation: Operation, now: number): number {
	switch (operation.kind) {
		case 'channels': {
			machine.setChannels('eth0', {combined: operation.combined, ...(operation.rx === undefined ? {} : {rx: operation.rx})}, now);
			return now;
		}

		case 'rings': {
			machine.setRings('eth0', {...(operation.rx === undefined ? {} : {rx: operation.rx}), ...(operation.tx === undefined ? {} : {tx: operation.tx})}, now);
			return now;
		}

		case 'advance': {
			machine.advance(now + operation.ms);
			return now + operation.ms;
		}

		case 'table': {
			machine.setRss('eth0', {weights: operation.weights}, now);
			return now;
		}

		case 'reset-table': {
			machine.setRss('eth0', {reset: true}, now);
			return now;
		}

		case 'cpu': {
			machine.writeChannelCpu('eth0', operation.queue, String(operation.cpu), now);
			return now;
		}

		case 'fault': {
			machine.injectFault('eth0', operation.fault === 'grant-fewer'
				? {kind: 'grant-fewer', subChannels: operation.subChannels}
				: {kind: operation.fault});
			return now;
		}
	}
}

/** The state must agree with itself after every operation. */
function checkConsistent(machine: Machine, options: {tableWithinChannels: boolean}): void {
	const eth0 = device(machine);
	const channels = value(eth0.channels());
	const stats = value(eth0.stats());
	const cpus = machine.presentCpus().length;
	const n = channels.combined;
	if (stats.length !== 11 + 5 + (8 * n) + (8 * cpus)) {
		throw new Error(`stat count ${stats.length} for ${n} channels`);
	}

	if (n < 1 || n > channels.maxCombined || channels.maxCombined > 8) {
		throw new Error(`channels ${n}/${channels.maxCombined}`);
	}

	for (const [name, count] of stats) {
		if (count < 0n || count >= 2n ** 64n) {
			throw new Error(`${name} = ${count}`);
		}
	}

	const queueNames = stats.filter(([name]) => name.endsWith('_packets') && /_queue_/.test(name)).map(([name]) => Number(/_(\d+)_/.exec(name)![1]));
	if (Math.max(...queueNames) !== n - 1) {
		throw new Error(`queues up to ${Math.max(...queueNames)} for ${n} channels`);
	}

	const rss = value(eth0.rss());
	if (rss.table.length !== 128 || rss.rxRings !== n) {
		throw new Error(`table of ${rss.table.length}, rings ${rss.rxRings}`);
	}

	// The table is filled for the requested count before the host answers, so with host faults
	// its entries are only bounded by what the VM could have (min(64, online CPUs, host queues) = 8).
	const limit = options.tableWithinChannels ? n : 8;
	if (rss.table.some(entry => entry < 0 || entry >= limit)) {
		throw new Error(`table entry ≥ ${limit}: ${rss.table.join(',')}`);
	}

	const map = eth0.channelCpu();
	if (map.length !== n || map.some(cpu => cpu < 0 || cpu >= cpus)) {
		throw new Error(`channel CPUs ${map.join(',')} for ${n} channels`);
	}

	const rings = value(eth0.rings());
	if (rings.rx < 10 || rings.rx > rings.rxMax || rings.tx < 10 || rings.tx > rings.txMax) {
		throw new Error(`rings ${rings.rx}/${rings.tx}`);
	}

	const link = eth0.link(machine.now + 100_000);
	if (!link.carrier || link.carrierChanges % 2 !== 0) {
		throw new Error(`carrier ${String(link.carrier)} after ${link.carrierChanges} changes`);
	}
}

test('random set-channels / set-rings / -X / sysfs sequences never leave an inconsistent state', t => {
	fc.assert(
		fc.property(fc.array(fc.oneof(channelOps, ringOps, advanceOps, tableOps, resetOps, cpuOps), {maxLength: 14}), operations => {
			const machine = baseline(7, 100);
			let now = 0;
			let epoch = 0;
			for (const operation of operations) {
				now = apply(machine, operation, now);
				checkConsistent(machine, {tableWithinChannels: true});
				const current = device(machine).epoch;
				if (current < epoch) {
					throw new Error('epoch went backwards');
				}

				epoch = current;
			}
		}),
		{numRuns: 60},
	);
	t.pass();
});

test('with host faults mixed in, the device stays consistent (the table may name sub-channels the host did not grant)', t => {
	fc.assert(
		fc.property(fc.array(fc.oneof(channelOps, ringOps, advanceOps, tableOps, faultOps), {maxLength: 14}), operations => {
			const machine = baseline(8, 100);
			let now = 0;
			for (const operation of operations) {
				now = apply(machine, operation, now);
				checkConsistent(machine, {tableWithinChannels: false});
			}
		}),
		{numRuns: 60},
	);
	t.pass();
});

test('the consistency check itself catches a broken state', t => {
	const machine = baseline(1);
	value(machine.injectFault('eth0', {kind: 'grant-fewer', subChannels: 3}));
	value(machine.setChannels('eth0', {combined: 6}, 0));
	// Table still i % 6 while only 4 channels exist: the strict check must object.
	t.throws(() => {
		checkConsistent(machine, {tableWithinChannels: true});
	}, {message: /table entry ≥ 4/});
	t.notThrows(() => {
		checkConsistent(machine, {tableWithinChannels: false});
	});
});
