// --json's `vf` object and --once's VF queue table, for a device whose VF is read through its own driver (mana).
import test from 'ava';
import {readingToJson} from '../../source/output/json.js';
import {onceText} from '../../source/output/once.js';
import {computeRates} from '../../source/stats/rates.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {createFakeSource, fakeSnapshot, type FakeDevice} from '../helpers/fake-source.js';

const mana: FakeDevice = {name: 'eth0', rxPps: [5, 5], vf: 'enP30832s1', vfDevice: {name: 'enP30832s1', instance: 7, offset: 2n ** 60n, txPps: Array.from({length: 16}, () => 20), discardsPerSecond: 40}};
const plain: FakeDevice = {name: 'eth1', rxPps: [5, 5], vf: 'enP1'};

const reading = (device: FakeDevice, from = 1000, to = 2000): DeviceReading => {
	const prev = fakeSnapshot(device, from);
	const snapshot = fakeSnapshot(device, to);
	return {name: device.name, snapshot, rates: computeRates(prev, snapshot)};
};

const source = createFakeSource([mana, plain]);
const time = new Date(Date.UTC(2026, 11, 5));

type VfJson = {name: string; driver: string; instance: number; channels: {combined: number}; rings: {rx: number; unit: string}; coalesce: {rxCqeFrames: number}; queues: Array<Record<string, unknown>>; errors: Array<Record<string, unknown>>};

test('--json: a `vf` object with the VF\'s queues, each with its role, counters as exact strings', t => {
	const json = readingToJson(reading(mana), source, time);
	const vf = json['vf'] as VfJson;
	t.like(vf, {name: 'enP30832s1', driver: 'mana', instance: 7, channels: {combined: 16}, rings: {rx: 1024, unit: 'descriptors'}, coalesce: {rxCqeFrames: 1}});
	t.is(vf.queues.length, 16);
	t.deepEqual(vf.queues[2], {
		queue: 2,
		role: 'combined',
		cpu: 2,
		rxPps: 3000,
		rxBytesPerSecond: 4_500_000,
		txPps: 20,
		txBytesPerSecond: 2000,
		share: 3020 / (136_000 + 320),
		rxPackets: String((2n ** 60n) + 6000n),
		rxBytes: String((2n ** 60n) + 9_000_000n),
		txPackets: String((2n ** 60n) + 40n),
		txBytes: String((2n ** 60n) + 4000n),
	});
	t.deepEqual(vf.errors[0], {name: 'hc_rx_discards_no_wqe', value: '80', perSecond: 40});
	// Key order as before: vf where the VF's name was.
	t.deepEqual(Object.keys(json).slice(0, 8), ['version', 'time', 'source', 'device', 'driver', 'link', 'vf', 'vcpus']);
});

test('--json: a device without vfDevice keeps `vf` the VF\'s name, nothing else', t => {
	const json = readingToJson(reading(plain), source, time);
	t.is(json['vf'], 'enP1');
	t.false(JSON.stringify(json).includes('"role"'));
});

test('--once: the VF queue table after the synthetic one, with role and CPU, then the VF driver errors', t => {
	const text = onceText([reading(mana)], source, {units: 'bits', columns: 120});
	const lines = text.split('\n');
	const synthetic = lines.findIndex(l => l.startsWith('│ queue │ cpu │ rx pps'));
	const title = lines.findIndex(l => l.startsWith('VF enP30832s1 (mana) queues: imbalance 1.88×'));
	t.true(synthetic > 0 && title > synthetic, text);
	t.regex(lines[title + 2]!, /^│ VF queue │ role {2}│ cpu │ rx pps │ +rx rate │ tx pps │ +tx rate │ share │$/);
	t.regex(lines[title + 4]!, /^│ 0 +│ rx\+tx │ 0 +│ +1\.00k │ 12\.0 Mb\/s │ +20 │ 16\.0 kb\/s │ +0\.7% │$/);
	t.regex(text, /\n│ all +│ +│ +│ +136k │ 1\.63 Gb\/s │ +320 │/);
	t.regex(text, /\nVF errors: hc_rx_discards_no_wqe 80 \(\+40\//);
	t.regex(text, /\nVF enP30832s1 mana {2}channels 16\/64 {2}rings rx 1024\/8192 tx 256\/16384 descriptors {2}rx-cqe-frames 1\n/);
});

test('--once: a device without vfDevice has no VF table', t => {
	const text = onceText([reading(plain)], source, {units: 'bits', columns: 120});
	t.false(text.includes('VF queue'));
	t.false(text.includes('VF errors'));
});

test('--once says a VF removed by the host and a VF re-added', t => {
	const away: FakeDevice = {name: 'eth0', rxPps: [5, 5]};
	const removed = fakeSnapshot(away, 2000);
	const gone = {name: 'eth0', snapshot: removed, rates: computeRates(fakeSnapshot(mana, 1000), removed)};
	t.regex(onceText([gone], source, {units: 'bits', columns: 120}), /\nVF enP30832s1 removed by the host: traffic on the synthetic path\n/);
	const back = fakeSnapshot({...mana, vfDevice: {name: 'enP30832s2', instance: 8}}, 3000);
	const readded = {name: 'eth0', snapshot: back, rates: computeRates(removed, back)};
	const text = onceText([readded], source, {units: 'bits', columns: 120});
	t.regex(text, /\nVF enP30832s2 re-added with the driver's defaults/);
	t.regex(text, /new VF instance: counters restarted/);
});
