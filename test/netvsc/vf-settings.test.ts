import test from 'ava';
import fc from 'fast-check';
import {manaVf, mlx5Vf} from '../../source/drivers/index.js';
import {defaultVfSettings, setVfChannels, setVfCoalesce, setVfRings, setVfRxfh, type VfSettings} from '../../source/netvsc/vf/index.js';
import type {Result} from '../../source/types.js';
import {host} from './vf-helpers.js';
import {value} from './helpers.js';

const up = {rdmaHoldsPort: false, portUp: true};
const manaDefaults = (vcpus = 16, entries?: number): VfSettings => defaultVfSettings(manaVf, host(vcpus, entries));
const mlx5Defaults = (vcpus = 16): VfSettings => defaultVfSettings(mlx5Vf, host(vcpus));

function errorOf<T>(result: Result<T>): string {
	if (result.ok) {
		throw new Error('expected a failure');
	}

	return result.error.code;
}

test('MANA defaults: 16 queues bounded by vCPUs and 64, rings 1024/256, coalescing off, round-robin table', t => {
	t.like(manaDefaults(16), {maxChannels: 16, channels: 16, rxRing: 1024, txRing: 256, rxCqeFrames: 1, hfunc: 'toeplitz', tableConfigured: false});
	t.like(manaDefaults(4), {maxChannels: 4, channels: 4});
	t.like(manaDefaults(96), {maxChannels: 64, channels: 16});
	const settings = manaDefaults(16, 256);
	t.is(settings.table.length, 256);
	t.deepEqual(settings.table.slice(0, 18), [...Array.from({length: 16}, (_, i) => i), 0, 1]);
	t.is(manaDefaults(16).table.length, 64);
	t.is(settings.key.length, 40);
});

test('mlx5 defaults: every vCPU up to 64 channels, rings 1024/1024, no CQE coalescing, table ≥ 256', t => {
	t.like(mlx5Defaults(16), {maxChannels: 16, channels: 16, rxRing: 1024, txRing: 1024, rxCqeFrames: 0});
	t.like(mlx5Defaults(96), {maxChannels: 96, channels: 64});
	t.like(mlx5Defaults(200), {maxChannels: 128, channels: 64});
	t.is(mlx5Defaults(16).table.length, 256);
	t.is(mlx5Defaults(96).table.length, 1024);
});

test('channels: combined only, 1…max, -EINVAL otherwise; no change is the same settings', t => {
	const current = manaDefaults(16);
	t.is(value(setVfChannels(manaVf, current, {combined: 8}, up)).channels, 8);
	t.is(value(setVfChannels(manaVf, current, {combined: 16}, up)), current);
	t.is(errorOf(setVfChannels(manaVf, current, {combined: 17}, up)), 'EINVAL');
	t.is(errorOf(setVfChannels(manaVf, current, {combined: 0}, up)), 'EINVAL');
	t.is(errorOf(setVfChannels(manaVf, current, {rx: 1}, up)), 'EINVAL');
	t.is(errorOf(setVfChannels(mlx5Vf, mlx5Defaults(8), {combined: 9}, up)), 'EINVAL');
});

test('MANA channels: -EBUSY while RDMA holds the vport and the port is down; mlx5 never', t => {
	const held = {rdmaHoldsPort: true, portUp: false};
	t.is(errorOf(setVfChannels(manaVf, manaDefaults(), {combined: 8}, held)), 'EBUSY');
	t.is(value(setVfChannels(manaVf, manaDefaults(), {combined: 8}, {rdmaHoldsPort: true, portUp: true})).channels, 8);
	// Out of range is the core's -EINVAL, before the driver is asked.
	t.is(errorOf(setVfChannels(manaVf, manaDefaults(), {combined: 99}, held)), 'EINVAL');
	t.is(value(setVfChannels(mlx5Vf, mlx5Defaults(), {combined: 8}, held)).channels, 8);
});

test('a default table follows the channel count; a user table stays and guards the queues it names', t => {
	const current = manaDefaults(16);
	const fewer = value(setVfChannels(manaVf, current, {combined: 4}, up));
	t.true(fewer.table.every(entry => entry < 4));
	t.is(new Set(fewer.table).size, 4);
	const user = value(setVfRxfh(manaVf, current, {equal: 12}, up));
	t.true(user.tableConfigured);
	t.is(errorOf(setVfChannels(manaVf, user, {combined: 8}, up)), 'EINVAL');
	const more = value(setVfChannels(manaVf, user, {combined: 12}, up));
	t.deepEqual(more.table, user.table);
});

test('rings: rounded up to a power of two; below the minimum -EINVAL with the driver\'s text; above the maximum -EINVAL', t => {
	const current = manaDefaults();
	t.like(value(setVfRings(manaVf, current, {rx: 1000})), {rxRing: 1024, txRing: 256});
	t.like(value(setVfRings(manaVf, current, {rx: 129, tx: 300})), {rxRing: 256, txRing: 512});
	t.like(value(setVfRings(manaVf, current, {rx: 8192, tx: 16_384})), {rxRing: 8192, txRing: 16_384});
	t.is(errorOf(setVfRings(manaVf, current, {rx: 8193})), 'EINVAL');
	t.is(errorOf(setVfRings(manaVf, current, {tx: 16_385})), 'EINVAL');
	const small = setVfRings(manaVf, current, {rx: 127});
	t.is(errorOf(small), 'EINVAL');
	t.is(small.ok ? '' : small.error.message, 'rx:127 less than the min:128');
	const both = setVfRings(manaVf, current, {rx: 64, tx: 64});
	t.is(both.ok ? '' : both.error.message, 'tx:64 less than the min:128');
	t.is(errorOf(setVfRings(manaVf, current, {rxMini: 8})), 'EINVAL');
	t.is(errorOf(setVfRings(manaVf, current, {rxBufLen: 2048})), 'EOPNOTSUPP');
	t.is(value(setVfRings(manaVf, current, {rx: 1024})), current);
});

test('mlx5 rings: RQ down to 16, SQ down to 64', t => {
	const current = mlx5Defaults();
	t.like(value(setVfRings(mlx5Vf, current, {rx: 16, tx: 64})), {rxRing: 16, txRing: 64});
	t.is(errorOf(setVfRings(mlx5Vf, current, {rx: 15})), 'EINVAL');
	t.is(errorOf(setVfRings(mlx5Vf, current, {tx: 63})), 'EINVAL');
	t.like(value(setVfRings(mlx5Vf, current, {rx: 3000})), {rxRing: 4096});
});

test('property: any ring in bounds becomes the least power of two at or above it', t => {
	fc.assert(fc.property(fc.constantFrom(manaVf, mlx5Vf), fc.integer({min: 0, max: 20_000}), (facts, rx) => {
		const result = setVfRings(facts, defaultVfSettings(facts, host(16)), {rx});
		if (rx < facts.rxRing.min || rx > facts.rxRing.max) {
			return !result.ok && result.error.code === 'EINVAL';
		}

		const ring = value(result).rxRing;
		return ring >= rx && ring < 2 * Math.max(rx, 1) && (ring & (ring - 1)) === 0 && ring <= facts.rxRing.max;
	}));
	t.pass();
});

test('coalescing: MANA rx-cqe-frames 1 or 4, -EINVAL for others; mlx5 -EOPNOTSUPP', t => {
	t.is(value(setVfCoalesce(manaVf, manaDefaults(), 4)).rxCqeFrames, 4);
	t.is(value(setVfCoalesce(manaVf, manaDefaults(), 1)).rxCqeFrames, 1);
	const two = setVfCoalesce(manaVf, manaDefaults(), 2);
	t.is(errorOf(two), 'EINVAL');
	t.is(two.ok ? '' : two.error.message, 'rx-frames must be 1 or 4, got 2');
	t.is(errorOf(setVfCoalesce(mlx5Vf, mlx5Defaults(), 4)), 'EOPNOTSUPP');
});

test('rxfh: entries below the channel count, 40-byte key, the driver\'s hash functions, MANA only with the port up', t => {
	const current = manaDefaults(16);
	t.is(errorOf(setVfRxfh(manaVf, current, {table: current.table.map(() => 16)}, up)), 'EINVAL');
	t.is(errorOf(setVfRxfh(manaVf, current, {key: [1, 2, 3]}, up)), 'EINVAL');
	t.is(errorOf(setVfRxfh(manaVf, current, {hfunc: 'xor'}, up)), 'EOPNOTSUPP');
	t.is(errorOf(setVfRxfh(manaVf, current, {equal: 4}, {rdmaHoldsPort: false, portUp: false})), 'EOPNOTSUPP');
	const key = Array.from({length: 40}, (_, i) => i);
	t.deepEqual(value(setVfRxfh(manaVf, current, {key}, up)).key, key);
	t.is(value(setVfRxfh(mlx5Vf, mlx5Defaults(), {hfunc: 'xor'}, up)).hfunc, 'xor');
	const reset = value(setVfRxfh(manaVf, value(setVfRxfh(manaVf, current, {equal: 2}, up)), {reset: true}, up));
	t.false(reset.tableConfigured);
	t.deepEqual(reset.table, current.table);
});
