// What a change says about itself when it goes wrong: what happened and what
// to do now, in the words the banner and `hvtop set` share.
import test from 'ava';
import {describeChange, outcomeLine, quitLine} from '../../source/tuning/describe.js';
import {createChange, step, view} from '../../source/tuning/states.js';
import type {ChangeView} from '../../source/tuning/types.js';

const change = (over: Partial<ChangeView>): ChangeView => ({
	id: 'c1',
	dev: 'eth0',
	kind: 'channels',
	state: 'REVERTING',
	before: {combined: 4},
	after: {combined: 8},
	history: [],
	...over,
});

test('a revert that is retrying shows the failed attempt, why, and the time to the next', t => {
	const line = describeChange(change({reason: 'deadline', attempts: 1, retryAt: 7000, error: {code: 'EBUSY', errno: 16, message: 'Device or resource busy'}, readback: {combined: 8}}), 2000);
	t.is(line, 'eth0 channels: reverting to combined 4 (the deadline passed without keep); attempt 1 failed (Device or resource busy), attempt 2 in 5 s; the device reads combined 8');
	t.is(outcomeLine(change({attempts: 1, retryAt: 7000}), 2000), 'eth0 channels: reverting to combined 4; attempt 1 failed, attempt 2 in 5 s');
});

test('the state machine keeps the retry time while reverting and drops it with the state', t => {
	let c = createChange({id: 'c1', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs: 1000}, 0);
	for (const event of [{type: 'journaled'}, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: {combined: 8}}, {type: 'revert', reason: 'admin'}] as const) {
		c = step(c, event, 1);
	}

	t.is(c.state, 'REVERTING');
	c = step(c, {type: 'revert-attempt-failed', error: {code: 'EBUSY', errno: 16, message: 'busy'}, retryAt: 2001}, 1);
	t.is(view(c).retryAt, 2001);
	t.is(view(c).attempts, 1);
	c = step(c, {type: 'readback', values: {combined: 4}}, 2002);
	t.is(c.state, 'REVERTED');
	t.is(view(c).retryAt, undefined);
});

test('host granted fewer: the read-back reason says how many sub-channels of how many', t => {
	const line = describeChange(change({state: 'REVERTED', reason: 'readback', granted: {combined: 5}, readback: {combined: 4}}), 0);
	t.is(line, 'eth0 channels: reverted to combined 4 (the read-back did not match the request: the host granted 4 of 7 sub-channels (combined 5, asked 8))');
});

test('a drain timeout says TX is stopped and the device needs attention, not "device unchanged"', t => {
	const line = describeChange(change({state: 'UNCHANGED', reason: 'refused', readback: {combined: 4}, error: {code: 'ETIMEDOUT', errno: 110, message: 'Connection timed out'}}), 0);
	t.regex(line, /timed out draining the queues: Connection timed out; still combined 4, but TX is stopped: eth0 needs attention/);
	t.regex(line, /ip link set eth0 down, then up, restarts TX/);
	t.notRegex(line, /device unchanged/);
});

test('REVERT FAILED: said once, with the device state now and the commands to recover', t => {
	const line = outcomeLine(change({state: 'REVERT_FAILED', reason: 'admin', readback: {combined: 8}, error: {code: 'EBUSY', errno: 16, message: 'busy'}}), 0);
	t.is(line.match(/REVERT FAILED/g)?.length, 1);
	t.regex(line, /The device is at combined 8, it was combined 4\. Recover by hand: ethtool -L eth0 combined 4, then check with: hvtop --device eth0 --once/);
	const rings = outcomeLine(change({kind: 'rings', state: 'REVERT_FAILED', before: {rx: 1024, tx: 512}, after: {rx: 2048, tx: 512}}), 0);
	t.regex(rings, /could not be read back, it was rx 1024 tx 512\. Recover by hand: ethtool -G eth0 rx 1024 tx 512/);
});

test('quitting: one line per change — kept, reverted and why, or left pending and what happens next', t => {
	t.is(quitLine(change({state: 'KEPT', readback: {combined: 8}}), 0), 'change c1: eth0 channels: kept combined 8');
	t.is(quitLine(change({state: 'REVERTED', reason: 'deadline', readback: {combined: 4}}), 0), 'change c1: eth0 channels: reverted to combined 4 (the deadline passed without keep)');
	t.is(quitLine(change({state: 'AWAIT_CONFIRM', deadline: 12_000}), 2000), 'change c1: eth0 channels combined 4 → combined 8 left pending (waiting for keep): its guard reverts it in 10 s unless kept; undo it now with: hvtop rollback eth0');
});
