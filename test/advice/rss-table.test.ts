import test from 'ava';
import {queuesOutsideTable, tableSkew} from '../../source/advice/rules/rss-table.js';
import {maxTitleLength} from '../../source/advice/index.js';
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

test('table-skew: a weight table left by hand (rss-skew) gives queue 0 far more entries; the advice proposes an even spread', async t => {
	const run = await runScenario('rss-skew', {seconds: 4});
	const advice = tableSkew(run.input('eth0'));
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'RSS table skewed: queue 0 has 46 of 128 entries (equal: 16)');
	t.regex(advice?.reason ?? '', /35\.9%; an equal share over 8 queues is 12\.5%\) and carries 3\d\.\d% of received packets/);
	t.deepEqual(advice?.suggestion, {kind: 'rss', value: {equal: 8}});
	t.true((advice?.title.length ?? 99) <= maxTitleLength);
	// The traffic it names is real: queue 0 receives about three times any other queue.
	const queues = run.device('eth0').rates.queues;
	t.true(queues.slice(1).every(q => queues[0]!.rxPps > 2.5 * q.rxPps));
});

test('table-skew: silent once the table is reset, on the driver\'s own tables, and where a queue has no entry (queues-outside-table says that)', async t => {
	const reset = await runScenario('rss-skew', {seconds: 3, actions: [{at: 1, run: (s, now) => s.machine.setRss('eth0', {reset: true}, now)}]});
	t.is(tableSkew(reset.input('eth0')), undefined);
	const starved = await runScenario('balanced', {seconds: 3, actions: [{at: 1, run: (s, now) => s.machine.setRss('eth0', {equal: 4}, now)}]});
	t.is(tableSkew(starved.input('eth0')), undefined);
	// Equal over all queues by hand is even: nothing to say.
	const even = await runScenario('balanced', {seconds: 3, actions: [{at: 1, run: (s, now) => s.machine.setRss('eth0', {equal: 8}, now)}]});
	t.is(tableSkew(even.input('eth0')), undefined);
	for (const {case: name, result} of await adviceOn(everyCase, tableSkew)) {
		t.is(result, undefined, name);
	}
});
