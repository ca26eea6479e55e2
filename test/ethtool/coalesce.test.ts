// `ethtool -c`: MANA's CQE coalescing (rx-cqe-frames / rx-cqe-nsecs) from the
// text ethtool's netlink/coalesce.c prints and from --json; `-C` argv.
import test from 'ava';
import fc from 'fast-check';
import {argv, parseCoalesce} from '../../source/ethtool/index.js';
import {coalesceText} from '../helpers/synthetic-vf.js';

const code = (result: ReturnType<typeof parseCoalesce>): string => (result.ok ? 'ok' : result.error.code);

test('text: rx-cqe-frames and rx-cqe-nsecs after the tx-aggr block', t => {
	t.deepEqual(parseCoalesce(coalesceText('enP30832s1', 4, 2048)), {ok: true, value: {rxCqeFrames: 4, rxCqeNsecs: 2048}});
	t.deepEqual(parseCoalesce(coalesceText('enP30832s1', 1, undefined)), {ok: true, value: {rxCqeFrames: 1}});
	// Pasted with spaces for TABs and CRLF line ends.
	const pasted = coalesceText('eth1', 4, 0).replaceAll('\t', '    ').replaceAll('\n', '\r\n');
	t.deepEqual(parseCoalesce(pasted), {ok: true, value: {rxCqeFrames: 4, rxCqeNsecs: 0}});
});

test('text: no CQE coalescing (n/a, or an ethtool that does not print the lines) is EOPNOTSUPP', t => {
	t.is(code(parseCoalesce(coalesceText('enP1s1', undefined, undefined))), 'EOPNOTSUPP');
	const older = coalesceText('enP1s1', 4, 2048).split('\n').filter(line => !line.startsWith('rx-cqe-')).join('\n');
	t.is(code(parseCoalesce(older)), 'EOPNOTSUPP');
});

test('text: not a coalesce listing, or an unreadable value, is EPARSE', t => {
	t.is(code(parseCoalesce('')), 'EPARSE');
	t.is(code(parseCoalesce('rx-cqe-frames:\t\t4\n')), 'EPARSE', 'no header: not ethtool -c output');
	t.is(code(parseCoalesce(coalesceText('x', 4, 2048).replace('rx-cqe-frames:\t\t4', 'rx-cqe-frames:\t\t-4'))), 'EPARSE');
	t.is(code(parseCoalesce(coalesceText('x', 4, 2048).replace('2048', '4294967296'))), 'EPARSE');
});

test('--json: keys present when reported, absent otherwise; `[ ]` is EPARSE', t => {
	t.deepEqual(parseCoalesce('[ {\n        "ifname": "enP30832s1",\n        "rx-cqe-frames": 4,\n        "rx-cqe-nsecs": 2048\n    } ]\n'), {ok: true, value: {rxCqeFrames: 4, rxCqeNsecs: 2048}});
	t.is(code(parseCoalesce('[ {\n        "ifname": "eth0",\n        "rx-usecs": 8\n    } ]\n')), 'EOPNOTSUPP');
	t.is(code(parseCoalesce('[ ]\n')), 'EPARSE');
	t.is(code(parseCoalesce('[ {"rx-cqe-frames": "4"} ]')), 'EPARSE');
	t.is(code(parseCoalesce('[ {"rx-cqe-frames": 1e400} ]')), 'EPARSE');
});

test('-c and -C argv', t => {
	t.deepEqual(argv.coalesce('enP30832s1'), ['-c', 'enP30832s1']);
	t.deepEqual(argv.setCoalesce('enP30832s1', {rxCqeFrames: 4}), ['-C', 'enP30832s1', 'rx-cqe-frames', '4']);
	t.throws(() => argv.setCoalesce('enP30832s1', {rxCqeFrames: -1}), {instanceOf: RangeError});
	t.throws(() => argv.setCoalesce('../x', {rxCqeFrames: 4}), {instanceOf: RangeError});
});

const noise = fc.string({
	unit: fc.constantFrom('\n', '\r', '\t', ' ', ':', 'n/a', '0', '4', '9', '-', '[', ']', '{', '}', '"', ',', 'rx-cqe-frames', 'rx-cqe-nsecs', 'Coalesce parameters for eth0:', '1e400', '99999999999999999999'),
	maxLength: 200,
});
const mutated = fc.tuple(fc.constantFrom(coalesceText('e', 4, 2048), coalesceText('e', undefined, undefined)), fc.nat(), noise)
	.map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)));

test('5000 random and mutated outputs: never throws; a value is u32 counts, a failure EPARSE or EOPNOTSUPP', t => {
	fc.assert(fc.property(fc.oneof(noise, mutated, fc.string({unit: 'binary', maxLength: 300}), fc.json()), text => {
		const result = parseCoalesce(text);
		if (result.ok) {
			const {rxCqeFrames, rxCqeNsecs} = result.value;
			return Number.isSafeInteger(rxCqeFrames) && rxCqeFrames >= 0 && rxCqeFrames <= 0xFF_FF_FF_FF
				&& (rxCqeNsecs === undefined || (Number.isSafeInteger(rxCqeNsecs) && rxCqeNsecs >= 0 && rxCqeNsecs <= 0xFF_FF_FF_FF));
		}

		return ['EPARSE', 'EOPNOTSUPP'].includes(result.error.code) && typeof result.error.message === 'string';
	}), {numRuns: 5000});
	t.false(parseCoalesce(undefined as unknown as string).ok);
});
