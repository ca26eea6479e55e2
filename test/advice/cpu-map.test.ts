import test from 'ava';
import {channelOnUnusableCpu, sharedCpu} from '../../source/advice/rules/cpu-map.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';

test('channel-on-unusable-cpu: a channel on an isolated CPU', async t => {
	const run = await scenarioRun('balanced');
	const cpu = run.device('eth0').snapshot.channelCpu[3]!;
	const advice = channelOnUnusableCpu(run.input('eth0', {isolatedCpus: new Set([cpu])}));
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, `queue 3 bound to isolated CPU ${cpu}`);
	t.regex(advice?.reason ?? '', /\/sys\/class\/net\/eth0\/device\/channels\/<relid>\/cpu/);
});

test('channel-on-unusable-cpu: channels on offline CPUs are an alert', async t => {
	const run = await scenarioRun('balanced');
	const map = run.device('eth0').snapshot.channelCpu;
	const advice = channelOnUnusableCpu(run.input('eth0', {offlineCpus: new Set([map[1]!, map[2]!])}));
	t.is(advice?.severity, 'alert');
	t.is(advice?.title, `queues 1 and 2 bound to offline CPUs ${[map[1]!, map[2]!].sort((a, b) => a - b).join(' and ')}`);
});

test('channel-on-unusable-cpu: silent when isolated CPUs serve no channel, and on every plain scenario', async t => {
	const run = await scenarioRun('few-channels');
	const map = run.device('eth0').snapshot.channelCpu;
	const spare = [...Array.from({length: 16}).keys()].filter(cpu => !map.includes(cpu));
	t.is(channelOnUnusableCpu(run.input('eth0', {isolatedCpus: new Set(spare), offlineCpus: new Set([spare[0]!])})), undefined);
	for (const {case: name, result} of await adviceOn(everyCase, channelOnUnusableCpu)) {
		t.is(result, undefined, name);
	}
});

test('shared-cpu: two channels moved onto one CPU while another serves none', async t => {
	const run = await runScenario('balanced', {seconds: 4, actions: [{at: 2, run(s, now) {
		const map = s.machine.device('eth0');
		const target = map.ok ? map.value.channelCpu()[0]! : 0;
		s.machine.writeChannelCpu('eth0', 1, String(target), now);
	}}]});
	const {snapshot} = run.device('eth0');
	const advice = sharedCpu(run.input('eth0'));
	t.is(advice?.severity, 'info');
	t.is(advice?.title, `queues 0 and 1 share CPU ${snapshot.channelCpu[0]!} while 1 CPU serves none`);
	// Queue 1 to the CPU that serves none: the m dialog, prefilled.
	const idle = Array.from({length: snapshot.vcpus}, (_, cpu) => cpu).find(cpu => !snapshot.channelCpu.includes(cpu));
	t.deepEqual(advice?.suggestion, {kind: 'channel-cpu', value: {channel: 1, cpu: idle!}});
	t.regex(advice?.reason ?? '', /`m` here or `hvtop set channel-cpu eth0 QUEUE CPU`/);
});

test('shared-cpu: silent when every channel has its own CPU', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, sharedCpu)) {
		t.is(result, undefined, name);
	}
});
