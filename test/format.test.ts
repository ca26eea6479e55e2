import test from 'ava';
import {bar, formatBytes, formatCount, formatPercent, formatRate, formatSi} from '../source/format.js';

test('SI formatting keeps three significant digits and a prefix', t => {
	t.is(formatSi(0), '0');
	t.is(formatSi(-5), '0');
	t.is(formatSi(Number.NaN), '0');
	t.is(formatSi(7), '7');
	t.is(formatSi(7.25), '7.3');
	t.is(formatSi(999), '999');
	t.is(formatSi(1000), '1.00k');
	t.is(formatSi(12_345), '12.3k');
	t.is(formatSi(123_456), '123k');
	t.is(formatSi(999_600), '1.00M');
	t.is(formatSi(2.5e9), '2.50G');
});

test('rates in bits multiply by eight, in bytes do not', t => {
	t.is(formatRate(1_250_000, 'bits'), '10.0 Mb/s');
	t.is(formatRate(1_250_000, 'bytes'), '1.25 MB/s');
	t.is(formatRate(0, 'bytes'), '0 B/s');
	t.is(formatRate(100, 'bits'), '800 b/s');
});

test('buffer sizes are binary', t => {
	t.is(formatBytes(9709 * 1728), '16.0 MiB');
	t.is(formatBytes(170 * 6144), '1020.0 KiB');
	t.is(formatBytes(512), '512 B');
});

test('percent and counts', t => {
	t.is(formatPercent(0.125), '12.5%');
	t.is(formatPercent(1), '100%');
	t.is(formatCount(99_999n), '99999');
	t.is(formatCount(2n ** 40n), '1.10T');
});

test('bars fill proportionally and never overflow their width', t => {
	t.is(bar(0, 4), '    ');
	t.is(bar(1, 4), '████');
	t.is(bar(2, 4), '████');
	t.is(bar(0.5, 4), '██  ');
	t.is(bar(0.5, 4, true), '##  ');
	t.is(bar(Number.NaN, 3), '   ');
	t.is(bar(0.3, 0), '');
	for (let i = 0; i <= 100; i++) {
		t.is([...bar(i / 100, 10)].length, 10);
	}
});
