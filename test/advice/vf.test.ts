import test from 'ava';
import {vfAbsent, vfCarriesTraffic, vfTxDropped} from '../../source/advice/rules/vf.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';

const withVf = new Set(['balanced eth1', 'elephant eth1', 'few-channels eth1', 'small-rings eth1', 'vf eth0', 'large eth1']);

test('vf-carries-traffic: on every device with a VF, and only there', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, vfCarriesTraffic)) {
		if (withVf.has(name)) {
			t.is(result?.severity, 'info', name);
			t.regex(result?.title ?? '', /^VF enP30832s1 carries \d+(\.\d)?% of packets: idle queues are expected$/, name);
			t.regex(result?.reason ?? '', /hvtop set vf-channels enP30832s1/, name);
		} else {
			t.is(result, undefined, name);
		}
	}
});

test('vf-absent: the VF goes away (host servicing) and traffic falls back', async t => {
	const run = await runScenario('vf', {seconds: 6, actions: [{at: 3, run: (s, now) => s.machine.setVfPresent('eth0', false, now)}]});
	const input = run.input('eth0');
	t.is(input.snapshot.vf, undefined);
	const advice = vfAbsent(input);
	t.is(advice?.severity, 'warn');
	t.regex(advice?.reason ?? '', /carried by Accelerated Networking/);
	t.is(vfCarriesTraffic(input), undefined, 'the synthetic path carries the traffic now');
});

test('vf-absent: silent while the VF is there, and on devices that never had one', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, vfAbsent)) {
		t.is(result, undefined, name);
	}
});

test('vf-tx-dropped: rising vf_tx_dropped (the model never drops: rates adjusted by hand)', async t => {
	const run = await scenarioRun('vf');
	const input = run.input('eth0');
	t.is(vfTxDropped(input), undefined);
	const advice = vfTxDropped({...input, rates: {...input.rates, vf: {...input.rates.vf!, dropsPerSec: 250}}});
	t.is(advice?.title, 'VF drops 250 packets/s on transmit');
	t.regex(advice?.reason ?? '', /ethtool -S enP30832s1/);
});

test('vf-tx-dropped: silent on every plain scenario', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, vfTxDropped)) {
		t.is(result, undefined, name);
	}
});
