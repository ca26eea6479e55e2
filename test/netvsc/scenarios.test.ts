import test from 'ava';
import {createMachine, findScenario, listScenarios, scenarioDescriptions, scenarioNames} from '../../source/netvsc/index.js';
import {device, failsWith, value} from './helpers.js';

test('the scenario list has the twelve named worlds with one-line descriptions', t => {
	t.deepEqual(scenarioNames(), ['balanced', 'elephant', 'few-channels', 'small-rings', 'vf', 'large', 'mana', 'mlx5', 'servicing', 'vf-rx-drops', 'rss-skew', 'udp-fragments']);
	const descriptions = scenarioDescriptions();
	for (const {name, description} of listScenarios()) {
		t.is(descriptions[name], description);
		t.false(description.includes('\n'));
		t.true(description.length > 10);
	}
});

test('every scenario has at least two devices and one with a VF', t => {
	for (const name of scenarioNames()) {
		const {spec} = value(findScenario(name));
		t.true(spec.devices.length >= 2, name);
		t.true(spec.devices.some(d => d.vf !== undefined), name);
		const machine = createMachine(spec, {seed: 1});
		t.true(machine.devices().some(d => device(machine, d).vfName !== undefined), name);
	}
});

test('balanced is the §13 baseline', t => {
	const {spec} = value(findScenario('balanced'));
	t.is(spec.vcpus, 8);
	t.is(spec.cores, 4);
	t.is(spec.host.numRecvQueues, 16);
	t.is(spec.host.nvspVersion, 0x6_00_01);
	t.is(spec.devices[0]!.vf, undefined);
	t.is(spec.devices[0]!.name, 'eth0');
});

test('few-channels and small-rings configure eth0 at boot', t => {
	const few = createMachine(value(findScenario('few-channels')).spec, {seed: 1});
	t.deepEqual([value(device(few).channels()).combined, value(device(few).channels()).maxCombined], [2, 16]);
	const small = createMachine(value(findScenario('small-rings')).spec, {seed: 1});
	t.deepEqual([value(device(small).rings()).rx, value(device(small).rings()).tx], [64, 16]);
});

test('an unknown scenario is an error listing the valid names', t => {
	failsWith(t, findScenario('nope'), 'EINVAL', 'unknown scenario "nope"; valid scenarios: balanced, elephant, few-channels, small-rings, vf, large, mana, mlx5, servicing, vf-rx-drops, rss-skew, udp-fragments');
});

test('Azure-style GUIDs derive from the MAC', t => {
	const {spec} = value(findScenario('balanced'));
	t.is(spec.devices[0]!.mac, '00:0d:3a:6e:2b:41');
	t.is(spec.devices[0]!.guid, '000d3a6e-2b41-000d-3a6e-2b41000d3a6e');
});
