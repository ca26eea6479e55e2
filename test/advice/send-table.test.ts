import test from 'ava';
import {txOnQueueZero} from '../../source/advice/rules/send-table.js';
import {adviceOn, everyCase, scenarioRun} from './helpers.js';

// The model runs a 6.17 kernel without the old send-table bug, so an old
// kernel and TX piled on queue 0 are adjusted by hand on a model reading.
test('tx-on-queue-0: queue 0 carries most TX on a 4.15 kernel (adjusted by hand)', async t => {
	const input = (await scenarioRun('balanced')).input('eth0');
	const info = input.snapshot.info.ok ? input.snapshot.info.value : undefined;
	const snapshot = {...input.snapshot, info: {ok: true as const, value: {...info!, version: '4.15.0-1092-azure'}}};
	const total = input.rates.totals.txPps;
	const queues = input.rates.queues.map(q => ({...q, txPps: q.index === 0 ? total * 0.9 : (total * 0.1) / 7}));
	const advice = txOnQueueZero({...input, snapshot, rates: {...input.rates, queues}});
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'queue 0 sends 90.0% of tx on kernel 4.15: send-table bug');
	t.is(txOnQueueZero({...input, rates: {...input.rates, queues}}), undefined, 'fixed kernels are not blamed');
	t.is(txOnQueueZero({...input, snapshot}), undefined, 'balanced TX is fine on any kernel');
});

test('tx-on-queue-0: silent on every plain scenario', async t => {
	for (const {case: name, result} of await adviceOn(everyCase, txOnQueueZero)) {
		t.is(result, undefined, name);
	}
});
