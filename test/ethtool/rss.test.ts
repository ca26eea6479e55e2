import test from 'ava';
import {parseRss} from '../../source/ethtool/index.js';
import {fixture, run} from './helpers.js';

const spread = (size: number, rings: number) => Array.from({length: size}, (_, i) => i % rings);
const keyPattern = /^[\da-f]{2}(?::[\da-f]{2}){39}$/;

const cases: Array<[name: string, size: number, rings: number]> = [
	['5.4/hv_netvsc/x', 128, 4], // ioctl
	['6.1/hv_netvsc/x', 128, 8], // still ioctl in 6.1
	['6.2/hv_netvsc/x', 64, 4], // netlink: leading empty line
	['6.11/hv_netvsc/x', 128, 16], // netlink + RSS input transformation
];

for (const [name, size, rings] of cases) {
	test(`-x ${name}`, t => {
		const result = parseRss(fixture(name));
		if (!result.ok) {
			t.fail(result.error.message);
			return;
		}

		t.deepEqual(result.value.table, spread(size, rings));
		t.regex(result.value.key, keyPattern);
		t.is(result.value.hfunc, 'toeplitz');
	});
}

test('-x --json 6.2 matches the text output of the same device', t => {
	t.deepEqual(parseRss(fixture('6.2/hv_netvsc/x.json')), parseRss(fixture('6.2/hv_netvsc/x')));
});

test('-x: "Operation not supported" sections give an empty table, key and hfunc', t => {
	const text = '\nRX flow hash indirection table for eth0 with 1 RX ring(s):\nOperation not supported\n'
		+ 'RSS hash key:\nOperation not supported\nRSS hash function:\n    Operation not supported\n';
	t.deepEqual(parseRss(text), {ok: true, value: {table: [], key: '', hfunc: ''}});
	const virtio = '\nRX flow hash indirection table for eth0 with 1 RX ring(s):\nOperation not supported\n'
		+ 'RSS hash key:\nOperation not supported\nRSS hash function:\n    toeplitz: on\n    xor: off\n    crc32: off\n';
	t.deepEqual(parseRss(virtio), {ok: true, value: {table: [], key: '', hfunc: 'toeplitz'}});
});

test('-x: a short last row, upper-case key and spaces are accepted', t => {
	const text = 'RX flow hash indirection table for eth0 with 2 RX ring(s):\n    0:      0     1     0     1     0     1     0     1\n    8:      1     0\nRSS hash key:\n6D:5A\nRSS hash function:\n    toeplitz: on\n';
	t.deepEqual(parseRss(text), {ok: true, value: {table: [0, 1, 0, 1, 0, 1, 0, 1, 1, 0], key: '6d:5a', hfunc: 'toeplitz'}});
});

test('-x: rows out of sequence or with corrupted entries are EPARSE', t => {
	const rows = fixture('6.1/hv_netvsc/x').split('\n');
	const swapped = [rows[0], rows[2], rows[1], ...rows.slice(3)].join('\n');
	t.is(parseRss(swapped).ok, false);
	t.is(parseRss(fixture('6.1/hv_netvsc/x').replace('   24:', '   25:')).ok, false);
	t.is(parseRss(fixture('6.1/hv_netvsc/x').replace('   16:      0', '   16:      x')).ok, false);
	t.is(parseRss(fixture('6.1/hv_netvsc/x').replace(/ {2}120:(.*) 7\n/, '  120:$1 7z\n')).ok, false);
});

test('-x: error outputs (no header) are EPARSE', t => {
	t.false(parseRss(run('6.1/veth/x-unsupported').stdout).ok);
	t.false(parseRss('').ok);
	t.false(parseRss('[ ]').ok);
	t.false(parseRss('[ {"ifname": "a", "rss-hash-key": [256]} ]').ok);
});
