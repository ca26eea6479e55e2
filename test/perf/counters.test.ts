// splitCounters matches each stat name once and remembers it: the second and
// later lists must come out exactly as the first, whatever the order.
import test from 'ava';
import {splitCounters} from '../../source/sources/counters.js';
import type {Stat} from '../../source/types.js';

const stats: Stat[] = [
	['tx_send_full', 7n],
	['rx_queue_1_packets', 11n],
	['tx_queue_1_bytes', 12n],
	['rx_queue_0_packets', 1n],
	['rx_queue_0_bytes', 2n],
	['tx_queue_0_packets', 3n],
	['tx_queue_0_bytes', 4n],
	['cpu3_rx_packets', 30n],
	['cpu3_vf_tx_bytes', 31n],
	['vf_rx_packets', 40n],
	['vf_tx_dropped', 41n],
	['rx_queue_x_packets', 99n],
	['something_else', 5n],
];

test('the same names twice, and shuffled, split the same way', t => {
	const first = splitCounters(stats);
	t.deepEqual(first.queues, [
		{index: 0, rxPackets: 1n, rxBytes: 2n, txPackets: 3n, txBytes: 4n},
		{index: 1, rxPackets: 11n, rxBytes: 0n, txPackets: 0n, txBytes: 12n},
	]);
	t.deepEqual(first.cpus, [{cpu: 3, rxPackets: 30n, rxBytes: 0n, txPackets: 0n, txBytes: 0n, vfRxPackets: 0n, vfRxBytes: 0n, vfTxPackets: 0n, vfTxBytes: 31n}]);
	t.deepEqual(first.vfTraffic, {rxPackets: 40n, rxBytes: 0n, txPackets: 0n, txBytes: 0n, txDropped: 41n});
	t.deepEqual(first.errors, [['tx_send_full', 7n]]);
	t.deepEqual(splitCounters(stats), first);
	t.deepEqual(splitCounters([...stats].reverse()), first);
});

test('a value is never carried over from an earlier list', t => {
	splitCounters(stats);
	const next = splitCounters([['rx_queue_0_packets', 5n]]);
	t.deepEqual(next.queues, [{index: 0, rxPackets: 5n, rxBytes: 0n, txPackets: 0n, txBytes: 0n}]);
	t.deepEqual(next.cpus, []);
	t.deepEqual(next.errors, []);
	t.is(next.vfTraffic, undefined);
});
