import test from 'ava';
import {argv, isValidDeviceName} from '../../source/ethtool/index.js';

test('get builders put the option before the device', t => {
	t.deepEqual(argv.channels('eth0'), ['-l', 'eth0']);
	t.deepEqual(argv.rings('eth0'), ['-g', 'eth0']);
	t.deepEqual(argv.ringsJson('eth0'), ['--json', '-g', 'eth0']);
	t.deepEqual(argv.stats('eth0'), ['-S', 'eth0']);
	t.deepEqual(argv.features('eth0'), ['-k', 'eth0']);
	t.deepEqual(argv.rss('eth0'), ['-x', 'eth0']);
	t.deepEqual(argv.driverInfo('eth0'), ['-i', 'eth0']);
	t.deepEqual(argv.link('eth0'), ['eth0']);
	t.deepEqual(argv.version(), ['--version']);
});

test('setChannels emits only given fields, in ethtool order', t => {
	t.deepEqual(argv.setChannels('eth0', {combined: 4}), ['-L', 'eth0', 'combined', '4']);
	t.deepEqual(
		argv.setChannels('eth0', {combined: 2, other: 0, tx: 1, rx: 3}),
		['-L', 'eth0', 'rx', '3', 'tx', '1', 'other', '0', 'combined', '2'],
	);
	t.deepEqual(argv.setChannels('eth0', {combined: undefined, rx: 1}), ['-L', 'eth0', 'rx', '1']);
});

test('setRings emits rx, tx, rx-mini, rx-jumbo, rx-buf-len in that order', t => {
	t.deepEqual(argv.setRings('eth0', {tx: 170, rx: 9709}), ['-G', 'eth0', 'rx', '9709', 'tx', '170']);
	t.deepEqual(
		argv.setRings('eth0', {rxBufLen: 2048, rxJumbo: 0, rxMini: 0, tx: 1, rx: 2}),
		['-G', 'eth0', 'rx', '2', 'tx', '1', 'rx-mini', '0', 'rx-jumbo', '0', 'rx-buf-len', '2048'],
	);
});

test('counts must be integers in 0…2^32-1', t => {
	for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32, Number.MAX_SAFE_INTEGER + 2]) {
		t.throws(() => argv.setChannels('eth0', {combined: bad}), {instanceOf: RangeError}, String(bad));
		t.throws(() => argv.setRings('eth0', {rx: bad}), {instanceOf: RangeError}, String(bad));
	}

	t.deepEqual(argv.setRings('eth0', {rx: 2 ** 32 - 1}), ['-G', 'eth0', 'rx', '4294967295']);
	t.deepEqual(argv.setChannels('eth0', {combined: 0}), ['-L', 'eth0', 'combined', '0']);
});

test('an empty set request is a programmer error', t => {
	t.throws(() => argv.setChannels('eth0', {}), {instanceOf: RangeError});
	t.throws(() => argv.setRings('eth0', {}), {instanceOf: RangeError});
});

const injections = [
	'',
	'eth0 ; reboot',
	'eth0;reboot',
	'eth0\nreboot',
	'eth 0',
	'eth0\t',
	'-L',
	'--json',
	'-i',
	'abcdefghijklmnop',
	'abcdefghijklmnopqrstu',
	'.',
	'..',
	'*',
	'eth0/1',
	'eth0:1',
	'a\u0000b',
	'a\u007Fb',
	'a\u00A0b',
	'a\u2003b',
	'éééééééé',
	'\uD800',
];

test('device-name injection attempts are rejected by every builder', t => {
	const builders = [
		argv.channels, argv.rings, argv.ringsJson, argv.stats, argv.features, argv.rss, argv.driverInfo, argv.link,
		(dev: string) => argv.setChannels(dev, {combined: 1}),
		(dev: string) => argv.setRings(dev, {rx: 1}),
	];
	for (const name of injections) {
		t.false(isValidDeviceName(name), JSON.stringify(name));
		for (const build of builders) {
			t.throws(() => build(name), {instanceOf: RangeError}, JSON.stringify(name));
		}
	}
});

test('valid names: ASCII allow-list, 1–15 characters', t => {
	for (const name of ['eth0', 'a', 'enP12345s1', 'eth0.100', 'veth-a.b_c@d+e', 'abcdefghijklmno', 'a-', '...']) {
		t.true(isValidDeviceName(name), name);
	}

	// The kernel would accept these; hvtop refuses them on purpose (see device-name.ts).
	for (const name of ['ethé', 'eth$x', 'eth`x`', 'eth(x)', 'eth"x', "eth'x", 'eth|x', 'eth&x', 'eth>x', 'eth\\x']) {
		t.false(isValidDeviceName(name), name);
	}

	t.false(isValidDeviceName(42 as unknown as string));
});
