// The flow-hash kind: planned against netvsc's rule (sd or sdfn for tcp4 tcp6
// udp4 udp6; anything else EOPNOTSUPP, nothing run), carried through the
// controller on the model (applied, read back, kept or reverted at the
// deadline), its words in messages and the restore command, `hvtop set`
// arguments, and the dialog (words, never indexes).
import test from 'ava';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {kindOf, planChange, restoreCommand} from '../../source/tuning/kinds/index.js';
import {flowHashRequest, planFlowHash} from '../../source/tuning/kinds/flow-hash.js';
import {describeValues, type Plan, type PlanResult} from '../../source/tuning/plan.js';
import {openJournal} from '../../source/tuning/journal.js';
import {exitCodeForChange, exitCodes} from '../../source/commands/exit-codes.js';
import {failWith} from '../../source/errors.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {recoverDevice} from '../../source/tuning/recovery.js';
import {currentNetns} from '../../source/tuning/scope.js';
import {createChange, step} from '../../source/tuning/states.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {rig, tempDir} from './helpers/setup.js';

function model(scenario = 'balanced'): ModelSource {
	const made = createModelSource({scenario, seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	return made.value;
}

async function snap(source: ModelSource): Promise<DeviceSnapshot> {
	const read = await source.snapshot('eth0', 1000);
	if (!read.ok) {
		throw new Error(read.error.message);
	}

	return read.value;
}

const planOf = (result: PlanResult): Plan => {
	if (!result.ok) {
		throw new Error(result.problem.message);
	}

	return result.plan;
};

const udp4 = (source: ModelSource): string | undefined => {
	const device = source.machine.device('eth0');
	const hash = device.ok ? device.value.flowHash('udp4') : undefined;
	return hash?.ok ? hash.value : undefined;
};

test('plan: udp4 sdfn → sd, one flow type\'s field, with what it does on netvsc in words', async t => {
	const plan = planOf(planChange('flow-hash', 'eth0', await snap(model()), {flowType: 'udp4', fields: 'sd'}));
	t.deepEqual(plan.before, {flowHashUdp4: 'sdfn'});
	t.deepEqual(plan.after, {flowHashUdp4: 'sd'});
	t.is(describeValues(plan.before), 'rx-flow-hash udp4 sdfn');
	t.is(restoreCommand({dev: 'eth0', kind: 'flow-hash', before: plan.before}), 'ethtool -N eth0 rx-flow-hash udp4 sdfn');
	t.true(plan.effects.some(e => /every fragment of a datagram, takes the same queue/.test(e)), plan.effects.join('\n'));
	t.true(plan.effects.some(e => /guest's transmit hash: it picks the queue eth0 sends these flows on/.test(e)));
	t.true(plan.effects.some(e => e.includes('https://docs.kernel.org/networking/device_drivers/ethernet/microsoft/netvsc.html') && e.includes('recommends sd for fragmented UDP')));
	t.true(plan.effects.some(e => e === 'no queue is re-created: traffic and counters continue'));
});

test('plan refusals: netvsc takes only sd or sdfn (EOPNOTSUPP), bad words are usage, the same value is unchanged', async t => {
	const current = await snap(model());
	const problem = (input: Record<string, string>) => {
		const result = planChange('flow-hash', 'eth0', current, input);
		return result.ok ? undefined : result.problem;
	};

	const refused = problem({flowType: 'udp4', fields: 'sdf'});
	t.is(refused?.kind, 'refused');
	t.is(refused?.error?.code, 'EOPNOTSUPP');
	t.is(refused?.message, 'hv_netvsc accepts only sd or sdfn for udp4; sdf asked (ethtool -N: Operation not supported)');
	t.is(problem({flowType: 'tcp6', fields: 's'})?.error?.errno, 95);
	t.is(problem({flowType: 'sctp4', fields: 'sd'})?.kind, 'usage');
	t.is(problem({flowType: 'udp4', fields: 'sdx'})?.kind, 'usage');
	t.is(problem({flowType: 'udp4', fields: ''})?.kind, 'usage');
	t.is(problem({flowType: 'udp4', fields: 'nfds'})?.kind, 'unchanged', 'letters in any order are the same set');
	t.is(problem({flowType: 'udp4', fields: 'sdfn'})?.message, 'eth0 already hashes udp4 on sdfn; nothing to change');
});

test('plan refusals: a device without flow hash settings (veth) and a source that does not read it', async t => {
	const current = await snap(model());
	const veth = planFlowHash('veth0', failWith('EOPNOTSUPP', 'veth0 has no flow hash settings (ethtool -n rx-flow-hash: Operation not supported)'), {flowType: 'udp4', fields: 'sd'});
	t.false(veth.ok);
	t.is(veth.ok ? '' : veth.problem.message, 'veth0\'s flow hash cannot be changed: veth0 has no flow hash settings (ethtool -n rx-flow-hash: Operation not supported)');
	t.is(veth.ok ? '' : veth.problem.kind, 'refused');
	const {flowHash: _, ...without} = current;
	const none = planChange('flow-hash', 'eth0', without, {flowType: 'udp4', fields: 'sd'});
	t.is(none.ok ? '' : none.problem.error?.code, 'EOPNOTSUPP');
});

test('model: applied, read back and kept; the journal carries the one field', async t => {
	const source = model();
	const {controller, dir, waitFor} = await rig(t, source);
	t.true((await controller.start(planOf(planChange('flow-hash', 'eth0', await snap(source), {flowType: 'udp4', fields: 'sd'})))).ok);
	const waiting = await waitFor('AWAIT_CONFIRM');
	t.deepEqual(waiting.readback, {flowHashUdp4: 'sd'}, 'the read-back of the one flow type changed');
	t.is(udp4(source), 'sd');
	controller.keep();
	const final = await controller.settled();
	t.is(final?.state, 'KEPT');
	t.is(exitCodeForChange(final!), exitCodes.ok);
	t.is(udp4(source), 'sd');
	const records = await openJournal(dir).read('eth0');
	t.true(records.every(r => r.kind === 'flow-hash' && r.before.flowHashUdp4 === 'sdfn' && r.after.flowHashUdp4 === 'sd'));
});

test('model: reverted to sdfn at the deadline (exit 4)', async t => {
	const source = model();
	const {controller, time, waitFor} = await rig(t, source);
	await controller.start(planOf(planChange('flow-hash', 'eth0', await snap(source), {flowType: 'udp4', fields: 'sd'})));
	await waitFor('AWAIT_CONFIRM');
	time.advance(1000);
	const final = await controller.settled();
	t.is(final?.state, 'REVERTED');
	t.is(final?.reason, 'deadline');
	t.is(exitCodeForChange(final!), exitCodes.reverted);
	t.is(udp4(source), 'sdfn');
});

test('a plan that got past planning is still refused by the driver: EOPNOTSUPP, nothing changed (exit 3)', async t => {
	const source = model();
	const {controller} = await rig(t, source);
	const plan = planOf(planChange('flow-hash', 'eth0', await snap(source), {flowType: 'udp4', fields: 'sd'}));
	await controller.start({...plan, after: {flowHashUdp4: 'sdfnv'}, request: {flowHashUdp4: 'sdfnv'}});
	const final = await controller.settled();
	t.is(final?.state, 'UNCHANGED');
	t.is(final?.error?.code, 'EOPNOTSUPP');
	t.is(exitCodeForChange(final!), exitCodes.refused);
	t.is(udp4(source), 'sdfn');
});

test('hvtop set arguments and the request the set op gets', t => {
	const spec = kindOf('flow-hash');
	t.deepEqual(spec.parseArgs(['udp4', 'sd'], new Map()), {flowType: 'udp4', fields: 'sd'});
	t.is(spec.parseArgs(['udp4'], new Map()), 'give the flow type and the fields: hvtop set flow-hash DEV udp4 sd');
	t.is(spec.parseArgs(['udp4', 'sd', 'x'], new Map()), 'unexpected argument "x"');
	t.deepEqual(flowHashRequest({flowHashTcp6: 'sd'}), {flowType: 'tcp6', fields: 'sd'});
	t.is(flowHashRequest({combined: 4}), undefined);
});

test('dialog: opens on udp4 (current sdfn → sd), words for the fields, prefilled from advice', async t => {
	const spec = kindOf('flow-hash');
	const current = spec.reading(await snap(model()));
	const opened = spec.dialog.open('eth0', current, {});
	if (typeof opened === 'string') {
		t.fail(opened);
		return;
	}

	t.deepEqual(opened.current, {flowType: 2, hashFields: 1});
	t.deepEqual(opened.proposed, {flowType: 2, hashFields: 0});
	t.deepEqual(spec.dialog.words?.('flowType'), ['tcp4', 'tcp6', 'udp4', 'udp6']);
	t.deepEqual(spec.dialog.words?.('hashFields'), ['sd', 'sdfn']);
	t.deepEqual(spec.dialog.input(opened.proposed), {flowType: 'udp4', fields: 'sd'});
	t.deepEqual(spec.dialog.input({flowType: 0, hashFields: 1}), {flowType: 'tcp4', fields: 'sdfn'});
	t.is(spec.dialog.step(3, 1, 3), 3);
	t.is(spec.dialog.step(0, -1, 3), 0);
	const advised = spec.dialog.open('eth0', current, {values: {flowType: 3, hashFields: 0}});
	t.is(typeof advised === 'string' ? '' : advised.field, 'hashFields');
	t.deepEqual(typeof advised === 'string' ? {} : advised.proposed, {flowType: 3, hashFields: 0});
});

test('recovery at start: a flow hash change left waiting for keep (hvtop and its guard died) is reverted', async t => {
	const source = model();
	const dir = await tempDir(t);
	const journal = openJournal(dir, {netns: currentNetns()});
	const deadGuard = {pid: process.pid, starttime: 1, mode: 'process'} as const;
	let change = createChange({id: 'f10a', dev: 'eth0', kind: 'flow-hash', before: {flowHashUdp4: 'sdfn'}, after: {flowHashUdp4: 'sd'}, max: {}, keepTimeoutMs: 30_000}, realClock.now());
	for (const event of [{type: 'journaled'}, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: {flowHashUdp4: 'sd'}}] as const) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		t.true((await journal.append(recordOf(change, {guard: deadGuard}, 'model', realClock, {flowHashUdp4: 'sd'}))).ok);
	}

	t.true(source.machine.setFlowHash('eth0', 'udp4', 'sd', 500).ok, 'the device holds what was applied');
	const outcome = await recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, revertDelaysMs: [10], kmsg: false});
	t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'REVERTED');
	t.is(udp4(source), 'sdfn');
});
