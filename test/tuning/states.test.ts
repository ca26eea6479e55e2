import test from 'ava';
import {createChange, maxKeepMs, revertDecision, step, verifyValues, type Change, type ChangeEvent} from '../../source/tuning/states.js';

const channels = (over: Partial<Change> = {}): Change => createChange({
	id: 'abc123',
	dev: 'eth0',
	kind: 'channels',
	before: {combined: 4},
	after: {combined: 8},
	max: {combined: 8},
	keepTimeoutMs: 30_000,
	...over,
}, 0);

const rings = (over: Partial<Change> = {}): Change => createChange({
	id: 'def456',
	dev: 'eth0',
	kind: 'rings',
	before: {rx: 9709, tx: 170},
	after: {rx: 1024, tx: 5},
	max: {rx: 18_811, tx: 2560},
	floor: 10,
	keepTimeoutMs: 30_000,
	...over,
}, 0);

const run = (change: Change, events: Array<[ChangeEvent, number]>): Change =>
	events.reduce((c, [event, now]) => step(c, event, now), change);

const armed = (change: Change): Change => run(change, [[{type: 'journaled'}, 1], [{type: 'armed'}, 2], [{type: 'apply'}, 3]]);

test('happy path: journaled → armed → applying → verifying → waiting → kept', t => {
	let c = armed(channels());
	t.is(c.state, 'APPLYING');
	c = step(c, {type: 'applied'}, 4);
	t.is(c.state, 'VERIFYING');
	c = step(c, {type: 'readback', values: {combined: 8}}, 5);
	t.is(c.state, 'AWAIT_CONFIRM');
	t.is(c.deadline, 30_005);
	c = step(c, {type: 'tick'}, 30_004);
	t.is(c.state, 'AWAIT_CONFIRM');
	c = step(c, {type: 'keep'}, 30_004);
	t.is(c.state, 'KEPT');
	t.is(c.deadline, undefined);
	t.deepEqual(c.history.map(h => h.state), ['PLANNED', 'JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
});

test('the deadline reverts; a late keep changes nothing (exactly one outcome)', t => {
	let c = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5]]);
	c = step(c, {type: 'tick'}, 30_005);
	t.is(c.state, 'REVERTING');
	t.is(c.reason, 'deadline');
	t.is(step(c, {type: 'keep'}, 30_006), c);
	c = step(c, {type: 'readback', values: {combined: 4}}, 30_100);
	t.is(c.state, 'REVERTED');
	t.is(step(c, {type: 'revert', reason: 'admin'}, 30_200), c);
});

test('keep first, then the deadline: kept stays kept', t => {
	let c = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5], [{type: 'keep'}, 29_999]]);
	c = step(c, {type: 'tick'}, 30_005);
	t.is(c.state, 'KEPT');
});

test('admin says no', t => {
	const c = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5], [{type: 'revert', reason: 'admin'}, 6]]);
	t.is(c.state, 'REVERTING');
	t.is(c.reason, 'admin');
});

test('refused with the device as before: UNCHANGED; refused but changed: revert', t => {
	const error = {code: 'EINVAL', errno: 22, message: 'requested channel count exceeds maximum'};
	const refused = run(armed(channels()), [[{type: 'apply-failed', error}, 4]]);
	t.is(refused.state, 'APPLY_FAILED');
	const unchanged = step(refused, {type: 'readback', values: {combined: 4}}, 5);
	t.is(unchanged.state, 'UNCHANGED');
	t.is(unchanged.error?.message, error.message);
	const halfway = step(refused, {type: 'readback', values: {combined: 1}}, 5);
	t.is(halfway.state, 'REVERTING');
	t.is(halfway.reason, 'refused');
	const unreadable = step(refused, {type: 'readback-failed', error: {code: 'ENODEV', errno: 19, message: 'No such device'}}, 5);
	t.is(unreadable.state, 'REVERTING');
});

test('fewer channels than asked (host granted fewer) fails the read-back and reverts', t => {
	const c = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 3}}, 5]]);
	t.is(c.state, 'REVERTING');
	t.is(c.reason, 'readback');
	t.deepEqual(c.readback, {combined: 3});
});

test('a ring clamped by the driver is accepted and marked; page rounding too', t => {
	const clamped = run(armed(rings()), [[{type: 'applied'}, 4], [{type: 'readback', values: {rx: 1024, tx: 10}}, 5]]);
	t.is(clamped.state, 'AWAIT_CONFIRM');
	t.true(clamped.clamped);
	t.is(verifyValues(rings(), {rx: 1026, tx: 10}), 'rounded');
	t.is(verifyValues(rings(), {rx: 1100, tx: 10}), 'mismatch');
	t.is(verifyValues(channels(), {combined: 7}), 'mismatch');
});

test('--yes keeps as soon as the read-back matches', t => {
	const c = run(armed(channels({keepAtOnce: true})), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5]]);
	t.is(c.state, 'KEPT');
});

test('session lost while applying: reverted as soon as it lands; while waiting: at once', t => {
	let c = armed(channels());
	c = step(c, {type: 'session-lost'}, 4);
	t.is(c.state, 'APPLYING');
	c = run(c, [[{type: 'applied'}, 5], [{type: 'readback', values: {combined: 8}}, 6]]);
	t.is(c.state, 'REVERTING');
	t.is(c.reason, 'session-lost');

	const waiting = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5]]);
	const lost = step(waiting, {type: 'session-lost'}, 6);
	t.is(lost.state, 'REVERTING');
	t.is(lost.reason, 'session-lost');
});

test('extend pushes the deadline, never beyond the cap', t => {
	let c = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5]]);
	c = step(c, {type: 'extend', ms: 30_000}, 10);
	t.is(c.deadline, 60_005);
	for (let i = 0; i < 30; i++) {
		c = step(c, {type: 'extend', ms: 30_000}, 10);
	}

	t.is(c.deadline, 5 + maxKeepMs);
});

test('before the apply: cancel and session loss abort; nothing to undo', t => {
	const journaled = step(channels(), {type: 'journaled'}, 1);
	const cancelled = step(journaled, {type: 'revert', reason: 'admin'}, 2);
	t.is(cancelled.state, 'ABORTED');
	t.is(cancelled.reason, 'cancelled');
	t.is(step(journaled, {type: 'session-lost'}, 2).state, 'ABORTED');
	t.is(step(journaled, {type: 'abort', reason: 'journal'}, 2).reason, 'journal');
	// Abort no longer applies once applying.
	const applying = armed(channels());
	t.is(step(applying, {type: 'abort', reason: 'guard'}, 4), applying);
});

test('revert decision: before → nothing to do, ours → revert, other → diverged', t => {
	const c = {...channels(), readback: {combined: 8}};
	t.is(revertDecision(c, {combined: 4}), 'already-before');
	t.is(revertDecision(c, {combined: 8}), 'revert');
	t.is(revertDecision(c, {combined: 2}), 'diverged');
});

test('terminal states absorb every event', t => {
	const kept = run(armed(channels()), [[{type: 'applied'}, 4], [{type: 'readback', values: {combined: 8}}, 5], [{type: 'keep'}, 6]]);
	const events: ChangeEvent[] = [{type: 'tick'}, {type: 'revert', reason: 'admin'}, {type: 'session-lost'}, {type: 'recover'}, {type: 'superseded'}, {type: 'diverged', reason: 'manual'}];
	for (const event of events) {
		t.is(step(kept, event, 1_000_000), kept, event.type);
	}
});
