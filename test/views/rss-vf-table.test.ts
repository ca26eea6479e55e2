// The RSS view's line for the VF's own table (the table most receive traffic
// follows with Accelerated Networking): on screen only, with X to change it.
import test from 'ava';
import {rssView, vfTableLine} from '../../source/views/rss.js';
import {equalTable} from '../../source/ethtool/rxfh.js';
import {scenarioRun} from '../advice/helpers.js';
import {readingToJson} from '../../source/output/json.js';

test('the dashboard\'s RSS view has a line for the VF\'s table; --once text does not', async t => {
	const {reading} = (await scenarioRun('mana')).device('eth0');
	const options = {columns: 100, maxLines: 40, ascii: false, units: 'bits', history: undefined} as never;
	const screen = rssView.lines({reading} as never, options).map(line => line.text);
	t.true(screen.includes('VF enP30832s1 (mana): table 64 entries → 16 of 16 queues, default  X changes it'), screen.join('\n'));
	const once = rssView.text!({reading} as never, options);
	t.false(once.some(text => text.startsWith('VF ')));
});

test('vfTableLine: a table set by hand is custom, with a warn tone; a VF that is down says so; none without a VF table', async t => {
	const {reading} = (await scenarioRun('mana')).device('eth0');
	const snapshot = reading.snapshot!;
	const vf = snapshot.vfDevice!;
	const custom = vfTableLine({...snapshot, vfDevice: {...vf, up: false, rss: {ok: true, value: {table: equalTable(64, 4), key: '', hfunc: 'toeplitz'}}}}, 100);
	t.is(custom?.text, 'VF enP30832s1 (mana): table 64 entries → 4 of 16 queues, custom (ethtool -X), VF down  X changes it');
	t.is(custom?.tone, 'warn');
	t.is(vfTableLine({...snapshot, vfDevice: {...vf, rss: undefined}} as never, 100), undefined);
});

test('--json: the VF object carries its own table and key, and whether it is up; an unread table says why', async t => {
	const {reading} = (await scenarioRun('mana')).device('eth0');
	const time = new Date(0);
	const vfOf = (r: typeof reading) => readingToJson(r, {kind: 'model', label: 'MODEL'} as never, time)['vf'] as Record<string, unknown>;
	const vf = vfOf(reading) as {rss: {table: number[]; key: string; hfunc: string}; up: boolean};
	t.is(vf.rss.table.length, 64);
	t.deepEqual(vf.rss.table, equalTable(64, 16));
	t.regex(vf.rss.key, /^(?:[\da-f]{2}:){39}[\da-f]{2}$/);
	t.is(vf.up, true);
	const snapshot = reading.snapshot!;
	const failed = {...reading, snapshot: {...snapshot, vfDevice: {...snapshot.vfDevice!, rss: {ok: false, error: {code: 'EOPNOTSUPP', message: 'the VF is down'}}}}};
	t.deepEqual(vfOf(failed as never)['rss'], {error: {code: 'EOPNOTSUPP', message: 'the VF is down'}});
});
