import test from 'ava';
import {
	createToeplitzHasher, defaultRssKey, formatIpv4, ipv4Bytes, parseIpv4, parseIpv6, rssInput, toeplitzHash,
} from '../../source/netvsc/toeplitz.js';
import {createRandom} from '../../source/netvsc/random.js';
import {baseline, device, value} from './helpers.js';

// Microsoft "Verifying the RSS Hash Calculation": source, destination, ports, IP-only hash, TCP hash.
const ipv4Vectors = [
	['66.9.149.187', '161.142.100.80', 2794, 1766, 0x32_3e_8f_c2, 0x51_cc_c1_78],
	['199.92.111.2', '65.69.140.83', 14_230, 4739, 0xd7_18_26_2a, 0xc6_26_b0_ea],
	['24.19.198.95', '12.22.207.184', 12_898, 38_024, 0xd2_d0_a5_de, 0x5c_2b_39_4a],
	['38.27.205.30', '209.142.163.6', 48_228, 2217, 0x82_98_91_76, 0xaf_c7_32_7f],
	['153.39.163.191', '202.188.127.2', 44_251, 1303, 0x5d_18_09_c5, 0x10_e8_28_a2],
] as const;

const ipv6Vectors = [
	['3ffe:2501:200:1fff::7', '3ffe:2501:200:3::1', 2794, 1766, 0x2c_c1_8c_d5, 0x40_20_7d_3d],
	['3ffe:501:8::260:97ff:fe40:efab', 'ff02::1', 14_230, 4739, 0x0f_0c_46_1c, 0xdd_e5_1b_bf],
	['3ffe:1900:4545:3:200:f8ff:fe21:67cf', 'fe80::200:f8ff:fe21:67cf', 44_251, 38_024, 0x4b_61_e9_85, 0x02_d1_fe_ef],
] as const;

test('§13.16 Toeplitz: Microsoft IPv4 verification values (2-tuple and 4-tuple)', t => {
	for (const [source, destination, sourcePort, destinationPort, ipOnly, withPorts] of ipv4Vectors) {
		const s = ipv4Bytes(parseIpv4(source)!);
		const d = ipv4Bytes(parseIpv4(destination)!);
		t.is(toeplitzHash(defaultRssKey, rssInput(s, d)), ipOnly, `${source} → ${destination}`);
		t.is(toeplitzHash(defaultRssKey, rssInput(s, d, {source: sourcePort, destination: destinationPort})), withPorts);
	}
});

test('Toeplitz: Microsoft IPv6 verification values', t => {
	for (const [source, destination, sourcePort, destinationPort, ipOnly, withPorts] of ipv6Vectors) {
		const s = parseIpv6(source)!;
		const d = parseIpv6(destination)!;
		t.is(toeplitzHash(defaultRssKey, rssInput(s, d)), ipOnly, `${source} → ${destination}`);
		t.is(toeplitzHash(defaultRssKey, rssInput(s, d, {source: sourcePort, destination: destinationPort})), withPorts);
	}
});

test('the table-driven hasher agrees with the reference for IPv4 tuples and random inputs', t => {
	const hasher = createToeplitzHasher(defaultRssKey);
	for (const [source, destination, sourcePort, destinationPort, ipOnly, withPorts] of ipv4Vectors) {
		t.is(hasher.ipv4(parseIpv4(source)!, parseIpv4(destination)!), ipOnly);
		t.is(hasher.ipv4Ports(parseIpv4(source)!, parseIpv4(destination)!, sourcePort, destinationPort), withPorts);
	}

	const random = createRandom(42);
	const key = Array.from({length: 40}, () => random.int(256));
	const keyed = createToeplitzHasher(key);
	for (let i = 0; i < 200; i++) {
		const input = Array.from({length: 1 + random.int(36)}, () => random.int(256));
		t.is(keyed.hash(input), toeplitzHash(key, input));
	}
});

test('a zero key hashes everything to 0', t => {
	t.is(toeplitzHash(new Uint8Array(40), rssInput(ipv4Bytes(0x0a_00_00_01), ipv4Bytes(0x0a_00_00_02), {source: 1, destination: 2})), 0);
});

test('address parsing', t => {
	t.is(parseIpv4('66.9.149.187'), 0x42_09_95_bb);
	t.is(formatIpv4(0x42_09_95_bb), '66.9.149.187');
	t.is(parseIpv4('1.2.3'), undefined);
	t.is(parseIpv4('1.2.3.256'), undefined);
	t.deepEqual([...parseIpv6('ff02::1')!], [0xff, 2, ...Array.from({length: 13}, () => 0), 1]);
	t.is(parseIpv6('1::2::3'), undefined);
	t.is(parseIpv6('1:2:3'), undefined);
});

test('§13.16 a received flow lands on rx_table[toeplitz(key, tuple) & 127]', t => {
	const machine = baseline();
	const eth0 = device(machine);
	const {flows} = eth0;
	const table = value(eth0.rss()).table;
	const key = value(eth0.rssKeyBytes());
	t.is(table.length, 128);
	let checked = 0;
	for (let i = 0; i < flows.count; i++) {
		const remote = ipv4Bytes(flows.remoteIp[i]!);
		const local = ipv4Bytes(flows.localIp);
		// The host hashes TCP on the 4-tuple and UDP on the addresses only.
		const ports = flows.proto[i] === 6 ? {source: flows.remotePort[i]!, destination: flows.localPort[i]!} : undefined;
		const hash = toeplitzHash(key, rssInput(remote, local, ports));
		t.is(eth0.rxQueueOfFlow(i), table[hash & 127], `flow ${i}`);
		checked++;
	}

	t.true(checked >= 400);
});
