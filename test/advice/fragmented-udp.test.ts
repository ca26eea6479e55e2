// fragmented-udp: IPv4 reassembly failures with UDP traffic while udp4 hashes
// on ports → flow hash sd, on the model's udp-fragments scenario and silent
// elsewhere; after the suggested change the failures stop and so does the advice.
import test from 'ava';
import {adviseDevice, maxTitleLength} from '../../source/advice/index.js';
import {fragmentedUdp, fragmentedUdpId} from '../../source/advice/rules/fragmented-udp.js';
import {references} from '../../source/advice/references.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';

test('udp-fragments: ReasmFails rise while udp4 is sdfn → warn, with the numbers, prefilling udp4 sd', async t => {
	const run = await scenarioRun('udp-fragments');
	const input = run.input('eth0');
	t.is(input.snapshot.flowHash?.ok && input.snapshot.flowHash.value.udp4, 'sdfn');
	const advice = fragmentedUdp(input);
	t.is(advice?.id, fragmentedUdpId);
	t.is(advice?.severity, 'warn');
	t.true((advice?.title.length ?? 99) <= maxTitleLength, advice?.title);
	t.regex(advice?.title ?? '', /^UDP fragments lost: ReasmFails 480\/s while udp4 hashes sdfn$/);
	const reason = advice?.reason ?? '';
	t.regex(reason, /reassembles 18\.0k\/s fragments \(ReasmReqds\) into 5\.52k\/s datagrams \(ReasmOKs\); 480\/s fail/);
	t.regex(reason, /`ethtool -N eth0 rx-flow-hash udp4 sd`/);
	t.deepEqual(advice?.suggestion, {kind: 'flow-hash', value: {flowType: 2, hashFields: 0}}, 'udp4 is index 2 of tcp4 tcp6 udp4 udp6; sd is 0');
	t.true(advice?.source?.includes(references.netvscDoc));
	t.true(adviseDevice(input).some(a => a.id === fragmentedUdpId), 'in the rule list');
});

test('after udp4 sd the failures fall to the residue and the advice goes quiet', async t => {
	const run = await runScenario('udp-fragments', {seconds: 6, actions: [{at: 3, run(source, now) {
		const set = source.machine.setFlowHash('eth0', 'udp4', 'sd', now);
		if (!set.ok) {
			throw new Error(set.error.message);
		}
	}}]});
	const {rates, snapshot} = run.device('eth0');
	t.is(snapshot.flowHash?.ok && snapshot.flowHash.value.udp4, 'sd');
	t.true((rates.snmp?.ip['ReasmFails'] ?? 99) < 5, `ReasmFails ${rates.snmp?.ip['ReasmFails']}/s`);
	t.true((rates.snmp?.ip['ReasmReqds'] ?? 0) > 1000, 'fragments still arrive');
	t.is(fragmentedUdp(run.input('eth0')), undefined, '/proc/net/snmp\'s Ip: is IPv4: udp6 (still sdfn) is not what these counters are about');
});

test('silent on every plain scenario (no fragments), and without the snmp rates', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, fragmentedUdp)) {
		t.is(result, undefined, name);
	}

	const input = (await scenarioRun('udp-fragments')).input('eth0');
	const {snmp: _, ...withoutSnmp} = input.rates;
	t.is(fragmentedUdp({...input, rates: withoutSnmp}), undefined);
	t.is(fragmentedUdp({...input, snapshot: {...input.snapshot, flowHash: undefined}}), undefined, 'a source without the flow hash');
});
