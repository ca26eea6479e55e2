import test from 'ava';
import {adviseDevice, allRules, maxTitleLength, severityRank} from '../../source/advice/index.js';
import {everyCase, runScenario, scenarioRun} from './helpers.js';

test('rule ids are unique and every rule says when it fires', t => {
	const ids = allRules.map(r => r.id);
	t.is(new Set(ids).size, ids.length);
	t.true(allRules.every(r => r.when.length > 10));
	t.true(allRules.length >= 15);
});

test('adviseDevice: every scenario, sorted by severity, titles on one short line', async t => {
	for (const [scenario, device] of everyCase) {
		// eslint-disable-next-line no-await-in-loop
		const advice = adviseDevice((await scenarioRun(scenario)).input(device));
		const ranks = advice.map(a => severityRank[a.severity]);
		t.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `${scenario} ${device}`);
		for (const a of advice) {
			t.true(a.title.length <= maxTitleLength, `${a.id}: ${a.title}`);
			t.false(a.title.includes('\n'));
			t.regex(a.reason, /\d/, `${a.id} gives its numbers`);
		}
	}
});

test('adviseDevice: the balanced baseline needs no advice', async t => {
	t.deepEqual(adviseDevice((await scenarioRun('balanced')).input('eth0')), []);
});

test('adviseDevice: few-channels puts the alert first', async t => {
	const advice = adviseDevice((await scenarioRun('few-channels')).input('eth0'));
	t.is(advice[0]?.id, 'few-channels');
	t.true(advice.length > 1);
});

test('adviseDevice: titles stay short with long lists (many channels moved)', async t => {
	const run = await runScenario('large', {seconds: 3, actions: [{at: 1, run(s, now) {
		for (let q = 1; q < 40; q++) {
			s.machine.writeChannelCpu('eth0', q, '0', now);
		}
	}}]});
	const advice = adviseDevice(run.input('eth0', {isolatedCpus: new Set([0])}));
	t.true(advice.some(a => a.id === 'channel-on-unusable-cpu'));
	t.true(advice.some(a => a.id === 'shared-cpu'));
	for (const a of advice) {
		t.true(a.title.length <= maxTitleLength, a.title);
	}
});
