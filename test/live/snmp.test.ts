// /proc/net/snmp: Ip: and Udp: by the kernel's header names (never by
// position), u64 exact; this machine's own file; the bounded read; and the
// rates the stats layer makes of them (a counter that restarted is no spike).
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {parseSnmp, readSnmp} from '../../source/sources/live/snmp.js';
import {snmpRates} from '../../source/stats/snmp-rates.js';
import {counterRate, maxDeltaFor, rateRule} from '../../source/sources/counter-delta.js';

const sample = [
	'Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates OutTransmits',
	'Ip: 1 64 18446744073709551615 0 0 0 0 0 9 10 0 0 11 12 13 14 15 16 17 18',
	'Icmp: InMsgs InErrors',
	'Icmp: 5 6',
	'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors',
	'Udp: 100 2 3 400 5 6 7 8 9',
	'UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors',
	'UdpLite: 0 0 0 0 0 0 0 0 0',
].join('\n');

test('Ip: and Udp: by name, u64 exact; other protocols and UdpLite ignored', t => {
	const parsed = parseSnmp(sample);
	t.is(parsed?.ip['InReceives'], 18_446_744_073_709_551_615n);
	t.is(parsed?.ip['ReasmFails'], 14n);
	t.is(parsed?.ip['FragCreates'], 17n);
	t.is(parsed?.udp['InDatagrams'], 100n, 'Udp:, not UdpLite:');
	t.is(parsed?.udp['RcvbufErrors'], 5n);
	t.false(Object.hasOwn(parsed?.ip ?? {}, 'InMsgs'));
});

test('by header name, not position: an older kernel without OutTransmits, columns in another order', t => {
	const reordered = 'Ip: ReasmFails Forwarding ReasmReqds\nIp: 7 1 70\nUdp: RcvbufErrors InDatagrams\nUdp: 1 2\n';
	t.deepEqual(parseSnmp(reordered), {ip: {ReasmFails: 7n, Forwarding: 1n, ReasmReqds: 70n}, udp: {RcvbufErrors: 1n, InDatagrams: 2n}});
});

test('garbage, negatives, values beyond u64, a missing values line: left out, never thrown', t => {
	t.is(parseSnmp(''), undefined);
	t.is(parseSnmp('Ip: Forwarding\n'), undefined, 'a header without its values');
	t.deepEqual(parseSnmp('Ip: A B C\nIp: -1 18446744073709551616 x\n'), {ip: {}, udp: {}});
	t.is(parseSnmp(undefined as unknown as string), undefined);
	fc.assert(fc.property(fc.string({unit: fc.constantFrom('Ip: ', 'Udp: ', 'ReasmFails ', '1 ', '\n', '-', 'x', '99999999999999999999 ')}), text => {
		const parsed = parseSnmp(text);
		return parsed === undefined || Object.values({...parsed.ip, ...parsed.udp}).every(v => typeof v === 'bigint' && v >= 0n && v < (1n << 64n));
	}), {numRuns: 2000});
	t.pass();
});

test('this machine\'s /proc/net/snmp reads (IPv4 reassembly counters named by the kernel)', async t => {
	const snmp = await readSnmp('/proc');
	if (snmp === undefined) {
		t.pass('no /proc/net/snmp here');
		return;
	}

	t.is(typeof snmp.ip['ReasmFails'], 'bigint');
	t.is(typeof snmp.udp['InDatagrams'], 'bigint');
});

test('bounded: a procfs root whose net/snmp is huge or a directory reads as nothing', async t => {
	const root = mkdtempSync(join(tmpdir(), 'hvtop-snmp-'));
	t.teardown(() => {
		rmSync(root, {recursive: true, force: true});
	});
	mkdirSync(join(root, 'net'));
	writeFileSync(join(root, 'net', 'snmp'), sample + '\n' + 'x'.repeat(128 * 1024));
	t.is(await readSnmp(root), undefined);
	writeFileSync(join(root, 'net', 'snmp'), sample);
	t.is((await readSnmp(root))?.ip['ReasmReqds'], 12n);
	rmSync(join(root, 'net', 'snmp'));
	mkdirSync(join(root, 'net', 'snmp'));
	t.is(await readSnmp(root), undefined);
});

test('rates by name over the interval; a restarted counter and a name missing before have no spike', t => {
	const rule = rateRule(2, {width: 64, max: maxDeltaFor(2)});
	const rate = (before: bigint | undefined, after: bigint) => counterRate(before, after, rule);
	const before = {ip: {ReasmFails: 1000n, ReasmReqds: 2n ** 63n}, udp: {InDatagrams: 10n}};
	const after = {ip: {ReasmFails: 1100n, ReasmReqds: (2n ** 63n) + 4000n, FragCreates: 5n}, udp: {InDatagrams: 3n}};
	t.deepEqual(snmpRates(before, after, rate), {ip: {ReasmFails: 50, ReasmReqds: 2000, FragCreates: 0}, udp: {InDatagrams: 1.5}});
	t.deepEqual(snmpRates(undefined, after, rate).ip, {ReasmFails: 0, ReasmReqds: 0, FragCreates: 0}, 'no baseline: 0');
});
