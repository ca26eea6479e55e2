import test from 'ava';
import {maxTitleLength} from '../../source/advice/index.js';
import {references} from '../../source/advice/references.js';
import {vfChangedSettings, vfSettingsNotPersistent, vfSettingsNotPersistentId} from '../../source/advice/rules/vf-settings.js';
import {adviceOn, everyCase} from './helpers.js';
import {manaVf, mlx5Vf, vfDevice, vfRates, withVf} from './vf-fixtures.js';

test('vfChangedSettings: each setting against the driver default, channels bounded by what the VF offers', t => {
	t.deepEqual(vfChangedSettings(vfDevice(), manaVf, 16), []);
	t.deepEqual(vfChangedSettings(vfDevice({maxCombined: 8, combined: 8}), manaVf, 8), [], 'mana on 8 vCPUs probes with 8');
	t.deepEqual(vfChangedSettings(vfDevice({maxCombined: 8, combined: 4}), manaVf, 8), [{name: 'combined', value: 4, driverDefault: 8, linkKey: 'CombinedChannels'}]);
	t.deepEqual(vfChangedSettings(vfDevice({rx: 4096, tx: 1024, coalesce: {rxCqeFrames: 4}}), manaVf, 16), [
		{name: 'rx', value: 4096, driverDefault: 1024, linkKey: 'RxBufferSize'},
		{name: 'tx', value: 1024, driverDefault: 256, linkKey: 'TxBufferSize'},
		{name: 'rx-cqe-frames', value: 4, driverDefault: 1},
	]);
	t.deepEqual(vfChangedSettings(vfDevice({facts: mlx5Vf, maxCombined: 32}), mlx5Vf, 32), [], 'mlx5: min(64, 32) channels, 1024/1024 rings');
	t.deepEqual(vfChangedSettings(vfDevice({facts: mlx5Vf, maxCombined: 32, tx: 256}), mlx5Vf, 32), [{name: 'tx', value: 256, driverDefault: 1024, linkKey: 'TxBufferSize'}]);
	const unread = {...vfDevice({rx: 4096}), rings: {ok: false as const, error: {code: 'EOPNOTSUPP', errno: 95, message: 'no'}}};
	t.deepEqual(vfChangedSettings(unread, manaVf, 16), [], 'a ring that could not be read is not a change');
});

test('vf-settings-not-persistent: one changed ring, with the .link key and the kernel file of the default', async t => {
	const device = vfDevice({rx: 4096});
	const advice = vfSettingsNotPersistent(await withVf(device, vfRates(device)));
	t.is(advice?.id, vfSettingsNotPersistentId);
	t.is(advice?.severity, 'info');
	t.is(advice?.title, 'VF enP30832s1 rx 4096 ≠ default 1024: lost at host servicing');
	const reason = advice?.reason ?? '';
	t.true(reason.startsWith('enP30832s1 runs with rx 4096 (default 1024); mana\'s defaults are in include/net/mana/mana.h.'), reason);
	t.true(reason.includes('`hvtop persist eth0` (or p after a kept change) writes what makes it last'), reason);
	t.false(reason.includes('cannot make'), reason);
	t.true(reason.includes('a systemd .link file matching Driver=mana with RxBufferSize=4096 (systemd.link(5))'), reason);
	t.false(reason.includes('udev rule'), 'a .link key exists for it');
	t.true(advice?.source?.includes(references.optimizeBandwidth));
	t.true(advice?.source?.includes(references.systemdLink));
	t.is(advice?.suggestion, undefined);
});

test('vf-settings-not-persistent: channels, rings and CQE coalescing; a udev rule for what .link cannot say', async t => {
	const device = vfDevice({combined: 8, rx: 4096, coalesce: {rxCqeFrames: 4}});
	const advice = vfSettingsNotPersistent(await withVf(device));
	t.true((advice?.title.length ?? 99) <= maxTitleLength, advice?.title);
	t.is(advice?.title, 'VF enP30832s1 settings ≠ mana defaults: lost at host servicing', 'the list does not fit on the line');
	const two = vfSettingsNotPersistent(await withVf(vfDevice({rx: 4096, tx: 512})));
	t.is(two?.title, 'VF enP30832s1 rx, tx ≠ defaults: lost at host servicing');
	const reason = advice?.reason ?? '';
	t.true(reason.includes('runs with combined 8 (default 16), rx 4096 (default 1024), rx-cqe-frames 4 (default 1)'), reason);
	t.true(reason.includes('CombinedChannels=8 RxBufferSize=4096'), reason);
	t.true(reason.includes('or a udev rule on ACTION=="add" for ENV{ID_NET_DRIVER}=="mana" that runs ethtool (rx-cqe-frames has no .link key)'), reason);
	t.true(reason.includes('these settings are lost then'), reason);
});

test('vf-settings-not-persistent: a VF table set by hand is a setting the next VF loses; an equal table is not', async t => {
	const withTable = (table: number[], configured?: boolean) => ({...vfDevice(), rss: {ok: true as const, value: {table, key: '', hfunc: 'toeplitz', ...(configured === undefined ? {} : {configured})}}});
	const equal = Array.from({length: 64}, (_, i) => i % 16);
	t.deepEqual(vfChangedSettings(withTable(equal), manaVf, 16), []);
	const four = Array.from({length: 64}, (_, i) => i % 4);
	t.deepEqual(vfChangedSettings(withTable(four), manaVf, 16), [{name: 'table', value: 'custom', driverDefault: 'equal over 16'}]);
	t.deepEqual(vfChangedSettings(withTable(equal, true), manaVf, 16).map(s => s.name), ['table'], 'set by hand to look equal is still set by hand');
	const advice = vfSettingsNotPersistent(await withVf(withTable(four)));
	t.is(advice?.title, 'VF enP30832s1 RSS table set by hand: lost at host servicing');
	t.true(advice?.reason.includes('a udev rule on ACTION=="add" for ENV{ID_NET_DRIVER}=="mana" that runs ethtool (table has no .link key)'), advice?.reason);
});

test('vf-settings-not-persistent: silent at the defaults, without a VF read, for an unknown VF driver, and on the plain scenarios', async t => {
	t.is(vfSettingsNotPersistent(await withVf(vfDevice())), undefined);
	t.is(vfSettingsNotPersistent(await withVf(vfDevice({facts: mlx5Vf, maxCombined: 16}))), undefined);
	t.is(vfSettingsNotPersistent(await withVf(undefined)), undefined);
	t.is(vfSettingsNotPersistent(await withVf({...vfDevice({rx: 4096}), driver: 'ixgbevf'})), undefined);
	for (const {case: name, result} of await adviceOn(everyCase, vfSettingsNotPersistent)) {
		t.is(result, undefined, name);
	}
});
