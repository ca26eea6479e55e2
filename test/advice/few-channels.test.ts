import test from 'ava';
import {fewChannels} from '../../source/advice/rules/few-channels.js';
import {cpuRatesOf} from '../../source/advice/facts.js';
import {oneFlow} from '../../source/advice/rules/one-flow.js';
import {isSaturated} from '../../source/stats/saturation.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';

test('few-channels: 2 channels on 16 vCPUs with saturated CPUs', async t => {
	const run = await scenarioRun('few-channels');
	const advice = fewChannels(run.input('eth0'));
	t.truthy(advice);
	t.is(advice?.id, 'few-channels');
	t.regex(advice?.title ?? '', /^channels 2 < 16 vCPUs while queue \d is saturated$/);
	// The model's CPU time says so (measured), not its squeezes.
	t.regex(advice?.reason ?? '', /is saturated \(softirq 100 % \+ system \d+ %\)/);
	t.regex(advice?.reason ?? '', /14 vCPUs serve no channel/);
	t.regex(advice?.reason ?? '', /kernel's default for 16 vCPUs is 16/);
	t.deepEqual(advice?.suggestion, {kind: 'channels', value: 16});
	// The model's CPUs drop packets here: the worst severity.
	t.is(advice?.severity, 'alert');
});

test('few-channels: the measured CPU time decides over squeezes: busy at 80 % softirq + system, the rule stays silent', async t => {
	const run = await scenarioRun('few-channels');
	const input = run.input('eth0');
	const notBusy = {softirq: 0.6, system: 0.2, user: 0, idle: 0.2, irq: 0, steal: 0};
	const cpus = input.rates.cpus.map(cpu => ({...cpu, shares: notBusy}));
	t.true(input.rates.cpus.some(cpu => cpu.squeezesPerSec >= 50), 'the squeezes alone would call it saturated');
	t.is(fewChannels({...input, rates: {...input.rates, cpus}}), undefined);
	// The channels' CPUs at 85 % without a squeeze: measured saturation; the other CPUs have room.
	const busy = cpus.map(cpu => ({...cpu, squeezesPerSec: 0, dropsPerSec: 0, shares: cpu.queues.length > 0 ? {...notBusy, system: 0.25, idle: 0.15} : notBusy}));
	t.regex(fewChannels({...input, rates: {...input.rates, cpus: busy}})?.reason ?? '', /is saturated \(softirq 60 % \+ system 25 %\)/);
});

test('few-channels: silent on every other device', async t => {
	const results = await adviceOn(everyCase.filter(([s, d]) => !(s === 'few-channels' && d === 'eth0')), fewChannels);
	for (const {case: name, result} of results) {
		t.is(result, undefined, name);
	}
});

test('few-channels: silent on the first reading (no interval yet)', async t => {
	const run = await scenarioRun('few-channels');
	const first = run.device('eth0').ticks[0]!;
	t.is(fewChannels({snapshot: run.device('eth0').snapshot, rates: first}), undefined);
});

test('few-channels: silent when one flow saturates the queue (more channels would not help)', async t => {
	const run = await runScenario('elephant', {seconds: 14, actions: [{at: 1, run: (s, now) => s.machine.setChannels('eth0', {combined: 4}, now)}]});
	const input = run.input('eth0');
	t.is(input.snapshot.channels.ok && input.snapshot.channels.value.combined, 4);
	const hot = input.rates.queues.reduce((a, b) => (b.rxPps > a.rxPps ? b : a));
	t.true(isSaturated(cpuRatesOf(input.rates, hot.cpu)), 'the elephant\'s CPU is saturated');
	t.is(fewChannels(input), undefined);
	t.truthy(oneFlow(input), 'the elephant rule explains it instead');
});

test('few-channels: on 64 vCPUs the suggestion is the kernel default, 16', async t => {
	const run = await runScenario('large', {seconds: 6, actions: [{at: 1, run: (s, now) => s.machine.setChannels('eth0', {combined: 8}, now)}]});
	const advice = fewChannels(run.input('eth0'));
	t.regex(advice?.title ?? '', /^channels 8 < 64 vCPUs while queue \d+ is saturated$/);
	t.regex(advice?.reason ?? '', /the kernel's default for 64 vCPUs is 16/);
	t.deepEqual(advice?.suggestion, {kind: 'channels', value: 16});
});
