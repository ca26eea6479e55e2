import test from 'ava';
import type {AdviceInput} from '../../source/advice/index.js';
import {smallRxBuffer} from '../../source/advice/rules/rx-buffers.js';
import {txSendFull} from '../../source/advice/rules/tx-buffers.js';
import {genericGuideRx, genericRxShrink, syntheticRingNote} from '../../source/advice/vf-facts.js';
import {defaultRxSections} from '../../source/drivers/hv-netvsc.js';
import {scenarioRun} from './helpers.js';
import {vfDevice, vfName} from './vf-fixtures.js';

/** small-rings eth0 (rx 64, tx 16 sections: both ring rules fire), without a VF, with one named, or with one read. */
async function smallRings(vf: 'none' | 'named' | 'read'): Promise<AdviceInput> {
	const input = (await scenarioRun('small-rings')).input('eth0');
	const snapshot = vf === 'none' ? input.snapshot
		: vf === 'named' ? {...input.snapshot, vf: vfName}
			: {...input.snapshot, vf: vfName, vfDevice: vfDevice({rx: 2048})};
	return {...input, snapshot};
}

test('the factor: netvsc\'s default receive buffer over the generic rx 1024', t => {
	t.is(genericGuideRx, 1024);
	t.is(defaultRxSections, 9709);
	t.is(genericRxShrink.toFixed(1), '9.5');
	t.true(Math.abs(genericRxShrink - (9709 / 1024)) < 1e-12);
});

test('small-rx-buffer: without a VF the text is as before (the goldens hold it)', async t => {
	const reason = smallRxBuffer(await smallRings('none'))?.reason ?? '';
	t.true(reason.length > 0);
	t.false(reason.includes('VF'), reason);
	t.is(syntheticRingNote((await smallRings('none')).snapshot, 'rx'), '');
});

test('small-rx-buffer: with a VF named, it says which ring and what rx 1024 does to each', async t => {
	const reason = smallRxBuffer(await smallRings('named'))?.reason ?? '';
	t.true(reason.includes('This is the synthetic receive buffer of eth0, in sections; its VF enP30832s1 has its own rx ring, counted in descriptors, sized with `ethtool -G enP30832s1 rx N`.'), reason);
	t.regex(reason, /A generic `ethtool -G <dev> rx 1024` means 1024 descriptors on enP30832s1 but 1024 sections of 1728 B \(1\.\d+ MiB\) on eth0: 9\.5× smaller than its default 9709 \(drivers\/net\/hyperv\/hyperv_net\.h\)\.$/);
});

test('small-rx-buffer: with the VF read, the VF\'s own ring and driver too', async t => {
	const reason = smallRxBuffer(await smallRings('read'))?.reason ?? '';
	t.true(reason.includes('its VF enP30832s1 (mana) has its own rx ring, counted in descriptors, now 2048, sized with `ethtool -G enP30832s1 rx N`.'), reason);
	t.true(smallRxBuffer(await smallRings('read'))?.suggestion?.kind === 'rings', 'the synthetic suggestion stays: it is about this buffer');
});

test('tx-send-full: the send buffer is not the VF\'s tx ring', async t => {
	t.false((txSendFull(await smallRings('none'))?.reason ?? 'VF').includes('VF'));
	const reason = txSendFull(await smallRings('read'))?.reason ?? '';
	t.true(reason.endsWith('This is the synthetic send buffer of eth0, in sections; its VF enP30832s1 (mana) has its own tx ring, counted in descriptors, now 256, sized with `ethtool -G enP30832s1 tx N`.'), reason);
	t.false(reason.includes('rx 1024'), 'the rx confusion is the receive side\'s');
});
