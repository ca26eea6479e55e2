import test from 'ava';
import {countersRestarted} from '../../source/advice/rules/counters-restarted.js';
import {adviceOn, everyCase, runScenario} from './helpers.js';

test('counters-restarted: right after a channel change, then quiet again', async t => {
	const run = await runScenario('balanced', {seconds: 4, actions: [{at: 2, run: (s, now) => s.machine.setChannels('eth0', {combined: 4}, now)}]});
	const {snapshot, ticks} = run.device('eth0');
	const restarted = ticks.map(rates => countersRestarted({snapshot, rates}));
	t.is(restarted[2]?.id, 'counters-restarted');
	t.is(restarted[2]?.severity, 'info');
	t.is(restarted[3], undefined);
	t.is(restarted[1], undefined);
});

test('counters-restarted: silent on every plain scenario', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, countersRestarted)) {
		t.is(result, undefined, name);
	}
});
