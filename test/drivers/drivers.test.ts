import test from 'ava';
import {driverFacts, hvNetvsc, isNetvsc} from '../../source/drivers/index.js';
import {defaultRxSections, defaultTxSections, globalStatNames, vrssChannelMax} from '../../source/drivers/hv-netvsc.js';
import {statNames} from '../../source/netvsc/stats.js';
import {defaultRxSections as modelRx, defaultTxSections as modelTx} from '../../source/netvsc/rings.js';
import {vrssChannelMax as modelMax} from '../../source/netvsc/channels.js';

test('hv_netvsc by name; any other driver gets the facts that assume nothing', t => {
	t.is(driverFacts('hv_netvsc'), hvNetvsc);
	t.like(hvNetvsc, {ringUnit: 'sections', vmbus: true, recreatesQueues: true});
	t.deepEqual(driverFacts('veth'), {name: 'veth', ringUnit: 'descriptors', errorStatNames: [], vmbus: false, recreatesQueues: false});
	t.is(driverFacts(undefined).ringUnit, 'descriptors');
	t.true(isNetvsc('hv_netvsc'));
	t.false(isNetvsc('mana'));
});

test('the model reads the same constants and -S names as the live source and advice', t => {
	t.is(defaultRxSections, 9709);
	t.is(defaultTxSections, 170);
	t.is(modelRx, defaultRxSections);
	t.is(modelTx, defaultTxSections);
	t.is(modelMax, vrssChannelMax);
	t.deepEqual(statNames(1, [0]).slice(0, globalStatNames.length), [...globalStatNames]);
	t.deepEqual(hvNetvsc.errorStatNames, globalStatNames);
});
