// The counters view on the netvsc model (two readings one second apart, so
// every counter has a rate) and on hand-made snapshots for the edges.
import test from 'ava';
import {pollDevice} from '../../source/poll.js';
import {createModelSource} from '../../source/sources/model.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {changedMark, counterRows, countersView} from '../../source/views/counters.js';
import type {ViewOptions} from '../../source/views/view.js';

async function twoReadings(scenario: string): Promise<DeviceReading> {
	const opened = createModelSource({scenario, seed: 1});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const first = await pollDevice(opened.value, undefined, 'eth0', 1000);
	return pollDevice(opened.value, first, 'eth0', 2000);
}

const options = (more: Partial<ViewOptions> = {}): ViewOptions => ({units: 'bits', columns: 100, maxLines: 20, ascii: false, ...more});

test('every ethtool -S counter of the device, then its VF\'s, with rates that match the model\'s traffic', async t => {
	const reading = await twoReadings('mana');
	const rows = counterRows(reading);
	const stats = reading.snapshot!.stats;
	const vfStats = reading.snapshot!.vfDevice!.stats;
	t.true(stats.ok && vfStats.ok);
	t.is(rows.length, (stats.ok ? stats.value.length : 0) + (vfStats.ok ? vfStats.value.length : 0));
	t.deepEqual(rows.slice(0, 3).map(r => r.owner), ['device', 'device', 'device']);
	t.is(rows.at(-1)?.owner, 'vf');
	// The VF's packets counter and the netvsc vf_rx_packets both carry the VF's traffic.
	const vfRx = rows.find(r => r.owner === 'device' && r.name === 'vf_rx_packets')!;
	t.true(vfRx.rate > 100_000 && vfRx.changed, `vf_rx_packets ${vfRx.rate}/s`);
	t.is(vfRx.rate, Number(vfRx.value - (reading.measuredFrom!.stats.ok ? new Map(reading.measuredFrom!.stats.value).get('vf_rx_packets')! : 0n)));
	t.true(rows.some(r => !r.changed && r.rate === 0), 'quiet counters stay quiet');
});

test('filter by a part of the name (any case), sort by rate or name', async t => {
	const reading = await twoReadings('mana');
	const filtered = counterRows(reading, 'DISCARDS');
	t.true(filtered.length > 0);
	t.true(filtered.every(r => r.name.toLowerCase().includes('discards')));
	const byRate = counterRows(reading, '', 'rate');
	t.true(byRate.every((r, i) => i === 0 || byRate[i - 1]!.rate >= r.rate));
	const byName = counterRows(reading, 'rx_', 'name');
	t.deepEqual(byName.map(r => r.name), [...byName.map(r => r.name)].sort((a, b) => a.localeCompare(b)));
});

test('lines: the summary, a window of rows, a mark on moved counters without colour, a clear line when nothing matches', async t => {
	const reading = await twoReadings('mana');
	const lines = countersView.lines({reading, readings: [reading]}, options({marks: true, sort: 'rate', filter: 'bytes'})).map(l => l.text);
	t.regex(lines[0]!, /^counters of eth0: \d+ shown, \d+ moved {2}· sort: rate \(s\) {2}filter "bytes" \(\/\)$/);
	t.regex(lines[2]!, new RegExp(`^\\${changedMark}.*bytes +\\d+ +[\\d.]+[kMG]?/s$`));
	t.true(lines.length <= 20);
	t.regex(lines.at(-1)!, /^counters 1–17 of \d+ \(↑↓ scroll\)$/);
	const none = countersView.lines({reading, readings: [reading]}, options({filter: 'no-such-counter'})).map(l => l.text);
	t.is(none.at(-1), 'no counter matches "no-such-counter"');
	t.true(lines.every(l => l.length <= 100));
});

test('a new VF instance (host servicing) starts its counters with no rate', async t => {
	const reading = await twoReadings('mana');
	const from = reading.measuredFrom!;
	const replaced = {...reading, measuredFrom: {...from, vfDevice: {...from.vfDevice!, instance: from.vfDevice!.instance + 1}}};
	t.true(counterRows(replaced).filter(r => r.owner === 'vf').every(r => r.rate === 0 && !r.changed));
	t.true(counterRows(replaced).some(r => r.owner === 'device' && r.rate > 0), 'the device\'s own still have theirs');
});

test('a name with control characters is shown escaped, never obeyed', t => {
	const snapshot = {name: 'eth0', at: 2000, stats: {ok: true, value: [['evil\u001B]52;c;x\u0007', 5n]]}} as unknown as NonNullable<DeviceReading['snapshot']>;
	const lines = countersView.lines({reading: {name: 'eth0', snapshot}, readings: []}, options()).map(l => l.text);
	t.true(lines.some(l => l.includes(String.raw`evil\x1b]52;c;x\x07`)));
	t.false(lines.some(l => l.includes('\u001B')));
});

test('json: every counter with its exact value as a string', async t => {
	const reading = await twoReadings('balanced');
	const json = countersView.json(reading as Parameters<typeof countersView.json>[0], {}) as {counters: Array<{name: string; value: string; rate: number; owner: string}>};
	t.true(json.counters.length > 10);
	t.true(json.counters.every(c => /^\d+$/.test(c.value)));
});
