// The channel-cpu kind on the model: its plan (bounds, refusals with the
// kernel's errno, the per-CPU load before and estimated after), the change
// carried through the controller (applied, read back, kept or reverted), and
// the model's traffic following a moved channel to its new CPU.
import test from 'ava';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {computeRates} from '../../source/stats/rates.js';
import {planChannelCpu, type ChannelCpuReading} from '../../source/tuning/kinds/channel-cpu.js';
import {planChange, restoreCommand} from '../../source/tuning/kinds/index.js';
import type {Plan, PlanResult} from '../../source/tuning/plan.js';
import {describeValues} from '../../source/tuning/plan.js';
import {rig} from './helpers/setup.js';

function model(): ModelSource {
	const made = createModelSource({scenario: 'balanced', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	return made.value;
}

const cpusOf = (source: ModelSource): readonly number[] => {
	const found = source.machine.device('eth0');
	if (!found.ok) {
		throw new Error(found.error.message);
	}

	return found.value.channelCpu();
};

async function plan(source: ModelSource, input: Record<string, string>, at = 1000): Promise<PlanResult> {
	const snap = await source.snapshot('eth0', at);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	return planChange('channel-cpu', 'eth0', snap.value, input);
}

const planned = (result: PlanResult): Plan => {
	if (!result.ok) {
		throw new Error(result.problem.message);
	}

	return result.plan;
};

const reading = (cpus: number[], online: number[]): {ok: true; value: ChannelCpuReading} => ({ok: true, value: {cpus, online: new Set(online), vcpus: online.length}});

test('plan: the whole queue → CPU map before and after, one channel moved; the restore is the sysfs echo', async t => {
	const source = model();
	// Balanced: eth0's 8 channels on CPUs 0 2 3 4 5 6 7 1.
	const result = planned(await plan(source, {channel: '1', cpu: '0'}));
	t.deepEqual(result.before.channelCpus, [0, 2, 3, 4, 5, 6, 7, 1]);
	t.deepEqual(result.after.channelCpus, [0, 0, 3, 4, 5, 6, 7, 1]);
	t.deepEqual(result.request, result.after);
	t.regex(result.effects[0]!, /queue 1's VMBus channel interrupts CPU 0 instead of CPU 2/);
	t.deepEqual(result.warnings, ['CPU 0 already serves queue 0']);
	t.regex(describeValues(result.after), /^channel CPUs q0:0 q1:0 q2:3/);
	t.is(
		restoreCommand({dev: 'eth0', kind: 'channel-cpu', before: {channelCpus: [0, 2], channelRelids: [14, 15]}, after: {channelCpus: [0, 5], channelRelids: [14, 15]}}),
		'echo 2 > /sys/class/net/eth0/device/channels/15/cpu',
	);
});

test('plan refusals: a queue beyond the channels, an offline CPU (EINVAL), a closed channel (EIO), the same CPU, no channel map (EOPNOTSUPP)', async t => {
	const beyond = planChannelCpu('eth0', reading([0, 1], [0, 1, 2, 3]), {channel: '2', cpu: '1'});
	t.false(beyond.ok);
	t.like(beyond.ok ? {} : beyond.problem, {kind: 'usage', message: 'eth0 has 2 channels (queues 0–1); channel 2 asked'});
	const offline = planChannelCpu('eth0', reading([0, 1], [0, 1, 3]), {channel: '0', cpu: '2'});
	t.like(offline.ok ? {} : offline.problem, {kind: 'refused', error: {code: 'EINVAL'}});
	t.regex(offline.ok ? '' : offline.problem.message, /CPU 2 is not online .*online: 0,1,3/);
	const closed = planChannelCpu('eth0', reading([0, -1], [0, 1]), {channel: '1', cpu: '0'});
	t.like(closed.ok ? {} : closed.problem, {kind: 'refused', error: {code: 'EIO'}});
	const same = planChannelCpu('eth0', reading([0, 1], [0, 1]), {channel: '1', cpu: '1'});
	t.like(same.ok ? {} : same.problem, {kind: 'unchanged'});
	const word = planChannelCpu('eth0', reading([0, 1], [0, 1]), {channel: 'one', cpu: '1'});
	t.like(word.ok ? {} : word.problem, {kind: 'usage'});
	const source = model();
	const snap = await source.snapshot('eth0', 1000);
	t.true(snap.ok);
	const none = planChange('channel-cpu', 'eth0', {...(snap.ok ? snap.value : ({} as never)), channelCpu: []}, {channel: '0', cpu: '1'});
	t.like(none.ok ? {} : none.problem, {kind: 'refused', error: {code: 'EOPNOTSUPP'}});
	t.regex(none.ok ? '' : none.problem.message, /Linux 5\.8 or later and VMBus protocol WIN10 v4\.1/);
});

test('plan with the dashboard\'s rates: the per-CPU load before and the estimate after', async t => {
	const source = model();
	const first = await source.snapshot('eth0', 1000);
	const second = await source.snapshot('eth0', 3000);
	if (!first.ok || !second.ok) {
		throw new Error('unreadable');
	}

	const rates = computeRates(first.value, second.value);
	const queue1 = rates.queues.find(q => q.index === 1)!.rxPps;
	const cpu0 = rates.cpus.find(c => c.cpu === 0)!.rxPps;
	t.true(queue1 > 0 && cpu0 > 0);
	const result = planned(planChange('channel-cpu', 'eth0', second.value, {channel: '1', cpu: '0'}, {rates}));
	const line = result.effects.find(effect => effect.startsWith('received packets per CPU'));
	t.truthy(line);
	t.regex(line!, /CPU 2 \S+ pkt\/s → ~\S+ pkt\/s, CPU 0 \S+ pkt\/s → ~\S+ pkt\/s \(queue 1 carries \S+ pkt\/s\)/);
	const without = planned(planChange('channel-cpu', 'eth0', second.value, {channel: '1', cpu: '0'}));
	t.true(without.effects.some(effect => effect.startsWith('per-CPU load: not measured yet')));
});

test('controller: applied, read back and kept; the model\'s channel map holds it', async t => {
	const source = model();
	const {controller, waitFor} = await rig(t, source);
	t.true((await controller.start(planned(await plan(source, {channel: '3', cpu: '0'})))).ok);
	const waiting = await waitFor('AWAIT_CONFIRM');
	t.deepEqual(waiting.readback?.channelCpus, [0, 2, 3, 0, 5, 6, 7, 1]);
	controller.keep();
	t.is((await controller.settled())?.state, 'KEPT');
	t.deepEqual(cpusOf(source), [0, 2, 3, 0, 5, 6, 7, 1]);
});

test('controller: reverted at the deadline, the channel back on its CPU', async t => {
	const source = model();
	const {controller, time, waitFor} = await rig(t, source);
	await controller.start(planned(await plan(source, {channel: '3', cpu: '0'})));
	await waitFor('AWAIT_CONFIRM');
	t.is(cpusOf(source)[3], 0);
	time.advance(1000);
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'deadline');
	t.deepEqual(cpusOf(source), [0, 2, 3, 4, 5, 6, 7, 1]);
});

test('controller: the kernel\'s refusal comes through and leaves the map unchanged (a CPU gone offline since the plan: EINVAL)', async t => {
	const source = model();
	const result = planned(await plan(source, {channel: '3', cpu: '0'}));
	// The plan said CPU 0; ask for CPU 9, which this 8-vCPU machine does not have.
	const cpus = [...(result.after.channelCpus ?? [])];
	cpus[3] = 9;
	const {controller} = await rig(t, source);
	await controller.start({...result, after: {channelCpus: cpus}, request: {channelCpus: cpus}});
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.error?.code, 'EINVAL');
	t.deepEqual(cpusOf(source), [0, 2, 3, 4, 5, 6, 7, 1]);
});

test('model: a channel moved to a busy CPU raises that CPU\'s load and lowers its old CPU\'s', t => {
	const loads = (source: ModelSource, at: number) => {
		source.machine.advance(at);
		return new Map(source.cpuLoad().map(load => [load.cpu, load.softirq]));
	};

	const stay = model();
	const moved = model();
	const before = loads(moved, 5000);
	t.true(moved.machine.writeChannelCpu('eth0', 1, '0', 5000).ok);
	// The same seed and time: the only difference is where queue 1's work lands.
	const kept = loads(stay, 10_000);
	const after = loads(moved, 10_000);
	t.true(before.get(0)! > 0);
	t.true(after.get(0)! > kept.get(0)! * 1.5, `CPU 0: ${after.get(0)!} with queue 1, ${kept.get(0)!} without`);
	t.true(after.get(2)! < kept.get(2)! * 0.5, `CPU 2: ${after.get(2)!} without queue 1, ${kept.get(2)!} with it`);
});
