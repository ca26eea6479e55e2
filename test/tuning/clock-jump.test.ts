// safety-and-practice §1.4 case 17: the wall clock jumps ±1 h while a change
// waits for keep (an NTP step, a VM resumed from a snapshot). The deadline and
// the countdown are on the monotonic clock, so neither moves. The jump is made
// by replacing Date for this process (changing the machine's clock would upset
// everything else on it); its own file, so no other test sees the jump.
import test from 'ava';
import {secondsLeft} from '../../source/tuning/describe.js';
import {openJournal} from '../../source/tuning/journal.js';
import {planChannels} from '../../source/tuning/kinds/channels.js';
import {modelDevice} from './helpers/model-device.js';
import {rig} from './helpers/setup.js';

const RealDate = Date;

/** From now on, every wall-clock reading of this process is `offsetMs` away from the truth. */
function jumpWallClock(offsetMs: number): void {
	class JumpedDate extends RealDate {
		constructor(...args: unknown[]) {
			if (args.length === 0) {
				super(RealDate.now() + offsetMs);
			} else {
				super(...(args as [string | number]));
			}
		}

		static override now(): number {
			return RealDate.now() + offsetMs;
		}
	}

	globalThis.Date = JumpedDate as DateConstructor;
}

test.afterEach.always(() => {
	globalThis.Date = RealDate;
});

for (const [direction, offsetMs] of [['ahead', 3_600_000], ['back', -3_600_000]] as const) {
	test.serial(`the wall clock jumping an hour ${direction} moves neither the deadline nor the countdown`, async t => {
		const device = modelDevice();
		const {source} = device;
		const {controller, dir, waitFor, time} = await rig(t, source, {keepTimeoutMs: 1500});
		const plan = planChannels('eth0', {ok: true, value: device.channels()}, 8);
		if (!plan.ok) {
			throw new Error(plan.problem.message);
		}

		await controller.start(plan.plan);
		const waiting = await waitFor('AWAIT_CONFIRM');
		const waitingAt = controller.clock.now();
		jumpWallClock(offsetMs);
		t.not(Math.round((Date.now() - RealDate.now()) / 1000), 0, 'the jump is in effect');
		// The controller's clock (injected, monotonic) moves 300 ms while the wall clock has jumped an hour.
		time.advance(300);
		const now = controller.current()!;
		t.is(now.state, 'AWAIT_CONFIRM', 'still waiting: an hour of wall clock did not expire the window');
		t.is(now.deadline, waiting.deadline, 'the deadline did not move');
		// 1.2 s of the 1.5 s are left: the countdown shows 2, not 0 or 3601.
		t.is(secondsLeft(now, controller.clock.now()), 2);
		time.advance(1199);
		t.is(controller.current()?.state, 'AWAIT_CONFIRM', 'not a moment early');
		time.advance(1);
		const final = await controller.settled();
		const waited = controller.clock.now() - waitingAt;
		t.is(final?.state, 'REVERTED');
		t.is(final?.reason, 'deadline');
		// Reverted at its deadline, not an hour early or late.
		t.true(waited >= 1500 && waited < 1600, `reverted after ${Math.round(waited)} ms of a 1500 ms window`);
		t.is(device.channels().combined, 4);
		const records = await openJournal(dir).read('eth0');
		t.truthy(records.find(record => record.state === 'AWAIT_CONFIRM')?.deadline_mono_ns, 'the journal keeps the deadline on the monotonic clock');
	});
}
