// The irq-cpu kind on the model's MANA VF: its plan (bounds, refusals, the
// irqbalance warning), the change carried through the controller (applied to
// the VF by its name, read back, kept or reverted), and the VF's traffic
// following its moved interrupt to the new CPU.
import test from 'ava';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {planIrqCpu, type IrqCpuReading} from '../../source/tuning/kinds/irq-cpu.js';
import {planChange, restoreCommand, type PlanContext} from '../../source/tuning/kinds/index.js';
import type {Plan, PlanResult} from '../../source/tuning/plan.js';
import {rig} from './helpers/setup.js';

const vfName = 'enP30832s1';

function model(): ModelSource {
	const made = createModelSource({scenario: 'mana', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	return made.value;
}

async function plan(source: ModelSource, input: Record<string, string>, context?: PlanContext): Promise<PlanResult> {
	const snap = await source.snapshot('eth0', 1000);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	return planChange('irq-cpu', 'eth0', snap.value, input, context);
}

const planned = (result: PlanResult): Plan => {
	if (!result.ok) {
		throw new Error(result.problem.message);
	}

	return result.plan;
};

const affinity = async (source: ModelSource, at: number): Promise<string | undefined> => {
	const snap = await source.snapshot('eth0', at);
	return snap.ok ? snap.value.vfDevice?.queueIrqs?.map(irq => `${irq.irq}:${irq.cpus.join(',')}`).join(' ') : undefined;
};

const reading = (cpus: number[][], online: number[]): {ok: true; value: IrqCpuReading} => ({
	ok: true,
	value: {
		vf: {name: vfName, instance: 1}, driver: 'mana', facts: undefined, vcpus: online.length, online: new Set(online),
		value: cpus.map((list, queue) => ({queue, irq: 25 + queue, cpus: list})),
	},
});

test('plan: every vector\'s affinity before and after, one queue moved; the restore is the procfs echo; irqbalance warned about', async t => {
	const source = model();
	const result = planned(await plan(source, {queue: '1', cpu: '5'}, {irqbalance: {pid: 812}}));
	t.is(result.vf?.name, vfName);
	t.regex(String(result.before.irqAffinity), /^25:0 26:1 27:2 /);
	t.regex(String(result.after.irqAffinity), /^25:0 26:5 27:2 /);
	t.regex(result.effects[0]!, /VF queue 1's interrupt \(IRQ 26\) goes to CPU 5 instead of CPU 1/);
	t.regex(result.warnings[0]!, /irqbalance is running \(pid 812\).*--banirq=26.*IRQBALANCE_BANNED_CPULIST.*irqbalance\.1/);
	t.false(planned(await plan(source, {queue: '1', cpu: '5'}, {irqbalance: false})).warnings.some(w => w.includes('irqbalance')));
	t.is(restoreCommand({dev: 'eth0', kind: 'irq-cpu', before: result.before, after: result.after, vf: result.vf!}), 'echo 1 > /proc/irq/26/smp_affinity_list');
	t.regex(String(planned(await plan(source, {queue: '2', cpu: '4-5'})).after.irqAffinity), / 27:4-5 /);
});

test('plan refusals: a queue beyond the vectors, no online CPU (EINVAL), a bad list, the same CPUs, no VF', async t => {
	const beyond = planIrqCpu('eth0', reading([[0], [1]], [0, 1]), {queue: '2', cpu: '1'});
	t.like(beyond.ok ? {} : beyond.problem, {kind: 'usage'});
	const offline = planIrqCpu('eth0', reading([[0], [1]], [0, 1]), {queue: '0', cpu: '7'});
	t.like(offline.ok ? {} : offline.problem, {kind: 'refused', error: {code: 'EINVAL'}});
	const bad = planIrqCpu('eth0', reading([[0], [1]], [0, 1]), {queue: '0', cpu: '1-'});
	t.like(bad.ok ? {} : bad.problem, {kind: 'usage'});
	const same = planIrqCpu('eth0', reading([[0], [0, 1]], [0, 1]), {queue: '1', cpu: '0-1'});
	t.like(same.ok ? {} : same.problem, {kind: 'unchanged'});
	const balanced = createModelSource({scenario: 'balanced'});
	const snap = balanced.ok ? await balanced.value.snapshot('eth0', 1000) : undefined;
	const none = snap?.ok ? planChange('irq-cpu', 'eth0', snap.value, {queue: '0', cpu: '1'}) : undefined;
	t.like(none?.ok === false ? none.problem : {}, {kind: 'refused', error: {code: 'ENODEV'}});
});

test('controller: applied to the VF, read back and kept; reverted at the deadline', async t => {
	const source = model();
	const {controller, waitFor} = await rig(t, source);
	t.true((await controller.start(planned(await plan(source, {queue: '1', cpu: '5'})))).ok);
	const waiting = await waitFor('AWAIT_CONFIRM');
	t.deepEqual(waiting.vf, {name: vfName, instance: 1});
	t.regex(String(waiting.readback?.irqAffinity), /^25:0 26:5 /);
	controller.keep();
	t.is((await controller.settled())?.state, 'KEPT');
	t.regex(String(await affinity(source, 2000)), /^25:0 26:5 /);

	const second = model();
	const other = await rig(t, second);
	await other.controller.start(planned(await plan(second, {queue: '1', cpu: '5'})));
	await other.waitFor('AWAIT_CONFIRM');
	other.time.advance(1000);
	t.is((await other.controller.settled())?.state, 'REVERTED');
	t.regex(String(await affinity(second, 3000)), /^25:0 26:1 /);
});

test('model: the VF queue\'s packets follow its interrupt to the new CPU', async t => {
	const vfPackets = async (source: ModelSource, at: number, cpu: number) => {
		const snap = await source.snapshot('eth0', at);
		const stat = snap.ok && snap.value.stats.ok ? snap.value.stats.value.find(([name]) => name === `cpu${cpu}_vf_rx_packets`) : undefined;
		return stat?.[1] ?? 0n;
	};

	const stay = model();
	const moved = model();
	t.true((await moved.setIrqCpu!(vfName, {irqAffinity: planned(await plan(moved, {queue: '1', cpu: '5'})).after.irqAffinity}, 1000)).ok);
	const start = [await vfPackets(moved, 1000, 5), await vfPackets(stay, 1000, 5), await vfPackets(moved, 1000, 1)];
	const gained = (await vfPackets(moved, 20_000, 5)) - start[0]!;
	const kept = (await vfPackets(stay, 20_000, 5)) - start[1]!;
	t.true(kept > 0n && gained > kept + (kept / 2n), `CPU 5 took ${gained} VF packets with queue 1's interrupt, ${kept} without`);
	t.is(await vfPackets(moved, 20_000, 1) - start[2]!, 0n, 'CPU 1 no longer takes queue 1\'s VF packets');
});
