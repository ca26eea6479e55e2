import test from 'ava';
import {defaultTable, flowHashFields, setFlowHashFields, tableFromOptions} from '../../source/netvsc/rss.js';
import {formatKey, defaultRssKey} from '../../source/netvsc/toeplitz.js';
import {baseline, device, failsWith, stat, value} from './helpers.js';

const defaultKeyText = '6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa';

test('§13.15 ethtool -x: 128 entries i % 8, the default key, toeplitz only', t => {
	const rss = value(device(baseline()).rss());
	t.deepEqual(rss.table, Array.from({length: 128}, (_, i) => i % 8));
	t.is(rss.key, defaultKeyText);
	t.is(formatKey(defaultRssKey), defaultKeyText);
	t.is(rss.hfunc, 'toeplitz');
	t.deepEqual(rss.hashFunctions, {toeplitz: true, xor: false, crc32: false});
	t.false(rss.configured);
	t.is(rss.rxRings, 8);
});

test('§13.11 weight 1 1 sets a user table on queues 0–1; combined 1 → EINVAL "(1)", combined 2 allowed', t => {
	const machine = baseline();
	const rss = value(machine.setRss('eth0', {weights: [1, 1]}, 0));
	t.true(rss.configured);
	t.deepEqual(rss.table, [...Array.from({length: 64}, () => 0), ...Array.from({length: 64}, () => 1)]);
	failsWith(t, machine.setChannels('eth0', {combined: 1}, 0), 'EINVAL', 'requested channel counts are too low for existing indirection table (1)');
	t.is(value(machine.setChannels('eth0', {combined: 2}, 0)).combined, 2);
});

test('7.4.4 after a re-add a user-configured table comes back zeroed and the flag stays (source-derived)', t => {
	const machine = baseline();
	value(machine.setRss('eth0', {weights: [1, 1]}, 0));
	value(machine.setChannels('eth0', {combined: 4}, 0));
	const rss = value(device(machine).rss());
	t.true(rss.configured);
	t.deepEqual(rss.table, Array.from({length: 128}, () => 0));
	// Everything now arrives on queue 0.
	machine.advance(5000);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
	t.is(stat(machine, 'rx_queue_1_packets'), 0n);
	t.is(stat(machine, 'rx_queue_3_packets'), 0n);
	// `-X default` clears the flag and restores i % n; no re-add needed.
	const reset = value(machine.setRss('eth0', {reset: true}, 5000));
	t.false(reset.configured);
	t.deepEqual(reset.table, defaultTable(128, 4));
	t.is(device(machine).epoch, 1);
	machine.advance(10_000);
	t.true(stat(machine, 'rx_queue_3_packets') > 0n);
});

test('without a user table, each re-add rebuilds the default table for the new count', t => {
	const machine = baseline();
	value(machine.setChannels('eth0', {combined: 5}, 0));
	t.deepEqual(value(device(machine).rss()).table, defaultTable(128, 5));
	value(machine.setChannels('eth0', {combined: 8}, 1000));
	t.deepEqual(value(device(machine).rss()).table, defaultTable(128, 8));
});

test('§13.12 equal 9 with 8 channels → EINVAL (entry ≥ ring count, core); equal 3 start 2 is accepted', t => {
	const machine = baseline();
	failsWith(t, machine.setRss('eth0', {equal: 9}, 0), 'EINVAL');
	t.false(value(device(machine).rss()).configured);
	const rss = value(machine.setRss('eth0', {equal: 3, start: 2}, 0));
	t.deepEqual(rss.table.slice(0, 6), [2, 3, 4, 2, 3, 4]);
	t.true(rss.configured);
});

test('§13.13 hfunc xor → EOPNOTSUPP; hfunc toeplitz alone → success, no host call', t => {
	const machine = baseline();
	failsWith(t, machine.setRss('eth0', {hfunc: 'xor'}, 0), 'EOPNOTSUPP');
	failsWith(t, machine.setRss('eth0', {hfunc: 'crc32'}, 0), 'EOPNOTSUPP');
	const before = value(device(machine).rss());
	const after = value(machine.setRss('eth0', {hfunc: 'toeplitz'}, 0));
	t.deepEqual(after, before);
	failsWith(t, machine.setRss('eth0', {hfunc: 'nope'}, 0), 'EINVAL', 'Unknown hash function: nope');
});

test('§13.14 context new equal 2 → EOPNOTSUPP; xfrm symmetric-xor → EOPNOTSUPP', t => {
	const machine = baseline();
	failsWith(t, machine.setRss('eth0', {context: 'new', equal: 2}, 0), 'EOPNOTSUPP');
	failsWith(t, machine.setRss('eth0', {inputXfrm: 'symmetric-xor'}, 0), 'EOPNOTSUPP');
	failsWith(t, device(machine).unsupported('rss-context'), 'EOPNOTSUPP');
});

test('an empty -X request and a wrong key length are EINVAL (ioctl core)', t => {
	const machine = baseline();
	failsWith(t, machine.setRss('eth0', {}, 0), 'EINVAL');
	failsWith(t, machine.setRss('eth0', {key: [1, 2, 3]}, 0), 'EINVAL');
});

test('a new key changes where flows land, without a re-add', t => {
	const machine = baseline();
	const eth0 = device(machine);
	const before = Array.from({length: 50}, (_, i) => eth0.rxQueueOfFlow(i));
	const key = Array.from({length: 40}, (_, i) => (i * 37) & 0xff);
	const rss = value(machine.setRss('eth0', {key}, 0));
	t.is(rss.key, formatKey(key));
	t.false(rss.configured, 'a key alone does not mark the table configured');
	const after = Array.from({length: 50}, (_, i) => eth0.rxQueueOfFlow(i));
	t.notDeepEqual(after, before);
	t.is(eth0.epoch, 0);
});

test('7.1.2 at 1 channel the key reads all-zero, and going back up programs that zero key (source-derived)', t => {
	const machine = baseline();
	value(machine.setChannels('eth0', {combined: 1}, 0));
	t.is(value(device(machine).rss()).key, Array.from({length: 40}, () => '00').join(':'));
	value(machine.setChannels('eth0', {combined: 8}, 1000));
	const eth0 = device(machine);
	t.is(value(eth0.rss()).key, Array.from({length: 40}, () => '00').join(':'));
	// With a zero key every hash is 0: all flows on rx_table[0] = queue 0.
	t.true(Array.from({length: 100}, (_, i) => eth0.rxQueueOfFlow(i)).every(queue => queue === 0));
});

test('ethtool userspace fills tables from weights like fill_indir_table', t => {
	t.deepEqual(value(tableFromOptions(8, {weights: [1, 3]})), [0, 0, 1, 1, 1, 1, 1, 1]);
	t.deepEqual(value(tableFromOptions(8, {weights: [0, 1, 1]})), [1, 1, 1, 1, 2, 2, 2, 2]);
	failsWith(t, tableFromOptions(8, {weights: [0, 0]}), 'EINVAL', 'At least one weight must be non-zero');
	failsWith(t, tableFromOptions(8, {weights: [5, 5]}), 'EINVAL', 'Total weight exceeds the size of the indirection table');
	t.is(value(tableFromOptions(8, {})), 'no-change');
});

test('§13.22 rx-flow-hash: udp4 sd → IP SA/DA; udp4 s and sctp4 sdfn → EOPNOTSUPP; sctp4 reads None; survives -L', t => {
	const machine = baseline();
	t.is(value(device(machine).flowHash('udp4')), 'sdfn', 'default L4 for all four');
	t.is(value(machine.setFlowHash('eth0', 'udp4', 'sd', 0)), 'sd');
	t.is(value(device(machine).flowHash('udp4')), 'sd');
	t.is(value(device(machine).flowHash('tcp4')), 'sdfn');
	failsWith(t, machine.setFlowHash('eth0', 'udp4', 's', 0), 'EOPNOTSUPP');
	failsWith(t, machine.setFlowHash('eth0', 'sctp4', 'sdfn', 0), 'EOPNOTSUPP');
	failsWith(t, machine.setFlowHash('eth0', 'ip4', 'sd', 0), 'EOPNOTSUPP');
	failsWith(t, machine.setFlowHash('eth0', 'tcp4', 'sdfnv', 0), 'EOPNOTSUPP');
	t.is(value(device(machine).flowHash('sctp4')), '');
	t.is(value(device(machine).flowHash('ip6')), 'sd');
	value(machine.setChannels('eth0', {combined: 4}, 0));
	t.is(value(device(machine).flowHash('udp4')), 'sd');
	t.is(flowHashFields(0, 'tcp6'), 'sd');
	t.is(value(setFlowHashFields(0, 'tcp6', 'sdfn')), 2);
});

test('switching the TX hash level to L3 (sd) changes how flows spread over TX queues', t => {
	const machine = baseline();
	for (const type of ['tcp4', 'udp4'] as const) {
		value(machine.setFlowHash('eth0', type, 'sd', 0));
	}

	machine.advance(10_000);
	const l3 = [0, 1, 2, 3, 4, 5, 6, 7].map(q => stat(machine, `tx_queue_${q}_packets`));
	const other = baseline();
	other.advance(10_000);
	const l4 = [0, 1, 2, 3, 4, 5, 6, 7].map(q => stat(other, `tx_queue_${q}_packets`));
	t.notDeepEqual(l3, l4);
});
