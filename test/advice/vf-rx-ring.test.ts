import test from 'ava';
import {adviseDevice, allRules, maxTitleLength} from '../../source/advice/index.js';
import {references} from '../../source/advice/references.js';
import {nextVfRx, vfRxRingFull, vfRxRingFullId} from '../../source/advice/rules/vf-rx-ring.js';
import {adviceOn, everyCase} from './helpers.js';
import {manaVf, mlx5Vf, vfDevice, vfQueue, vfRates, withVf} from './vf-fixtures.js';

const noWqe = 'hc_rx_discards_no_wqe';

test('nextVfRx: the next power of two above the ring, within the maximum', t => {
	t.is(nextVfRx(128, 8192), 256);
	t.is(nextVfRx(256, 8192), 512);
	t.is(nextVfRx(1024, 8192), 2048);
	t.is(nextVfRx(1000, 8192), 1024, 'a ring that is no power of two goes to the next one');
	t.is(nextVfRx(4096, 8192), 8192);
	t.is(nextVfRx(8192, 8192), undefined);
	t.is(nextVfRx(128, 8192, 1024), 1024, 'a ring cut below the driver default goes back to it');
	t.is(nextVfRx(1024, 8192, 1024), 2048, 'at the default: the next power of two');
	t.is(nextVfRx(128, 512, 1024), 512, 'never above the maximum');
	t.is(nextVfRx(4096, 4096), undefined, 'ethtool\'s own maximum counts');
	t.is(nextVfRx(3000, 4000), 4000, 'never above the maximum');
});

test('vf-rx-ring-full: mana discards for want of a WQE → back to the driver default ring and the exact command', async t => {
	const device = vfDevice({rx: 256});
	const advice = vfRxRingFull(await withVf(device, vfRates(device, {errors: {[noWqe]: 1200}})));
	t.is(advice?.id, vfRxRingFullId);
	t.is(advice?.severity, 'warn');
	t.is(advice?.title, 'VF enP30832s1 rx ring full: hc_rx_discards_no_wqe +1.20k/s (rx 256)');
	const reason = advice?.reason ?? '';
	t.true(reason.includes('`ethtool -G enP30832s1 rx 1024`'), reason);
	t.regex(reason, /256 descriptors per queue \(mana's default 1024, maximum 8192: include\/net\/mana\/mana\.h\)/);
	t.regex(reason, /drivers\/net\/ethernet\/microsoft\/mana\/mana_ethtool\.c/);
	t.regex(reason, /`ethtool -G eth0 rx` sizes the synthetic receive buffer in 1728-byte sections/);
	t.deepEqual(advice?.suggestion, {kind: 'vf-rings', value: {rx: 1024}}, 'the VF rings dialog (R), not the synthetic one');
	t.true(advice?.source?.includes(references.aksRingExhaustion));
	t.true(advice?.source?.includes(references.manaOverview));
});

test('vf-rx-ring-full: mlx5 rx_out_of_buffer at the default ring → rx 2048', async t => {
	const device = vfDevice({facts: mlx5Vf, maxCombined: 16});
	const advice = vfRxRingFull(await withVf(device, vfRates(device, {errors: {rx_out_of_buffer: 40}})));
	t.is(advice?.title, 'VF enP30832s1 rx ring full: rx_out_of_buffer +40/s (rx 1024)');
	t.true(advice?.reason.includes('`ethtool -G enP30832s1 rx 2048`'));
	t.regex(advice?.reason ?? '', /mlx5_core's default 1024, maximum 8192: drivers\/net\/ethernet\/mellanox\/mlx5\/core\/en\.h/);
	t.true(advice?.source?.includes(references.mlx5Counters));
});

test('vf-rx-ring-full: at the maximum there is no larger ring to suggest', async t => {
	for (const [rx, rxMax] of [[8192, 8192], [4096, 4096]] as const) {
		const device = vfDevice({rx, rxMax});
		// eslint-disable-next-line no-await-in-loop
		const advice = vfRxRingFull(await withVf(device, vfRates(device, {errors: {[noWqe]: 30}})));
		t.false(advice?.reason.includes('ethtool -G enP30832s1 rx'), `rx ${rx}`);
		t.true(advice?.reason.includes(`already at mana's maximum ${rxMax}`), `rx ${rx}`);
		t.is(advice?.suggestion, undefined, `rx ${rx}: nothing to prefill`);
	}
});

test('vf-rx-ring-full: names the queue that drops most when the driver counts per queue', async t => {
	const device = vfDevice({rx: 512});
	const queues = [vfQueue({index: 0, rxPps: 1e5, rxDropsPerSec: 3}), vfQueue({index: 5, rxPps: 2e5, rxDropsPerSec: 900}), vfQueue({index: 7, rxPps: 1e5})];
	const advice = vfRxRingFull(await withVf(device, vfRates(device, {queues, errors: {[noWqe]: 903}})));
	t.regex(advice?.reason ?? '', /Queue 5 drops most \(900\/s\)\./);
	t.true(advice?.reason.includes('rx 1024`'));
});

test('vf-rx-ring-full: silent without the rise, without a VF, on the first reading, and across a VF replaced by servicing', async t => {
	const device = vfDevice({rx: 256});
	const quiet = await withVf(device, vfRates(device, {errors: {[noWqe]: 0.5}}));
	t.is(vfRxRingFull(quiet), undefined, 'below one a second');
	t.is(vfRxRingFull(await withVf(device, vfRates(device, {errors: {rx_out_of_buffer: 500}}))), undefined, 'mlx5\'s counter means nothing on mana');
	t.is(vfRxRingFull(await withVf(undefined)), undefined, 'no VF read');
	t.is(vfRxRingFull(await withVf(device)), undefined, 'no VF rates');
	t.is(vfRxRingFull(await withVf(device, vfRates(device, {errors: {[noWqe]: 500}, replaced: true}))), undefined, 'a new VF: counters restarted');
	t.is(vfRxRingFull(await withVf(device, vfRates(device, {errors: {[noWqe]: 500}, instance: 2}))), undefined, 'rates of another VF instance');
	const firstReading = await withVf(device, vfRates(device, {errors: {[noWqe]: 500}}));
	t.is(vfRxRingFull({...firstReading, rates: {...firstReading.rates, elapsedSeconds: 0}}), undefined, 'no interval yet');
	const unknownDriver = {...device, driver: 'ixgbevf'};
	t.is(vfRxRingFull(await withVf(unknownDriver, vfRates(unknownDriver, {errors: {[noWqe]: 500}}))), undefined, 'a VF driver hvtop does not know');
});

test('vf-rx-ring-full: registered, never on the plain scenarios (no VF read there)', async t => {
	t.true(allRules.some(r => r.id === vfRxRingFullId));
	const device = vfDevice({rx: 256});
	const input = await withVf(device, vfRates(device, {errors: {[noWqe]: 1200}}));
	t.true(adviseDevice(input).some(a => a.id === vfRxRingFullId));
	for (const {case: name, result} of await adviceOn(everyCase, vfRxRingFull)) {
		t.is(result, undefined, name);
	}

	t.is(manaVf.rxNoBufferStat, noWqe);
});

test('VF advice cites public URLs and stays on one short line (rx ring, settings and channels at once)', async t => {
	const device = vfDevice({rx: 256, combined: 4});
	const input = await withVf(device, vfRates(device, {errors: {[noWqe]: 1200}}));
	const advice = adviseDevice(input).filter(a => a.id.startsWith('vf-'));
	t.deepEqual(advice.map(a => a.id).sort(), ['vf-carries-traffic', 'vf-rx-ring-full', 'vf-settings-not-persistent']);
	for (const a of advice) {
		t.regex(a.source ?? '', /https:\/\/(docs\.kernel\.org|learn\.microsoft\.com|github\.com|git\.kernel\.org)\//, a.id);
		t.true(a.title.length <= maxTitleLength, a.title);
	}
});
