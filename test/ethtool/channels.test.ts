import test from 'ava';
import {parseChannels} from '../../source/ethtool/index.js';
import type {Channels} from '../../source/types.js';
import {fixture} from './helpers.js';

const netvsc = (maxCombined: number, combined: number): Channels => ({
	maxRx: 0, maxTx: 0, maxOther: 0, maxCombined, rx: 0, tx: 0, other: 0, combined,
});

const cases: Array<[name: string, expected: Channels]> = [
	['6.1/veth/l', {maxRx: 4, maxTx: 4, maxOther: 0, maxCombined: 0, rx: 4, tx: 4, other: 0, combined: 0}],
	['6.1/veth/l-after-set', {maxRx: 4, maxTx: 4, maxOther: 0, maxCombined: 0, rx: 2, tx: 2, other: 0, combined: 0}],
	['5.4/hv_netvsc/l', netvsc(24, 8)],
	['5.16/hv_netvsc/l', netvsc(64, 16)],
	['6.1/hv_netvsc/l', netvsc(8, 8)],
];

for (const [name, expected] of cases) {
	test(`-l ${name}`, t => {
		t.deepEqual(parseChannels(fixture(name)), {ok: true, value: expected});
	});
}

test('-l: a current 0 with a non-zero maximum is a real 0', t => {
	const text = 'Pre-set maximums:\nRX:\t\t4\nTX:\t\t4\nOther:\t\tn/a\nCombined:\tn/a\n'
		+ 'Current hardware settings:\nRX:\t\t0\nTX:\t\t4\nOther:\t\tn/a\nCombined:\tn/a\n';
	const result = parseChannels(text);
	t.true(result.ok && result.value.rx === 0 && result.value.maxRx === 4);
});

test('-l: spaces instead of TABs, CRLF and a trailing blank line are accepted', t => {
	const text = fixture('5.4/hv_netvsc/l').replaceAll('\t', '    ').replaceAll('\n', '\r\n');
	t.deepEqual(parseChannels(text), {ok: true, value: netvsc(24, 8)});
});

test('-l: the ioctl error case (header only on stdout) is EPARSE', t => {
	const result = parseChannels('Channel parameters for eth9:\n');
	t.false(result.ok);
	t.is(!result.ok && result.error.code, 'EPARSE');
	t.is(!result.ok && result.error.errno, 0);
});

test('-l: a corrupted number is EPARSE naming the field', t => {
	const result = parseChannels(fixture('6.1/hv_netvsc/l').replace('Combined:\t8\nCurrent', 'Combined:\t8x\nCurrent'));
	t.false(result.ok);
	t.regex(!result.ok ? result.error.message : '', /maximum Combined/);
});

test('-l: a truncated output is EPARSE', t => {
	const text = fixture('6.1/hv_netvsc/l').split('\n').slice(0, 8).join('\n');
	t.is(parseChannels(text).ok, false);
});
