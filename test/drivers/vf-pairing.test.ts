// Pairing each hv_netvsc device with its VF: links first, the shared MAC as
// fallback (netvsc_register_vf), never a VF that is another device's.
import test from 'ava';
import fc from 'fast-check';
import {canonicalMac, pairVfs, type NetFacts} from '../../source/drivers/vf-pairing.js';

const mac0 = '00:0d:3a:12:34:56';
const mac1 = '00:0d:3a:ab:cd:ef';
const netvsc = (name: string, more: Partial<NetFacts> = {}): NetFacts => ({name, driver: 'hv_netvsc', ...more});
const vf = (name: string, more: Partial<NetFacts> = {}): NetFacts => ({name, driver: 'mana', ...more});

test('the lower_ link wins; then a VF whose master is the netvsc', t => {
	const pairs = pairVfs([
		netvsc('eth0', {lowers: ['enP30832s1'], mac: mac0}),
		vf('enP30832s1', {master: 'eth0', mac: mac0}),
		netvsc('eth1', {mac: mac1}),
		vf('enP1s2', {driver: 'mlx5_core', master: 'eth1', mac: mac1}),
	]);
	t.deepEqual([...pairs], [['eth0', {vf: 'enP30832s1', by: 'lower'}], ['eth1', {vf: 'enP1s2', by: 'master'}]]);
});

test('a lower_ link the facts do not list is still the kernel\'s word (live: only the netvsc is read)', t => {
	t.deepEqual(pairVfs([netvsc('eth0', {lowers: ['enP7s1']})]).get('eth0'), {vf: 'enP7s1', by: 'lower'});
});

test('the MAC pairs a VF not enslaved yet; VLANs, bridges and other netvscs sharing it are not VFs', t => {
	const pairs = pairVfs([
		netvsc('eth0', {mac: mac0.toUpperCase(), ifindex: 2}),
		{name: 'eth0.100', mac: mac0, ifindex: 9},
		{name: 'br0', mac: mac0, ifindex: 3},
		netvsc('eth9', {mac: mac0, ifindex: 8}),
		vf('enP30832s1', {mac: `${mac0}\n`, ifindex: 4}),
	]);
	t.deepEqual(pairs.get('eth0'), {vf: 'enP30832s1', by: 'mac'});
	t.is(pairs.get('eth9'), undefined, 'a VF is paired once');
	t.is(pairs.size, 1);
});

test('a VF enslaved to another device, or linked to another netvsc, is never taken by MAC', t => {
	const pairs = pairVfs([
		netvsc('eth0', {mac: mac0}),
		netvsc('eth1', {mac: mac0, lowers: ['enPa']}),
		vf('enPa', {mac: mac0, master: 'eth1'}),
		vf('enPb', {mac: mac0, master: 'bond0'}),
	]);
	t.deepEqual(pairs.get('eth1'), {vf: 'enPa', by: 'lower'});
	t.is(pairs.get('eth0'), undefined);
});

test('a lower the facts contradict (a netvsc, or enslaved elsewhere) is skipped for the next', t => {
	const pairs = pairVfs([
		netvsc('eth0', {lowers: ['eth1', 'enPx', 'enPy']}),
		netvsc('eth1'),
		vf('enPx', {master: 'bond0'}),
		vf('enPy', {master: 'eth0'}),
	]);
	t.deepEqual(pairs.get('eth0'), {vf: 'enPy', by: 'lower'});
});

test('several MAC matches: the lowest ifindex, then the name; none without a usable MAC', t => {
	const pairs = pairVfs([netvsc('eth0', {mac: mac0}), vf('enPb', {mac: mac0, ifindex: 5}), vf('enPa', {mac: mac0, ifindex: 7}), vf('enPc', {mac: mac0})]);
	t.deepEqual(pairs.get('eth0'), {vf: 'enPb', by: 'mac'});
	for (const mac of ['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '00:0d:3a:12:34', 'garbage', '']) {
		t.is(pairVfs([netvsc('eth0', {mac}), vf('enP1', {mac})]).size, 0, mac);
	}
});

test('canonicalMac: lower case, unicast, non-zero', t => {
	t.is(canonicalMac(' 00:0D:3A:12:34:56\n'), mac0);
	t.is(canonicalMac('02:00:00:00:00:01'), '02:00:00:00:00:01');
	t.is(canonicalMac('03:00:00:00:00:01'), undefined);
	t.is(canonicalMac(undefined), undefined);
});

test('property: each VF pairs at most once, only with a netvsc, never a netvsc or a driverless device, and order does not matter', t => {
	const names = fc.constantFrom('eth0', 'eth1', 'eth2', 'enPa', 'enPb', 'br0', '__proto__', 'constructor');
	const device = fc.record({
		name: names,
		driver: fc.option(fc.constantFrom('hv_netvsc', 'mana', 'mlx5_core'), {nil: undefined}),
		mac: fc.option(fc.constantFrom(mac0, mac1, mac0.toUpperCase(), 'ff:ff:ff:ff:ff:ff'), {nil: undefined}),
		master: fc.option(names, {nil: undefined}),
		lowers: fc.option(fc.array(names, {maxLength: 3}), {nil: undefined}),
		ifindex: fc.option(fc.nat({max: 9}), {nil: undefined}),
	}, {requiredKeys: ['name']});
	const list = fc.uniqueArray(device, {maxLength: 8, selector: d => d.name});
	fc.assert(fc.property(list, devices => {
		const pairs = pairVfs(devices);
		const byName = new Map<string, NetFacts>(devices.map(d => [d.name, d]));
		const vfs = [...pairs.values()].map(p => p.vf);
		t.is(new Set(vfs).size, vfs.length);
		for (const [host, {vf: partner, by}] of pairs) {
			t.is(byName.get(host)?.driver, 'hv_netvsc');
			t.not(partner, host);
			t.not(byName.get(partner)?.driver, 'hv_netvsc');
			if (by !== 'lower') {
				t.not(byName.get(partner)?.driver, undefined);
			}
		}

		t.deepEqual(pairVfs([...devices].reverse()), pairs);
	}), {numRuns: 500});
});
