import test from 'ava';
import {parseRings} from '../../source/ethtool/index.js';
import {fixture, run} from './helpers.js';

const cases: Array<[name: string, rxMax: number, txMax: number, rx: number, tx: number]> = [
	['5.4/hv_netvsc/g', 18_421, 2560, 9640, 192],
	['5.16/hv_netvsc/g', 17_984, 2560, 8192, 256],
	['6.1/hv_netvsc/g', 18_139, 2560, 9216, 170],
	['6.2/hv_netvsc/g', 16_384, 2560, 4096, 512],
	['6.2/hv_netvsc/g.json', 16_384, 2560, 4096, 512],
	['6.7/hv_netvsc/g', 18_811, 2560, 9709, 170],
	['6.7/hv_netvsc/g.json', 18_811, 2560, 9709, 170],
];

for (const [name, rxMax, txMax, rx, tx] of cases) {
	test(`-g ${name}`, t => {
		t.deepEqual(parseRings(fixture(name)), {ok: true, value: {rxMax, txMax, rx, tx, unit: 'descriptors'}});
		t.deepEqual(
			parseRings(fixture(name), {driver: 'hv_netvsc'}),
			{ok: true, value: {rxMax, txMax, rx, tx, unit: 'sections'}},
		);
	});
}

test('-g 6.4+: `TX push buff len` in both blocks does not disturb RX/TX', t => {
	const text = fixture('6.7/hv_netvsc/g').replace('TX push buff len:\tn/a', 'TX push buff len:\t96');
	const result = parseRings(text);
	t.true(result.ok && result.value.txMax === 2560);
});

test('-g: n/a maxima become 0', t => {
	const text = fixture('5.16/hv_netvsc/g').replaceAll(/RX:\t\t\d+/g, 'RX:\t\tn/a');
	const result = parseRings(text);
	t.true(result.ok && result.value.rxMax === 0 && result.value.rx === 0 && result.value.tx === 256);
});

test('-g --json: `[ ]` printed with a netlink error is EPARSE, not empty rings', t => {
	const {stdout} = run('6.7/hv_netvsc/g-json-error');
	const result = parseRings(stdout);
	t.false(result.ok);
	t.is(!result.ok && result.error.code, 'EPARSE');
});

test('-g --json: absent keys are "not reported", wrong types are EPARSE', t => {
	t.deepEqual(parseRings('[ {"ifname": "a", "rx-max": 10, "rx": 5} ]'), {
		ok: true, value: {rxMax: 10, txMax: 0, rx: 5, tx: 0, unit: 'descriptors'},
	});
	t.false(parseRings('[ {"ifname": "a", "rx-max": "10"} ]').ok);
	t.false(parseRings('[ {"ifname": "a", "rx-max": -1} ]').ok);
	t.false(parseRings('[ {"ifname": "a", "rx": 1.5} ]').ok);
	t.false(parseRings('[ {"ifname": "a", ').ok);
	t.false(parseRings('[ 1 ]').ok);
});

test('-g: the ioctl error case (header only) and empty output are EPARSE', t => {
	t.false(parseRings('Ring parameters for eth9:\n').ok);
	t.false(parseRings('').ok);
});
