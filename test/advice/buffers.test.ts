import test from 'ava';
import {rxCompletionsBusy, smallRxBuffer} from '../../source/advice/rules/rx-buffers.js';
import {nextTxSections, txQueueStops, txSendFull} from '../../source/advice/rules/tx-buffers.js';
import {adviceOn, everyCase, runScenario, scenarioRun} from './helpers.js';

test('small-rx-buffer: rings cut to rx 64 with rx_comp_busy rising', async t => {
	const advice = smallRxBuffer((await scenarioRun('small-rings')).input('eth0'));
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'rx buffer 64 sections (108.0 KiB) < default 9709, errors rising');
	t.regex(advice?.reason ?? '', /rx_comp_busy \+\d/);
	t.deepEqual(advice?.suggestion, {kind: 'rings', value: {rx: 9709}});
});

test('small-rx-buffer: the "rx 1024" of the Azure guide, quiet, is information', async t => {
	const run = await runScenario('balanced', {seconds: 4, actions: [{at: 1, run: (s, now) => s.machine.setRings('eth0', {rx: 1024}, now)}]});
	const advice = smallRxBuffer(run.input('eth0'));
	t.truthy(advice);
	t.regex(advice?.title ?? '', /^rx buffer 1024 sections \(1\.7 MiB\) < default 9709/);
	t.regex(advice?.reason ?? '', /sections, not packets/);
});

test('small-rx-buffer: silent at the default buffer', async t => {
	for (const {case: name, result} of await adviceOn(everyCase.filter(([s, d]) => !(s === 'small-rings' && d === 'eth0')), smallRxBuffer)) {
		t.is(result, undefined, name);
	}
});

test('rx-completions-busy: rx_no_memory rises on overloaded CPUs', async t => {
	const advice = rxCompletionsBusy((await scenarioRun('few-channels')).input('eth0'));
	t.is(advice?.severity, 'warn');
	t.regex(advice?.title ?? '', /^receive path backing up: rx_no_memory \+\d/);
});

test('rx-completions-busy: silent where small-rx-buffer explains rx_comp_busy, and on calm devices', async t => {
	const results = await adviceOn(everyCase.filter(([s, d]) => !(s === 'few-channels' && d === 'eth0')), rxCompletionsBusy);
	for (const {case: name, result} of results) {
		t.is(result, undefined, name);
	}
});

test('tx-send-full: tx cut to 16 sections, send buffer full most of the time', async t => {
	const advice = txSendFull((await scenarioRun('small-rings')).input('eth0'));
	t.is(advice?.severity, 'warn');
	t.regex(advice?.title ?? '', /^send buffer full \d+(\.\d+)?k\/s with tx 16 sections \(96\.0 KiB\)$/);
	t.deepEqual(advice?.suggestion, {kind: 'rings', value: {tx: 170}});
});

test('tx-send-full: at the default tx it is only information (low confidence)', async t => {
	const advice = txSendFull((await scenarioRun('large')).input('eth0'));
	t.is(advice?.severity, 'info');
	t.deepEqual(advice?.suggestion, {kind: 'rings', value: {tx: 340}});
});

test('tx-send-full: silent on calm devices', async t => {
	for (const {case: name, result} of await adviceOn([['balanced', 'eth0'], ['balanced', 'eth1'], ['vf', 'eth0'], ['elephant', 'eth1']], txSendFull)) {
		t.is(result, undefined, name);
	}
});

test('nextTxSections: default first, then doubling, never above the maximum', t => {
	t.is(nextTxSections(16, 2560), 170);
	t.is(nextTxSections(170, 2560), 340);
	t.is(nextTxSections(2000, 2560), 2560);
	t.is(nextTxSections(2560, 2560), undefined);
});

// No model scenario drives one channel past the host's drain rate without
// saturating its CPU first (which throttles TX before the ring fills), so the
// counter rates are adjusted by hand on a model reading.
test('tx-queue-stops: stop_queue rising (rates adjusted by hand)', async t => {
	const input = (await scenarioRun('few-channels')).input('eth0');
	const errors = input.rates.errors.map(e => (e.name === 'stop_queue' ? {...e, rate: 900, rising: true} : (e.name === 'tx_busy' ? {...e, rate: 90, rising: true} : e)));
	const advice = txQueueStops({...input, rates: {...input.rates, errors}});
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'TX queues stop 900/s: the host drains them too slowly');
	t.regex(advice?.reason ?? '', /2 of 16 are in use/);
	t.deepEqual(advice?.suggestion, {kind: 'channels', value: 16});
});

test('tx-queue-stops: silent on every plain scenario', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, txQueueStops)) {
		t.is(result, undefined, name);
	}
});
