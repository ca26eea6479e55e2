// The flow hash on the RSS view's table line: on screen (the dashboard's
// lines), in few words, and not in --once text (its goldens predate it).
import test from 'ava';
import {flowHashText, rssView} from '../../source/views/rss.js';
import {failWith} from '../../source/errors.js';
import {scenarioRun} from '../advice/helpers.js';

test('flowHashText: v4 and v6 alike in few words, each type when they differ, nothing when not read or not supported', async t => {
	const {snapshot} = (await scenarioRun('balanced')).device('eth0');
	t.is(flowHashText(snapshot), 'tcp sdfn udp sdfn');
	t.is(flowHashText({...snapshot, flowHash: {ok: true, value: {tcp4: 'sdfn', tcp6: 'sdfn', udp4: 'sd', udp6: 'sdfn'}}}), 'tcp4 sdfn tcp6 sdfn udp4 sd udp6 sdfn');
	t.is(flowHashText({...snapshot, flowHash: {ok: true, value: {tcp4: 'sd', tcp6: 'sd', udp4: '', udp6: ''}}}), 'tcp sd udp none');
	t.is(flowHashText({...snapshot, flowHash: failWith('EOPNOTSUPP')}), undefined);
	const {flowHash: _, ...unread} = snapshot;
	t.is(flowHashText(unread), undefined);
});

test('the dashboard\'s RSS lines show it after the table line; --once text does not', async t => {
	const {reading} = (await scenarioRun('balanced')).device('eth0');
	const options = {columns: 100, maxLines: 30, ascii: false, units: 'bits', history: undefined} as never;
	const screen = rssView.lines({reading} as never, options).map(line => line.text);
	t.regex(screen[1]!, /^table 128 entries → 8 of 8 queues, default \(i % 8\) {2}fields tcp sdfn udp sdfn$/);
	const once = rssView.text!({reading} as never, options);
	t.regex(once[1]!, /^table 128 entries → 8 of 8 queues, default \(i % 8\)$/);
});
