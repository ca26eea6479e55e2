import {readFile} from 'node:fs/promises';
import test from 'ava';
import {lastChange, latestPerChange, openJournal, resolveStateDir} from '../../source/tuning/journal.js';
import {acquireLock, addHolder, readLock, releaseLock} from '../../source/tuning/lock.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step} from '../../source/tuning/states.js';
import {modelDevice} from './helpers/model-device.js';
import {rig, tempDir} from './helpers/setup.js';

const me = selfIdentity();
const dead = {pid: process.pid, starttime: 1};

test('lock: one holder at a time; released only by its own change', async t => {
	const dir = await tempDir(t);
	t.deepEqual(await acquireLock(dir, {id: 'aaaaaa', dev: 'eth0', holders: [me]}), {ok: true});
	const second = await acquireLock(dir, {id: 'bbbbbb', dev: 'eth0', holders: [me]});
	t.false(second.ok);
	t.is(second.ok ? undefined : second.held?.id, 'aaaaaa');
	t.true((await acquireLock(dir, {id: 'cccccc', dev: 'eth1', holders: [me]})).ok, 'other devices are independent');
	await releaseLock(dir, 'eth0', 'bbbbbb');
	t.is((await readLock(dir, 'eth0'))?.id, 'aaaaaa', 'a late releaser cannot free someone else’s lock');
	await releaseLock(dir, 'eth0', 'aaaaaa');
	t.true((await acquireLock(dir, {id: 'bbbbbb', dev: 'eth0', holders: [me]})).ok);
});

test('lock: held by dead processes only → stale, taken over', async t => {
	const dir = await tempDir(t);
	await acquireLock(dir, {id: 'aaaaaa', dev: 'eth0', holders: [dead]});
	const taken = await acquireLock(dir, {id: 'bbbbbb', dev: 'eth0', holders: [me]});
	t.true(taken.ok);
	t.is((await readLock(dir, 'eth0'))?.id, 'bbbbbb');
});

test('lock: a leaked lock of a finished change is stale', async t => {
	const dir = await tempDir(t);
	await acquireLock(dir, {id: 'aaaaaa', dev: 'eth0', holders: [me]});
	const taken = await acquireLock(dir, {id: 'bbbbbb', dev: 'eth0', holders: [me]}, {isFinished: async info => info.id === 'aaaaaa'});
	t.true(taken.ok);
});

test('lock: a guard added as holder keeps it alive after hvtop died', async t => {
	const dir = await tempDir(t);
	await acquireLock(dir, {id: 'aaaaaa', dev: 'eth0', holders: [dead]});
	t.true(await addHolder(dir, 'eth0', 'aaaaaa', me));
	t.false((await acquireLock(dir, {id: 'bbbbbb', dev: 'eth0', holders: [me]})).ok);
	t.false(await addHolder(dir, 'eth0', 'zzzzzz', me), 'only to its own change');
});

test('journal: JSON lines, sequence per change, fsync’d appends, latest record per change', async t => {
	const dir = await tempDir(t);
	const journal = openJournal(dir);
	let change = createChange({id: 'aaaaaa', dev: 'eth0', kind: 'rings', before: {rx: 1, tx: 1}, after: {rx: 2, tx: 2}, max: {rx: 9, tx: 9}, keepTimeoutMs: 1000}, 0);
	change = step(change, {type: 'journaled'}, 1);
	await journal.append(recordOf(change, {guard: {...me, mode: 'in-process'}, ifindex: 7}, 'live', realClock, {rx: 2, tx: 2}));
	change = step(change, {type: 'armed'}, 2);
	await journal.append(recordOf(change, {guard: {...me, mode: 'in-process'}, ifindex: 7}, 'live', realClock, {rx: 2, tx: 2}));
	const lines = (await readFile(journal.file('eth0'), 'utf8')).trim().split('\n');
	t.is(lines.length, 2);
	const parsed = lines.map(line => JSON.parse(line) as Record<string, unknown>);
	t.like(parsed[1], {v: 2, id: 'aaaaaa', seq: 2, state: 'ARMED', dev: 'eth0', ifindex: 7, kind: 'rings'});
	for (const key of ['ts', 'boot_id', 'host', 'before', 'after', 'guard', 'keep_timeout_ms']) {
		t.true(key in parsed[0]!, key);
	}

	const records = await journal.read('eth0');
	t.is(lastChange(records)?.state, 'ARMED');
	t.is(latestPerChange(records).length, 1);
	t.deepEqual(await journal.devices(), ['eth0']);
});

test('journal: HVTOP_STATE_DIR overrides /run/hvtop', t => {
	t.is(resolveStateDir({}), '/run/hvtop');
	t.is(resolveStateDir({HVTOP_STATE_DIR: '/tmp/x'}), '/tmp/x');
});

test('stale guard: a late deadline in change A must not revert a later change B', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, dir, waitFor, time} = await rig(t, source, {keepTimeoutMs: 400});
	await controller.start({dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, request: {combined: 8}, max: {combined: 8}, effects: [], warnings: []});
	const a = await waitFor('AWAIT_CONFIRM');
	// Change B takes over the device (journaled later than A), and sets combined 2.
	const journal = openJournal(dir);
	const b = step(createChange({id: 'bbbbbb', dev: 'eth0', kind: 'channels', before: {combined: 8}, after: {combined: 2}, max: {combined: 8}, keepTimeoutMs: 30_000}, realClock.now()), {type: 'journaled'}, realClock.now());
	await journal.append(recordOf(b, {guard: {...me, mode: 'process'}}, 'model', realClock, {combined: 2}));
	t.true(device.setByHand({combined: 2}, time.clock.now()).ok);
	time.advance(400);
	const final = await controller.settled();
	t.is(final?.id, a.id);
	t.is(final?.state, 'SUPERSEDED', 'A stood down');
	t.is(device.channels().combined, 2, 'B is untouched');
	t.is(device.sets.length, 1, 'A never ran its revert');
	const records = await journal.read('eth0');
	t.is(records.at(-1)?.id, 'bbbbbb', 'A wrote nothing after B');
});
