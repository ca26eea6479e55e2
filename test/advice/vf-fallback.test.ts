import test from 'ava';
import type {AdviceInput} from '../../source/advice/index.js';
import {maxTitleLength} from '../../source/advice/index.js';
import {fallbackShare, vfNotCarrying, vfNotCarryingId} from '../../source/advice/rules/vf-fallback.js';
import {vfAbsent, vfCarriesTraffic} from '../../source/advice/rules/vf.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';
import {vfDevice, vfQueue, vfRates} from './vf-fixtures.js';

/** The `vf` scenario's eth0 with the VF path (netvsc's vf_* rates) at `vfPps` packets/s. */
async function vfAt(vfPps: number | undefined): Promise<AdviceInput> {
	const input = (await scenarioRun('vf')).input('eth0');
	const {vf, ...rest} = input.rates;
	const rates = vfPps === undefined ? rest : {...rest, vf: {rxPps: vfPps / 2, rxBps: 0, txPps: vfPps / 2, txBps: 0, dropsPerSec: 0}};
	return {...input, rates};
}

test('vf-not-carrying: the VF is paired but the packets go through the synthetic queues', async t => {
	const input = await vfAt(100);
	const synthetic = input.rates.totals.rxPps + input.rates.totals.txPps;
	t.true(synthetic > 1000, 'the scenario\'s synthetic path is busy enough');
	const advice = vfNotCarrying(input);
	t.is(advice?.id, vfNotCarryingId);
	t.is(advice?.severity, 'warn');
	t.true((advice?.title.length ?? 99) <= maxTitleLength, advice?.title);
	t.regex(advice?.title ?? '', /^VF enP30832s1 carries 2(\.\d)?% of packets: traffic on the synthetic path$/);
	const reason = advice?.reason ?? '';
	t.true(reason.includes('`ip link show enP30832s1`'), reason);
	t.true(reason.includes('`cat /sys/class/net/enP30832s1/carrier`'), reason);
	t.true(reason.includes('netvsc_vf_changed, drivers/net/hyperv/netvsc_drv.c'), reason);
	t.true(reason.includes('Data path switched from VF: enP30832s1'), reason);
	t.true(reason.includes('100 pps through its VF enP30832s1'), reason);
});

test('vf-not-carrying: without netvsc\'s vf_* rates the VF\'s own totals say where traffic goes', async t => {
	const base = await vfAt(undefined);
	t.is(vfNotCarrying(base), undefined, 'nothing tells the VF\'s share');
	const device = vfDevice();
	const carrying = vfRates(device, {queues: [vfQueue({index: 0, rxPps: 1e6})]});
	t.is(vfNotCarrying({...base, snapshot: {...base.snapshot, vfDevice: device}, rates: {...base.rates, vfDevice: carrying}}), undefined);
	const idle = vfRates(device, {queues: [vfQueue({index: 0, rxPps: 0})]});
	t.is(vfNotCarrying({...base, snapshot: {...base.snapshot, vfDevice: device}, rates: {...base.rates, vfDevice: idle}})?.id, vfNotCarryingId);
	const replaced = vfRates(device, {queues: [vfQueue({index: 0, rxPps: 0})], replaced: true});
	t.is(vfNotCarrying({...base, snapshot: {...base.snapshot, vfDevice: device}, rates: {...base.rates, vfDevice: replaced}}), undefined, 'a new VF is being switched to');
});

test('vf-not-carrying: the edge is half the packets', async t => {
	const input = await vfAt(0);
	const synthetic = input.rates.totals.rxPps + input.rates.totals.txPps;
	t.is(vfNotCarrying(await vfAt(synthetic)), undefined, 'exactly half on the VF');
	t.is(vfNotCarrying(await vfAt(synthetic * 0.99))?.id, vfNotCarryingId);
	t.is(fallbackShare, 0.5);
});

test('vf-not-carrying: silent with a quiet synthetic path, without a VF, and on the first reading', async t => {
	const input = await vfAt(0);
	t.is(vfNotCarrying({...input, rates: {...input.rates, totals: {rxPps: 400, rxBps: 0, txPps: 400, txBps: 0}}}), undefined, 'below 1000 pps');
	const {vf: _, ...noVf} = input.snapshot;
	t.is(vfNotCarrying({...input, snapshot: noVf}), undefined, 'no VF paired: vf-absent\'s case');
	t.is(vfNotCarrying({...input, rates: {...input.rates, elapsedSeconds: 0}}), undefined);
});

test('vf-not-carrying: silent on every plain scenario (the VF carries the traffic there)', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, vfNotCarrying)) {
		t.is(result, undefined, name);
	}
});

test('vf-absent: says what to check once the VF is gone, and vf-not-carrying leaves it to vf-absent', async t => {
	const run = await runScenario('vf', {seconds: 6, actions: [{at: 3, run: (s, now) => s.machine.setVfPresent('eth0', false, now)}]});
	const input = run.input('eth0');
	t.regex(vfAbsent(input)?.reason ?? '', /`ip link show master eth0` lists the VF once it is back \(dmesg: "VF registering", drivers\/net\/hyperv\/netvsc_drv\.c\)/);
	t.is(vfNotCarrying(input), undefined);
	t.is(vfCarriesTraffic(input), undefined);
});
