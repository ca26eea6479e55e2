// Property-based tests: no input makes a parser throw, results keep their
// invariants, and values round-trip through the layouts ethtool prints.
import test from 'ava';
import fc from 'fast-check';
import {
	errorFromEthtool, failureFromEthtool, parseChannels, parseDriverInfo, parseFeatures, parseLinkSettings,
	parseFlowHash, parseRings, parseRss, parseStats,
} from '../../source/ethtool/index.js';
import type {Channels, Result} from '../../source/types.js';
import {allFixtures, fixture, run, shared, sharedNames} from './helpers.js';

const u64Max = (1n << 64n) - 1n;
const u32Max = 0xFF_FF_FF_FF;

// ---------------------------------------------------------------------------
// 1. Robustness: random and mutated outputs fed to every parser.

const samples: string[] = [
	...allFixtures().map(name => (name.endsWith('.run') ? run(name.slice(0, -4)).stderr : fixture(name))),
	...sharedNames().map(name => shared(name)),
];

const lineNoise = fc.constantFrom(
	'', '\t', '   ', 'n/a', '...', 'RX:\t\t', 'Combined:', 'Pre-set maximums:', 'Current hardware settings:',
	'     x: 18446744073709551616', '     y: 99999999999999999999999999999', '  0: 1 2 3', 'RSS hash key:',
	'RSS hash function:', 'RX flow hash indirection table for eth0 with 1 RX ring(s):', '[ ]', '[ {', '{"rx": 1e400}',
	'netlink error: Invalid argument', 'Speed: 1e3Mb/s', 'driver:', ': No such device', '\u0000', '\uFEFF', '\r',
	// Hostile shapes (issue 12): huge indices and counts, terminal controls in names and text.
	'     rx_queue_4294967296_packets: 5', '     tx_queue_99999999999999999999999_bytes: 1', '     cpu4294967296_rx_packets: 3',
	'Combined:\t4294967295', 'Combined:\t4097', 'driver: hv\u001B]0;x\u0007', 'version: 6.1\u001B[2J\u009B31m\u202E',
	'netlink error: \u001B]52;c;aGk=\u0007', '     rx\u001B[5m_queue_0_packets: 1',
);

const corruptNumber = fc.constantFrom(
	'', '-1', '1.5', '0x10', '1e9', 'NaN', '9007199254740993', '18446744073709551615', '18446744073709551616',
	'123456789012345678901234567890', '4294967296', ' 7', 'n/a', '٣', 'Infinity',
);

type Mutation = (lines: string[]) => string[];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.integer({min: 0, max: 1000}).map(seed => (lines: string[]) => {
		// Deterministic shuffle from the seed.
		const out = [...lines];
		let state = seed + 1;
		for (let i = out.length - 1; i > 0; i--) {
			state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
			const j = state % (i + 1);
			[out[i], out[j]] = [out[j] ?? '', out[i] ?? ''];
		}

		return out;
	}),
	fc.nat().map(n => (lines: string[]) => lines.slice(0, n % (lines.length + 1))),
	fc.nat().map(n => (lines: string[]) => lines.slice(n % (lines.length + 1))),
	fc.nat().map(n => (lines: string[]) => {
		const i = n % Math.max(lines.length, 1);
		return [...lines.slice(0, i + 1), ...lines.slice(i)];
	}),
	fc.nat().map(n => (lines: string[]) => lines.filter((_, i) => i !== n % Math.max(lines.length, 1))),
	fc.tuple(fc.nat(), corruptNumber).map(([n, replacement]) => (lines: string[]) => {
		let seen = 0;
		return lines.map(line => line.replace(/\d+/g, digits => (seen++ === n % 50 ? replacement : digits)));
	}),
	fc.tuple(fc.nat(), lineNoise).map(([n, noise]) => (lines: string[]) => {
		const i = n % (lines.length + 1);
		return [...lines.slice(0, i), noise, ...lines.slice(i)];
	}),
	fc.nat().map(n => (lines: string[]) => {
		const i = n % Math.max(lines.length, 1);
		return lines.map((line, j) => (j === i ? line.slice(0, Math.floor(line.length / 2)) : line));
	}),
	fc.constant((lines: string[]) => lines.map(line => line.replaceAll('\t', '        '))),
	fc.constant((lines: string[]) => lines.map(line => line.replaceAll(/ {2,}/g, '\t'))),
	fc.constant((lines: string[]) => lines.map(line => `${line}\r`)),
	fc.constant((lines: string[]) => lines.map(line => `${line} \t`)),
	fc.constant((lines: string[]) => lines.map(line => line.replace(/\d+/, '99999999999999999999999999999999'))),
);

const mutatedSample = fc.tuple(
	fc.constantFrom(...samples),
	fc.array(mutation, {minLength: 1, maxLength: 4}),
).map(([text, mutations]) => mutations.reduce((lines, mutate) => mutate(lines), text.split('\n')).join('\n'));

const ethtoolish = fc.string({
	unit: fc.constantFrom('\n', '\r', '\t', ' ', ':', ': ', 'n/a', '0', '7', '9', '[', ']', '{', '}', '"', ',', 'RX', 'TX', 'on', 'off', '[fixed]', 'x'),
	maxLength: 120,
});

const anyInput = fc.oneof(
	{weight: 5, arbitrary: mutatedSample},
	{weight: 2, arbitrary: ethtoolish},
	{weight: 1, arbitrary: fc.string({unit: 'binary', maxLength: 300})},
	{weight: 1, arbitrary: fc.json()},
);

function checkError(result: {code: unknown; errno: unknown; message: unknown}): boolean {
	return typeof result.code === 'string' && result.code !== ''
		&& typeof result.errno === 'number' && Number.isInteger(result.errno)
		&& typeof result.message === 'string';
}

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Parsers with a check of the invariants of a successful value. */
const parsers: Array<[name: string, parse: (text: string) => Result<unknown>, valid: (value: any) => boolean]> = [
	['channels', parseChannels, (v: Channels) => Object.values(v).every(n => isCount(n))],
	['rings', parseRings, v => [v.rxMax, v.txMax, v.rx, v.tx].every(n => isCount(n)) && v.unit === 'descriptors'],
	['rings netvsc', text => parseRings(text, {driver: 'hv_netvsc'}), v => v.unit === 'sections'],
	['stats', parseStats, v => Array.isArray(v) && v.every(([name, value]: [unknown, unknown]) =>
		typeof name === 'string' && name !== '' && typeof value === 'bigint' && value >= 0n && value <= u64Max)],
	['features', parseFeatures, v => v.length > 0 && v.every((f: any) => typeof f.name === 'string' && typeof f.on === 'boolean' && typeof f.fixed === 'boolean')],
	['rss', parseRss, v => v.table.every((n: unknown) => isCount(n)) && typeof v.key === 'string' && typeof v.hfunc === 'string'],
	['driver info', parseDriverInfo, v => typeof v.driver === 'string' && v.driver !== ''],
	['flow hash', parseFlowHash, (v: unknown) => typeof v === 'string' && /^m?v?t?s?d?f?n?r?$/.test(v)],
	['link', parseLinkSettings, v => (v.speedMbps === undefined || isCount(v.speedMbps)) && (v.carrier === undefined || typeof v.carrier === 'boolean')],
];

test('10 000 random and mutated outputs: no parser throws, results are well-formed', t => {
	fc.assert(fc.property(anyInput, fc.integer({min: -1, max: 255}), (text, exit) => {
		for (const [name, parse, valid] of parsers) {
			const result = parse(text);
			if (result.ok ? !valid(result.value) : !(result.error.code === 'EPARSE' && checkError(result.error))) {
				throw new Error(`${name}: bad result ${String(JSON.stringify(result, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))}`);
			}
		}

		const code = exit === -1 ? null : exit;
		if (!checkError(errorFromEthtool(text, code, text))) {
			throw new Error('errorFromEthtool: bad error');
		}

		const failure = failureFromEthtool(text, code);
		if (failure !== undefined && !checkError(failure)) {
			throw new Error('failureFromEthtool: bad error');
		}
	}), {numRuns: 10_000});
	t.pass();
});

test('parsers tolerate non-string input from untyped callers', t => {
	for (const [, parse] of parsers) {
		t.false(parse(undefined as unknown as string).ok);
	}

	t.true(checkError(errorFromEthtool(undefined as unknown as string, 1)));
});

// ---------------------------------------------------------------------------
// 2. Round trips through the layouts ethtool prints.

const statName = fc.string({minLength: 1, maxLength: 32})
	.filter(name => !/[\r\n]/.test(name) && !/^\s/.test(name));
const u64 = fc.oneof(fc.bigInt({min: 0n, max: u64Max}), fc.bigInt({min: 1n << 53n, max: u64Max}), fc.constant(u64Max));

test('-S: any names and u64 values round-trip exactly (BigInt, above 2^53)', t => {
	fc.assert(fc.property(fc.array(fc.tuple(statName, u64), {maxLength: 40}), fc.boolean(), (stats, crlf) => {
		const eol = crlf ? '\r\n' : '\n';
		const text = `NIC statistics:${eol}${stats.map(([name, value]) => `     ${name}: ${value}${eol}`).join('')}`;
		const result = parseStats(text);
		return result.ok && JSON.stringify(result.value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
			=== JSON.stringify(stats, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
	}), {numRuns: 1000});
	t.pass();
});

const count = fc.oneof(fc.constant(0), fc.integer({min: 1, max: 64}), fc.integer({min: 0, max: u32Max}));
const gap = fc.constantFrom('\t', '\t\t', '\t\t\t', ' ', '        ', '  \t');

test('-l: ioctl and netlink renderings of any channel counts parse back; above 4096 queues is unreadable', t => {
	const channelCount = fc.oneof(
		{weight: 6, arbitrary: fc.oneof(fc.constant(0), fc.integer({min: 1, max: 64}), fc.integer({min: 0, max: 4096}))},
		{weight: 1, arbitrary: fc.oneof(fc.integer({min: 4097, max: 4100}), fc.integer({min: 4097, max: u32Max}))},
	);
	const channels = fc.record({
		maxRx: channelCount, maxTx: channelCount, maxOther: channelCount, maxCombined: channelCount,
		rx: channelCount, tx: channelCount, other: channelCount, combined: channelCount,
	});
	fc.assert(fc.property(channels, fc.boolean(), gap, fc.boolean(), (c, netlink, space, crlf) => {
		// The kernel sends no current value for a zero maximum: netlink prints n/a for both.
		const expected: Channels = {
			...c,
			rx: c.maxRx === 0 && netlink ? 0 : c.rx,
			tx: c.maxTx === 0 && netlink ? 0 : c.tx,
			other: c.maxOther === 0 && netlink ? 0 : c.other,
			combined: c.maxCombined === 0 && netlink ? 0 : c.combined,
		};
		const show = (max: number, value: number) => (netlink && max === 0 ? 'n/a' : String(value));
		const block = (rx: number, tx: number, other: number, combined: number) =>
			[`RX:${space}${show(c.maxRx, rx)}`, `TX:${space}${show(c.maxTx, tx)}`,
				`Other:${space}${show(c.maxOther, other)}`, `Combined:${space}${show(c.maxCombined, combined)}`];
		const lines = [
			'Channel parameters for eth0:', 'Pre-set maximums:', ...block(c.maxRx, c.maxTx, c.maxOther, c.maxCombined),
			'Current hardware settings:', ...block(c.rx, c.tx, c.other, c.combined), ...(netlink ? [] : ['']),
		];
		const result = parseChannels(lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n'));
		// A count no device can have (a hostile or corrupt capture) is refused, never sized.
		if (Object.values(expected).some(n => n > 4096)) {
			return !result.ok && result.error.code === 'EPARSE' && /above the kernel's 4096 queues/.test(result.error.message);
		}

		return result.ok && JSON.stringify(result.value) === JSON.stringify(expected);
	}), {numRuns: 1000});
	t.pass();
});

test('-g: every layout (ioctl, 5.8, 6.1, 6.2, 6.4+, JSON) of any ring sizes parses back', t => {
	const layouts = ['ioctl', '5.8', '6.1', '6.2', '6.4', 'json'] as const;
	fc.assert(fc.property(count, count, count, count, fc.constantFrom(...layouts), (rxMax, txMax, rx0, tx0, layout) => {
		const rx = rxMax === 0 ? 0 : rx0;
		const tx = txMax === 0 ? 0 : tx0;
		let text: string;
		if (layout === 'json') {
			const object: Record<string, unknown> = {ifname: 'eth0'};
			if (rxMax > 0) {
				Object.assign(object, {'rx-max': rxMax, rx});
			}

			if (txMax > 0) {
				Object.assign(object, {'tx-max': txMax, tx});
			}

			text = JSON.stringify([object], null, 8);
		} else {
			const na = (max: number, value: number) => (layout !== 'ioctl' && max === 0 ? 'n/a' : String(value));
			const mini = layout === 'ioctl' ? '0' : 'n/a';
			const t2 = layout === '6.4' ? '\t\t\t' : '\t\t';
			const t1 = layout === '6.4' ? '\t\t' : '\t';
			const block = (r: number, x: number) => [`RX:${t2}${na(rxMax, r)}`, `RX Mini:${t1}${mini}`, `RX Jumbo:${t1}${mini}`, `TX:${t2}${na(txMax, x)}`];
			const tail: Record<string, string[]> = {
				ioctl: [''],
				'5.8': [],
				'6.1': ['RX Buf Len:\t\tn/a', 'CQE Size:\t\tn/a', 'TX Push:\toff', 'TCP data split:\tn/a'],
				'6.2': ['RX Buf Len:\tn/a', 'CQE Size:\tn/a', 'TX Push:\toff', 'RX Push:\toff', 'TCP data split:\tn/a'],
				'6.4': ['RX Buf Len:\t\tn/a', 'CQE Size:\t\tn/a', 'TX Push:\t\toff', 'RX Push:\t\toff', 'TX push buff len:\tn/a', 'TCP data split:\t\tn/a'],
			};
			text = [
				'Ring parameters for eth0:', 'Pre-set maximums:', ...block(rxMax, txMax), ...(layout === '6.4' ? ['TX push buff len:\tn/a'] : []),
				'Current hardware settings:', ...block(rx, tx), ...(tail[layout] ?? []),
			].join('\n') + '\n';
		}

		const result = parseRings(text);
		return result.ok && result.value.rxMax === rxMax && result.value.txMax === txMax
			&& result.value.rx === rx && result.value.tx === tx;
	}), {numRuns: 1000});
	t.pass();
});

test('-x: any table and key round-trip through the ioctl, netlink and JSON layouts', t => {
	const table = fc.array(fc.integer({min: 0, max: 99_999}), {maxLength: 300});
	const key = fc.array(fc.integer({min: 0, max: 255}), {maxLength: 52});
	fc.assert(fc.property(table, key, fc.constantFrom('ioctl', 'netlink', 'json'), (entries, bytes, layout) => {
		const hex = bytes.map(byte => byte.toString(16).padStart(2, '0')).join(':');
		let text: string;
		if (layout === 'json') {
			text = JSON.stringify([{ifname: 'eth0', 'rss-indirection-table': entries, 'rss-hash-key': bytes, 'rss-hash-function': 'toeplitz'}]);
		} else {
			const rows: string[] = [];
			for (let start = 0; start < entries.length; start += 8) {
				rows.push(`${String(start).padStart(5)}: ${entries.slice(start, start + 8).map(n => ` ${String(n).padStart(5)}`).join('')}`);
			}

			text = [
				...(layout === 'netlink' ? [''] : []),
				'RX flow hash indirection table for eth0 with 4 RX ring(s):',
				...(entries.length > 0 ? rows : ['Operation not supported']),
				'RSS hash key:', bytes.length > 0 ? hex : 'Operation not supported',
				'RSS hash function:', '    toeplitz: on', '    xor: off', '    crc32: off',
				...(layout === 'netlink' ? ['RSS input transformation:', '    symmetric-xor: off'] : []),
			].join('\n') + '\n';
		}

		const result = parseRss(text);
		return result.ok && JSON.stringify(result.value) === JSON.stringify({table: entries, key: hex, hfunc: 'toeplitz'});
	}), {numRuns: 1000});
	t.pass();
});

// ---------------------------------------------------------------------------
// 3. No regex blows up: long blank runs and repeated fragments stay linear.

test('pathological long lines are handled in linear time', t => {
	const inputs = [
		`a${' '.repeat(100_000)}b`,
		`x:${' '.repeat(100_000)}onx`,
		`a:${'\t'.repeat(100_000)}b`,
		`0: ${'1 '.repeat(50_000)}x`,
		': '.repeat(50_000),
		`netlink error: x${' (offset 1'.repeat(20_000)}`,
		`RX flow hash indirection table for e with 1 RX ring(s):\nRSS hash key:\n${'aa:'.repeat(50_000)}g`,
		'['.repeat(50_000),
	];
	const started = performance.now();
	for (const text of inputs) {
		for (const [, parse] of parsers) {
			parse(text);
		}

		errorFromEthtool(text, 1, text);
	}

	// Quadratic behaviour on these sizes takes tens of seconds; linear takes milliseconds.
	const elapsed = performance.now() - started;
	t.true(elapsed < 3000, `${elapsed.toFixed(0)} ms`);
});
