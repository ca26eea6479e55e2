import test from 'ava';
import {queuesOutsideTable} from '../../source/advice/rules/rss-table.js';
import {adviceOn, everyCase, runScenario} from './helpers.js';

test('queues-outside-table: a user table over 4 of 8 queues starves the rest', async t => {
	const run = await runScenario('balanced', {seconds: 4, actions: [{at: 2, run: (s, now) => s.machine.setRss('eth0', {equal: 4}, now)}]});
	const advice = queuesOutsideTable(run.input('eth0'));
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'RSS table skips queues 4–7: they receive nothing');
	t.regex(advice?.reason ?? '', /points at 4 of 8 queues/);
	t.regex(advice?.reason ?? '', /ethtool -X eth0 default/);
	// The starved queues are indeed idle on the model.
	t.true(run.device('eth0').rates.queues.slice(4).every(q => q.rxPps === 0));
});

test('queues-outside-table: more channels after a user table leaves new queues out', async t => {
	const run = await runScenario('few-channels', {seconds: 4, actions: [
		{at: 1, run: (s, now) => s.machine.setRss('eth0', {equal: 2}, now)},
		{at: 2, run: (s, now) => s.machine.setChannels('eth0', {combined: 4}, now)},
	]});
	const advice = queuesOutsideTable(run.input('eth0'));
	t.truthy(advice);
	t.regex(advice?.title ?? '', /RSS table (skips queues|sends all rx to queue)/);
});

test('queues-outside-table: silent on default tables', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, queuesOutsideTable)) {
		t.is(result, undefined, name);
	}
});
