import test from 'ava';
import {parseStats} from '../../source/ethtool/index.js';
import type {Stat} from '../../source/types.js';
import {fixture} from './helpers.js';

const value = (stats: readonly Stat[], name: string): bigint | undefined =>
	stats.find(([statName]) => statName === name)?.[1];

test('-S 6.1/hv_netvsc: 8 channels, 8 CPUs, VF: 144 counters, exact beyond 2^53 and 2^63', t => {
	const result = parseStats(fixture('6.1/hv_netvsc/S'));
	if (!result.ok) {
		t.fail(result.error.message);
		return;
	}

	const stats = result.value;
	t.is(stats.length, 144);
	t.is(stats[0]?.[0], 'tx_scattered');
	t.is(stats.at(-1)?.[0], 'cpu7_vf_tx_bytes');
	t.is(value(stats, 'vf_rx_bytes'), 9_007_199_254_740_993n);
	t.is(value(stats, 'cpu3_vf_rx_bytes'), 12_345_678_901_234_567_890n);
	t.is(stats.filter(([name]) => /^rx_queue_\d+_packets$/.test(name)).length, 8);
	t.is(stats.filter(([name]) => /^cpu\d+_vf_tx_bytes$/.test(name)).length, 8);
	t.true(stats.every(([, v]) => typeof v === 'bigint' && v >= 0n));
});

test('-S 5.4/hv_netvsc: 4 channels with 5 counters each', t => {
	const result = parseStats(fixture('5.4/hv_netvsc/S'));
	t.true(result.ok);
	if (result.ok) {
		t.is(result.value.length, 11 + 5 + (4 * 5) + (4 * 8));
		t.is(value(result.value, 'vf_rx_bytes'), 4_418_424_085n);
	}
});

test('-S 6.1/veth (real capture)', t => {
	const result = parseStats(fixture('6.1/veth/S'));
	t.true(result.ok);
	if (result.ok) {
		t.is(result.value.length, 37);
		t.deepEqual(result.value[0], ['peer_ifindex', 2n]);
	}
});

test('-S: names with spaces, colons and brackets split on the last ": "', t => {
	const text = 'NIC statistics:\n     [0]: rx_bytes: 123\n     rxq0: rx_bytes: 18446744073709551615\n     rx fifo errors: 7\n     a:: 1\n';
	t.deepEqual(parseStats(text), {
		ok: true,
		value: [['[0]: rx_bytes', 123n], ['rxq0: rx_bytes', 18_446_744_073_709_551_615n], ['rx fifo errors', 7n], ['a:', 1n]],
	});
});

test('-S: repeated names keep order; non-counter lines are skipped', t => {
	const text = 'NIC statistics:\n     ...\n     x: 1\n     x: 2\n     y: -3\n     z: 0x10\n     w: 1 \n     v: 99999999999999999999999\n';
	t.deepEqual(parseStats(text), {ok: true, value: [['x', 1n], ['x', 2n], ['w', 1n]]});
});

test('-S: a header alone is a driver without counters; nothing at all is EPARSE', t => {
	t.deepEqual(parseStats('NIC statistics:\n'), {ok: true, value: []});
	t.deepEqual(parseStats('Standard stats for a:\n'), {ok: true, value: []});
	t.false(parseStats('').ok);
	t.false(parseStats('no stats available\n').ok);
});

test('-S --all-groups style lines (unindented) read the same way', t => {
	const text = 'Standard stats for eth0:\neth-mac-FramesTransmittedOK: 12\nrx-rmon-etherStatsPkts64Octets: 3\n';
	t.deepEqual(parseStats(text), {ok: true, value: [['eth-mac-FramesTransmittedOK', 12n], ['rx-rmon-etherStatsPkts64Octets', 3n]]});
});

test('-S: CRLF and tab indentation', t => {
	t.deepEqual(parseStats('NIC statistics:\r\n\tstop_queue: 7\r\n\twake_queue: 7\r\n'), {
		ok: true, value: [['stop_queue', 7n], ['wake_queue', 7n]],
	});
});
