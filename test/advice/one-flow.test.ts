import test from 'ava';
import {oneFlow} from '../../source/advice/rules/one-flow.js';
import {adviceOn, everyCase, scenarioRun} from './helpers.js';

test('one-flow-dominates: the elephant pins one queue of an even table', async t => {
	const run = await scenarioRun('elephant');
	const advice = oneFlow(run.input('eth0'));
	t.is(advice?.id, 'one-flow-dominates');
	t.regex(advice?.title ?? '', /^one flow dominates queue \d+ \(\d+(\.\d)?% of rx\): more channels won't help$/);
	t.regex(advice?.reason ?? '', /12\.5% of its entries/);
	// Its CPU saturates in the model, which raises it to a warning; no tuning would fix it.
	t.is(advice?.severity, 'warn');
	t.is(advice?.suggestion, undefined);
});

test('one-flow-dominates: silent where traffic follows the table', async t => {
	for (const {case: name, result} of await adviceOn(everyCase.filter(([s, d]) => !(s === 'elephant' && d === 'eth0')), oneFlow)) {
		t.is(result, undefined, name);
	}
});

test('one-flow-dominates: needs the hot queue to be hot for most of the last 10 s', async t => {
	const run = await scenarioRun('elephant');
	const {snapshot, rates} = run.device('eth0');
	// A history of the balanced scenario's eth0 (same queue count, even spread) contradicts this one moment.
	const calm = (await scenarioRun('balanced')).device('eth0').history;
	t.is(oneFlow({snapshot, rates, history: calm}), undefined);
	t.truthy(oneFlow({snapshot, rates}));
});
