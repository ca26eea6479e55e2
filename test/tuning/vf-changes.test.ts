// The VF kinds carried through the controller with the in-process guard on a
// real VfDevice (test/helpers/vf-source.ts), on virtual time: applied to the VF
// by its own name, read back, kept or reverted; and the LOST outcome when host
// servicing replaces the VF while a change is pending — the new VF instance is
// never touched, and the journal says so.
import test from 'ava';
import {openJournal} from '../../source/tuning/journal.js';
import {planChange, type KindInput} from '../../source/tuning/kinds/index.js';
import type {Plan} from '../../source/tuning/plan.js';
import {describeChange, quitLine} from '../../source/tuning/describe.js';
import {bannerLines} from '../../source/ui/banner-lines.js';
import {exitCodeForChange, exitCodes} from '../../source/commands/exit-codes.js';
import type {ChangeKind} from '../../source/tuning/types.js';
import {vfName, vfRig, type VfRig} from '../helpers/vf-source.js';
import {type VirtualTime} from '../helpers/virtual-timers.js';
import {rig, sleep} from './helpers/setup.js';

async function planOn(vf: VfRig, kind: ChangeKind, input: KindInput): Promise<Plan> {
	const snap = await vf.source.snapshot('eth0', 1000);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	const planned = planChange(kind, 'eth0', snap.value, input);
	if (!planned.ok) {
		throw new Error(planned.problem.message);
	}

	return planned.plan;
}

const journalStates = async (dir: string) => (await openJournal(dir).read('eth0')).map(r => r.state);

const cases = [
	{kind: 'vf-channels', input: {count: '8'}, now: (v: VfRig) => v.vf.settings.channels, before: 16, after: 8},
	{kind: 'vf-rings', input: {rx: '4000'}, now: (v: VfRig) => v.vf.settings.rxRing, before: 1024, after: 4096},
	{kind: 'vf-coalesce', input: {rxCqeFrames: '4'}, now: (v: VfRig) => v.vf.settings.rxCqeFrames, before: 1, after: 4},
] as const;

for (const {kind, input, now, before, after} of cases) {
	test(`${kind}: applied to the VF by its name, read back and kept; the journal names the VF instance`, async t => {
		const vf = vfRig();
		const {controller, dir, waitFor} = await rig(t, vf.source);
		t.true((await controller.start(await planOn(vf, kind, input))).ok);
		const waiting = await waitFor('AWAIT_CONFIRM');
		t.is(now(vf), after);
		t.deepEqual(waiting.vf, {name: vfName, instance: 1});
		controller.keep();
		t.is((await controller.settled())?.state, 'KEPT');
		t.is(now(vf), after);
		t.true(vf.sets.length === 1 && vf.sets[0]!.name === vfName, 'one set, addressed to the VF');
		const records = await openJournal(dir).read('eth0');
		t.true(records.every(r => r.vf?.name === vfName && r.vf.instance === 1 && r.kind === kind));
		t.deepEqual(await journalStates(dir), ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
	});

	test(`${kind}: reverted on the same VF at the deadline`, async t => {
		const vf = vfRig();
		const {controller, time, waitFor} = await rig(t, vf.source);
		await controller.start(await planOn(vf, kind, input));
		await waitFor('AWAIT_CONFIRM');
		time.advance(1000);
		const final = await controller.settled();
		t.is(final?.state, 'REVERTED');
		t.is(final?.reason, 'deadline');
		t.is(now(vf), before);
		t.deepEqual(vf.sets.map(s => s.instance), [1, 1]);
	});
}

test('the driver\'s own refusal: MANA\'s EBUSY while RDMA holds a down port leaves the VF unchanged (exit 3)', async t => {
	const vf = vfRig();
	vf.vf.setPort({rdmaHoldsPort: true, portUp: false});
	const {controller} = await rig(t, vf.source);
	await controller.start(await planOn(vf, 'vf-channels', {count: '8'}));
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.error?.code, 'EBUSY');
	t.is(vf.vf.settings.channels, 16);
	t.is(exitCodeForChange(final!), exitCodes.refused);
	t.regex(describeChange(final!, 0), /the driver refused combined 8: the vport is held by RDMA; device unchanged at combined 16/);
});

test('lost: the VF is serviced while the change waits; at the deadline nothing is set on the new VF', async t => {
	const vf = vfRig();
	// The deadline strictly before the VF watch (every 1000 ms), and the watch's tick only once the revert began.
	const {controller, dir, time, waitFor} = await rig(t, vf.source, {keepTimeoutMs: 500});
	await controller.start(await planOn(vf, 'vf-channels', {count: '8'}));
	await waitFor('AWAIT_CONFIRM');
	vf.service();
	t.is(vf.vf.epoch, 2);
	const reverting = waitFor('REVERTING');
	time.advance(500);
	await reverting;
	time.advance(1000);
	const final = await controller.settled();
	t.is(final?.state, 'LOST');
	t.is(final?.reason, 'vf-gone');
	t.is(final?.error?.code, 'EVFLOST');
	t.deepEqual(vf.sets.map(s => s.instance), [1], 'the revert never reached instance 2');
	t.is(vf.vf.settings.channels, 16, 'the new VF keeps the driver default');
	const last = (await openJournal(dir).read('eth0')).at(-1)!;
	t.is(last.state, 'LOST');
	t.is(last.reason, 'vf-gone');
	t.deepEqual(last.vf, {name: vfName, instance: 1});
	t.is(exitCodeForChange(final!), exitCodes.lost);
	t.is(exitCodeForChange(final!, 'rollback'), exitCodes.lost);
	t.is(describeChange(final!, 0), `VF channels of ${vfName} (the VF of eth0): LOST, neither kept nor reverted (the VF was removed or replaced (host servicing)): `
		+ `${vfName} was replaced by a new VF (${vfName}, instance 2; was 1) with the driver's defaults. The combined 8 set on ${vfName} left with it; `
		+ 'a VF that comes back starts from the driver\'s defaults, and hvtop changed nothing on it');
	// The banner says it in the same words, after the path it took; the quit line too.
	const banner = bannerLines(final, [], 400, 0).map(line => line.text);
	t.regex(banner[1] ?? '', /waiting for keep → reverting$/, 'the deadline began the revert, which found the VF gone');
	t.true(banner.slice(2).join('').startsWith('lost with the VF: VF channels of enP30832s1 (the VF of eth0): LOST, neither kept nor reverted'));
	t.regex(quitLine(final!, 0), /^change [\da-f]+: VF channels of enP30832s1 \(the VF of eth0\): LOST/);
});

test('lost: keep after the VF was replaced is not a keep', async t => {
	const vf = vfRig();
	const {controller, waitFor} = await rig(t, vf.source);
	await controller.start(await planOn(vf, 'vf-rings', {rx: '2048'}));
	await waitFor('AWAIT_CONFIRM');
	vf.service();
	controller.keep();
	t.is((await controller.settled())?.state, 'LOST');
	t.is(vf.vf.settings.rxRing, 1024);
});

test('lost: the admin says no while the VF is away; nothing is retried', async t => {
	const vf = vfRig();
	const {controller, waitFor} = await rig(t, vf.source);
	await controller.start(await planOn(vf, 'vf-coalesce', {rxCqeFrames: '4'}));
	await waitFor('AWAIT_CONFIRM');
	vf.service({stayAway: true});
	controller.revert();
	const final = await controller.settled();
	t.is(final?.state, 'LOST');
	t.regex(final?.error?.message ?? '', new RegExp(`^${vfName} \\(instance 1\\) was removed$`));
	t.is(vf.sets.length, 1);
});

test('lost: the VF leaves while the set runs; the change ends lost, not refused', async t => {
	const vf = vfRig();
	const {controller} = await rig(t, vf.source);
	vf.beforeNextSet(() => {
		vf.service({stayAway: true});
	});
	await controller.start(await planOn(vf, 'vf-channels', {count: '4'}));
	const final = await controller.settled();
	t.is(final?.state, 'LOST');
	t.deepEqual(final?.history.map(h => h.state), ['PLANNED', 'JOURNALED', 'ARMED', 'APPLYING', 'APPLY_FAILED', 'LOST']);
});

test('a VF replaced between the plan and the apply: nothing is set on the new one, the change is lost', async t => {
	const vf = vfRig();
	const {controller} = await rig(t, vf.source);
	const plan = await planOn(vf, 'vf-channels', {count: '4'});
	vf.service();
	await controller.start(plan);
	const final = await controller.settled();
	t.is(final?.state, 'LOST');
	t.is(vf.sets.length, 0, 'the set never reached instance 2');
	t.is(vf.vf.settings.channels, 16);
});

// The VF watch looks again once its last look is done (a journal read and a snapshot away).
async function watchRearmed(time: VirtualTime): Promise<void> {
	for (let tries = 0; time.pending() < 2 && tries < 1000; tries++) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(5);
	}
}

test('lost as soon as the waiting change sees its VF replaced: not at keep, revert or the deadline; the countdown stops', async t => {
	const vf = vfRig();
	const {controller, time, waitFor} = await rig(t, vf.source, {keepTimeoutMs: 30_000});
	await controller.start(await planOn(vf, 'vf-channels', {count: '8'}));
	await waitFor('AWAIT_CONFIRM');
	time.advance(1000);
	await watchRearmed(time);
	t.is(controller.current()?.state, 'AWAIT_CONFIRM', 'the VF still there: the change keeps waiting');
	vf.service();
	time.advance(1000);
	const lost = await waitFor('LOST');
	t.is(lost.reason, 'vf-gone');
	t.is(lost.error?.message, `${vfName} was replaced by a new VF (${vfName}, instance 2; was 1) with the driver's defaults`);
	t.true(time.clock.now() < 5000, 'long before the 30 s deadline');
	const banner = bannerLines(lost, [], 400, lost.deadline! - 20_000).map(line => line.text).join('\n');
	t.regex(banner, /lost with the VF: VF channels of enP30832s1 \(the VF of eth0\): LOST/);
	t.notRegex(banner, /s left/, 'no countdown on a lost change');
	time.advance(30_000);
	t.deepEqual(vf.sets.map(s => s.instance), [1], 'nothing ever set on instance 2');
	t.is(vf.vf.settings.channels, 16);
	t.is(time.pending(), 0, 'no deadline and no VF watch left behind');
});

test('lost as soon as the waiting change sees its VF removed (still away)', async t => {
	const vf = vfRig();
	const {controller, time, waitFor} = await rig(t, vf.source, {keepTimeoutMs: 30_000});
	await controller.start(await planOn(vf, 'vf-rings', {rx: '4096'}));
	await waitFor('AWAIT_CONFIRM');
	vf.service({stayAway: true});
	time.advance(1000);
	const lost = await waitFor('LOST');
	t.is(lost.error?.message, `${vfName} (instance 1) was removed`);
	t.deepEqual(vf.sets.map(s => s.instance), [1]);
});
