import test from 'ava';
import {maxBelowVcpus, noVrss} from '../../source/advice/rules/host-limits.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';

test('no-vrss: the host refuses sub-channels, leaving one channel at most', async t => {
	const run = await runScenario('balanced', {seconds: 3, actions: [{at: 1, run(s, now) {
		s.injectFault('eth0', {kind: 'refuse-subchannels'});
		s.machine.setChannels('eth0', {combined: 4}, now);
	}}]});
	const advice = noVrss(run.input('eth0'));
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'no vRSS: one channel at most, for 8 vCPUs');
});

test('no-vrss: silent on every plain scenario', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, noVrss)) {
		t.is(result, undefined, name);
	}
});

// No scenario has a host with fewer RSS queues than vCPUs or CPUs offline at
// probe, so the channel limits are adjusted by hand on a model snapshot.
test('max-below-vcpus: every allowed channel in use, maximum below the vCPUs (adjusted by hand)', async t => {
	const input = (await scenarioRun('few-channels')).input('eth1');
	const channels = {ok: true as const, value: {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: 8, rx: 0, tx: 0, other: 0, combined: 8}};
	const advice = maxBelowVcpus({...input, snapshot: {...input.snapshot, channels}});
	t.is(advice?.severity, 'info');
	t.is(advice?.title, 'all 8 channels in use; max is below 16 vCPUs');
	t.is(maxBelowVcpus({...input, snapshot: {...input.snapshot, channels: {ok: true, value: {...channels.value, combined: 4}}}}), undefined, 'channels can still be raised');
});

test('max-below-vcpus: silent on every plain scenario', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, maxBelowVcpus)) {
		t.is(result, undefined, name);
	}
});
