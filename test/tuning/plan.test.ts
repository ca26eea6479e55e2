import test from 'ava';
import {parseCount} from '../../source/tuning/plan.js';
import {planChannels} from '../../source/tuning/kinds/channels.js';
import {planRings} from '../../source/tuning/kinds/rings.js';
import type {Channels, Result, Rings} from '../../source/types.js';
import {netvscChannels, netvscRings} from './helpers/model-device.js';

const ok = <T>(value: T): Result<T> => ({ok: true, value});
const veth: Channels = {maxRx: 2, maxTx: 2, maxOther: 0, maxCombined: 0, rx: 1, tx: 1, other: 0, combined: 0};

test('channels: a valid combined count becomes a plan with its effects', t => {
	const result = planChannels('eth0', ok(netvscChannels(4, 8)), '8');
	t.true(result.ok);
	if (!result.ok) {
		return;
	}

	t.deepEqual(result.plan.before, {combined: 4});
	t.deepEqual(result.plan.after, {combined: 8});
	t.deepEqual(result.plan.request, {combined: 8});
	const effects = result.plan.effects.join('\n');
	t.regex(effects, /detached and re-added/);
	t.regex(effects, /per-queue counters restart/);
	t.regex(effects, /carrier drops briefly/);
});

test('channels on a device with separate rx/tx channels set both', t => {
	const result = planChannels('veth0', ok(veth), 2);
	t.true(result.ok);
	if (result.ok) {
		t.deepEqual(result.plan.after, {rx: 2, tx: 2});
		t.deepEqual(result.plan.before, {rx: 1, tx: 1});
	}
});

for (const [input, pattern] of [
	['0', /at least 1/],
	['9', /at most 8 combined channels.*9 asked/],
	['abc', /whole number, got "abc"/],
	['-1', /whole number/],
	['1.5', /whole number/],
	['', /whole number/],
	['1e3', /whole number/],
	['99999999999999999999', /far too large/],
] as const) {
	test(`channels: ${JSON.stringify(input)} is refused with a clear message`, t => {
		const result = planChannels('eth0', ok(netvscChannels(4, 8)), input);
		t.false(result.ok);
		if (!result.ok) {
			t.is(result.problem.kind, 'usage');
			t.regex(result.problem.message, pattern);
		}
	});
}

test('channels: unchanged says there is nothing to do', t => {
	const result = planChannels('eth0', ok(netvscChannels(4, 8)), '4');
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.problem.kind, 'unchanged');
		t.regex(result.problem.message, /already has 4 combined channels/);
	}
});

test('channels: a bad device name is refused before anything', t => {
	for (const dev of ['-eth0', 'a/b', '*', 'x'.repeat(16), '']) {
		const result = planChannels(dev, ok(netvscChannels()), '2');
		t.false(result.ok, dev);
	}
});

test('channels: a device without adjustable channels is a refusal', t => {
	const none: Channels = {...veth, maxRx: 0, maxTx: 0};
	const result = planChannels('lo', ok(none), '2');
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.problem.kind, 'refused');
	}
});

test('rings: bounds, clamping warning and buffer sizes', t => {
	const result = planRings('eth0', ok(netvscRings()), {rx: '1024', tx: '5'});
	t.true(result.ok);
	if (!result.ok) {
		return;
	}

	t.deepEqual(result.plan.request, {rx: 1024, tx: 5});
	t.is(result.plan.floor, 10);
	const warnings = result.plan.warnings.join('\n');
	t.regex(warnings, /tx 5 is below the driver's minimum: it will be clamped to 10/);
	t.regex(warnings, /rx buffer 16\.0 MiB → 1\.7 MiB/);
	// The same buffer is written as the header writes it (1020.0 KiB, not 1.0 MiB; 30.0 KiB, not 0.0 MiB).
	t.regex(warnings, /tx buffer 1020\.0 KiB → 30\.0 KiB/);
});

test('rings: above max, 0, not a number, nothing given, unchanged', t => {
	const rings = ok(netvscRings());
	const cases: Array<[Parameters<typeof planRings>[2], 'usage' | 'unchanged', RegExp]> = [
		[{rx: '20000'}, 'usage', /rx 20000 is above eth0's maximum of 18811 sections/],
		[{tx: '0'}, 'usage', /at least 1/],
		[{rx: 'lots'}, 'usage', /whole number/],
		[{}, 'usage', /--rx N and\/or --tx M/],
		[{rx: '9709', tx: '170'}, 'unchanged', /already rx 9709 tx 170/],
	];
	for (const [input, kind, pattern] of cases) {
		const result = planRings('eth0', rings, input);
		t.false(result.ok, JSON.stringify(input));
		if (!result.ok) {
			t.is(result.problem.kind, kind);
			t.regex(result.problem.message, pattern);
		}
	}
});

test('rings: a driver without ring support is a refusal carrying its message', t => {
	const result = planRings('veth0', {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'Operation not supported'}}, {rx: '100'});
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.problem.kind, 'refused');
		t.is(result.problem.error?.code, 'EOPNOTSUPP');
		t.regex(result.problem.message, /Operation not supported/);
	}
});

test('rings: descriptor rings are not clamped to the netvsc floor', t => {
	const rings: Rings = {rxMax: 4096, txMax: 4096, rx: 256, tx: 256, unit: 'descriptors'};
	const result = planRings('eth1', ok(rings), {rx: '5'});
	t.true(result.ok);
	if (result.ok) {
		t.is(result.plan.floor, undefined);
		t.deepEqual(result.plan.warnings, []);
	}
});

test('parseCount accepts digits only', t => {
	t.deepEqual(parseCount('n', ' 12 '), {ok: true, value: 12});
	t.false(parseCount('n', '0x10').ok);
	t.false(parseCount('n', Number.NaN).ok);
	t.false(parseCount('n', 2.5).ok);
});
