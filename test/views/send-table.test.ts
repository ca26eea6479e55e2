// The RSS view's send table: hv_netvsc's 16 host-set transmit entries
// (`ethtool -d`) on one line under the receive table, coloured by queue,
// spaced while it fits; no line for a device without one.
import test from 'ava';
import {createModelSource} from '../../source/sources/model.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {rssViewLines} from '../../source/views/rss.js';
import {sendTableLines} from '../../source/views/send-table.js';

async function eth0(scenario = 'balanced'): Promise<DeviceSnapshot> {
	const made = createModelSource({scenario});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const snap = await made.value.snapshot('eth0', 1000);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	return snap.value;
}

test('the model\'s eth0 reads its send table: 16 entries, i % channels', async t => {
	t.deepEqual((await eth0()).sendTable, [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7]);
	t.deepEqual((await eth0('large')).sendTable, Array.from({length: 16}, (_, i) => i), '64 channels: the table reaches 16 of them');
});

test('one line under the receive table, before the per-queue shares, coloured by queue', async t => {
	const snapshot = await eth0();
	const lines = rssViewLines({name: 'eth0', snapshot}, {columns: 100, maxLines: 40});
	const texts = lines.map(l => l.text);
	const send = texts.indexOf('send  16 entries (host-set, ethtool -d): 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7');
	t.true(send > 0, texts.join('\n'));
	t.regex(texts[send - 1]!, /^ {2}96 0 1 2/, 'right after the last row of the receive grid');
	t.regex(texts[send + 1]!, /^ {2}Q +ent/, 'then the per-queue shares');
	const colours = lines[send]!.segments!.filter(s => s.queue !== undefined).map(s => s.queue);
	t.deepEqual(colours, snapshot.sendTable);
});

test('narrow: packed symbols, then cut; no table, no line', async t => {
	const snapshot = await eth0();
	t.deepEqual(sendTableLines(snapshot, 60).map(l => l.text), ['send  16 entries (host-set, ethtool -d): 0123456701234567']);
	t.deepEqual(sendTableLines(snapshot, 30).map(l => l.text), ['send  16 entries (host-set, e…']);
	const {sendTable, ...without} = snapshot;
	t.truthy(sendTable);
	t.deepEqual(sendTableLines(without, 100), []);
	t.false(rssViewLines({name: 'eth0', snapshot: without}, {columns: 100, maxLines: 40}).some(l => l.text.startsWith('send')));
});
