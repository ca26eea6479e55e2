import test from 'ava';
import {counterRates} from '../../source/stats/counter-rates.js';
import type {Stat} from '../../source/types.js';

test('every counter: its rate per second since the previous reading, and whether it moved', t => {
	const before: Stat[] = [['rx_packets', 1000n], ['tx_packets', 50n], ['stop_queue', 3n]];
	const after: Stat[] = [['rx_packets', 3000n], ['tx_packets', 50n], ['stop_queue', 3n], ['new_one', 7n]];
	t.deepEqual(counterRates(after, before, 2000), [
		{name: 'rx_packets', value: 3000n, rate: 1000, changed: true},
		{name: 'tx_packets', value: 50n, rate: 0, changed: false},
		{name: 'stop_queue', value: 3n, rate: 0, changed: false},
		{name: 'new_one', value: 7n, rate: 0, changed: false},
	]);
});

test('a counter that went back (a reset) moves at 0, never below; the first reading has no rate', t => {
	t.deepEqual(counterRates([['rx_packets', 10n]], [['rx_packets', 5000n]], 1000), [{name: 'rx_packets', value: 10n, rate: 0, changed: true}]);
	t.deepEqual(counterRates([['rx_packets', 10n]], undefined, 1000), [{name: 'rx_packets', value: 10n, rate: 0, changed: false}]);
	t.deepEqual(counterRates([['rx_packets', 10n]], [['rx_packets', 5n]], 0), [{name: 'rx_packets', value: 10n, rate: 0, changed: true}], 'no interval, no rate');
});

test('64-bit exact: values near 2^64 keep every digit; the rate comes from the exact difference', t => {
	const big = (2n ** 64n) - 1n;
	const [row] = counterRates([['rx_bytes', big]], [['rx_bytes', big - 1_000_001n]], 1000);
	t.is(row?.value, big);
	t.is(row?.rate, 1_000_001);
});
