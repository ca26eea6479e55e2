// Planning the VF kinds against a real VfDevice's readings: each driver's
// bounds (MANA channels ≤ min(64, vCPUs), rings 128 … rx 8192 / tx 16384 and a
// power of two; mlx5's own), the words of each refusal, and no VF → refused.
import test from 'ava';
import {planChange, restoreCommand, valuesOf} from '../../source/tuning/kinds/index.js';
import type {KindInput} from '../../source/tuning/kinds/index.js';
import type {ChangeKind} from '../../source/tuning/types.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {vfName, vfRig} from '../helpers/vf-source.js';

const snapOf = async (rig: ReturnType<typeof vfRig>): Promise<DeviceSnapshot> => {
	const snap = await rig.source.snapshot('eth0', 1000);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	return snap.value;
};

const plan = async (kind: ChangeKind, input: KindInput, options: Parameters<typeof vfRig>[0] = {}) => planChange(kind, 'eth0', await snapOf(vfRig(options)), input);

const problemOf = (result: Awaited<ReturnType<typeof plan>>) => (result.ok ? undefined : result.problem);

test('vf-channels on MANA: at most min(64, vCPUs), named by the VF and its driver', async t => {
	const ok = await plan('vf-channels', {count: '8'});
	t.true(ok.ok);
	if (ok.ok) {
		t.is(ok.plan.dev, 'eth0');
		t.deepEqual(ok.plan.vf, {name: vfName, instance: 1});
		t.deepEqual(ok.plan.before, {combined: 16});
		t.deepEqual(ok.plan.after, {combined: 8});
		t.true(ok.plan.effects.some(effect => effect.includes('host servicing re-adds the VF')));
	}

	t.deepEqual(problemOf(await plan('vf-channels', {count: '17'})), {
		kind: 'usage',
		message: `${vfName} (the VF of eth0) allows at most 16 combined channels (mana: at most 64, and no more than the 16 vCPUs); 17 asked`,
	});
	// 128 vCPUs: the hardware's 64 bounds it.
	t.regex(problemOf(await plan('vf-channels', {count: '65'}, {vcpus: 128}))?.message ?? '', /allows at most 64 combined channels/);
	t.true((await plan('vf-channels', {count: '64'}, {vcpus: 128})).ok);
	t.is(problemOf(await plan('vf-channels', {count: '0'}))?.kind, 'usage');
	t.is(problemOf(await plan('vf-channels', {count: 'eight'}))?.message, 'VF channels must be a whole number, got "eight"');
	t.is(problemOf(await plan('vf-channels', {count: '16'}))?.kind, 'unchanged');
});

test('vf-channels on mlx5: the vCPUs bound it below the hardware\'s 128', async t => {
	t.regex(problemOf(await plan('vf-channels', {count: '9'}, {driver: 'mlx5_core', vcpus: 8}))?.message ?? '', /allows at most 8 combined channels \(mlx5_core: at most 128, and no more than the 8 vCPUs\)/);
	t.true((await plan('vf-channels', {count: '2'}, {driver: 'mlx5_core', vcpus: 8})).ok);
});

test('vf-rings on MANA: minimum 128, rx max 8192, tx max 16384, rounded up to a power of two', async t => {
	t.is(problemOf(await plan('vf-rings', {rx: '64'}))?.message, 'rx 64 is below mana\'s minimum of 128 descriptors (the driver refuses it)');
	t.is(problemOf(await plan('vf-rings', {rx: '8193'}))?.message, `rx 8193 is above ${vfName} (the VF of eth0)'s maximum of 8192 descriptors`);
	t.is(problemOf(await plan('vf-rings', {tx: '16385'}))?.kind, 'usage');
	t.true((await plan('vf-rings', {tx: '16384'})).ok);
	const rounded = await plan('vf-rings', {rx: '1000', tx: '300'});
	t.true(rounded.ok);
	if (rounded.ok) {
		t.deepEqual(rounded.plan.request, {rx: 1000, tx: 300}, 'the request is what was asked');
		t.deepEqual(rounded.plan.after, {rx: 1024, tx: 512}, 'after is what the driver keeps');
		t.deepEqual(rounded.plan.before, {rx: 1024, tx: 256});
		t.true(rounded.plan.warnings.includes('rx 1000 becomes 1024: mana rounds ring sizes up to a power of two'));
	}

	const small = await plan('vf-rings', {rx: '256'});
	t.true(small.ok && small.plan.warnings.some(w => w.includes('hc_rx_discards_no_wqe')));
	t.is(problemOf(await plan('vf-rings', {rx: '1024'}))?.kind, 'unchanged');
	t.is(problemOf(await plan('vf-rings', {}))?.message, 'give --rx N and/or --tx M');
	t.is(problemOf(await plan('vf-rings', {rx: '-5'}))?.kind, 'usage');
});

test('vf-rings on mlx5: its own minimum (rx 16)', async t => {
	t.is(problemOf(await plan('vf-rings', {rx: '8'}, {driver: 'mlx5_core'}))?.message, 'rx 8 is below mlx5_core\'s minimum of 16 descriptors (the driver refuses it)');
	t.true((await plan('vf-rings', {rx: '16'}, {driver: 'mlx5_core'})).ok);
});

test('vf-coalesce: MANA takes 1 or 4; mlx5 has none, so it is refused', async t => {
	const four = await plan('vf-coalesce', {rxCqeFrames: '4'});
	t.true(four.ok);
	if (four.ok) {
		t.deepEqual(four.plan.before, {rxCqeFrames: 1});
		t.deepEqual(four.plan.after, {rxCqeFrames: 4});
		t.is(restoreCommand({...four.plan}), `ethtool -C ${vfName} rx-cqe-frames 1`);
	}

	t.is(problemOf(await plan('vf-coalesce', {rxCqeFrames: '2'}))?.message, 'rx-cqe-frames must be 1 or 4 on mana; 2 asked');
	t.is(problemOf(await plan('vf-coalesce', {rxCqeFrames: '1'}))?.kind, 'unchanged');
	t.is(problemOf(await plan('vf-coalesce', {}))?.message, 'give --rx-cqe-frames N');
	const mlx5 = problemOf(await plan('vf-coalesce', {rxCqeFrames: '4'}, {driver: 'mlx5_core'}));
	t.is(mlx5?.kind, 'refused');
	t.is(mlx5?.error?.code, 'EOPNOTSUPP');
	t.is(mlx5?.message, `${vfName} (mlx5_core) has no CQE coalescing (rx-cqe-frames) to set`);
});

test('no VF, or the VF away: every VF kind is refused with the reason', async t => {
	const rig = vfRig();
	rig.service({stayAway: true});
	const away = await snapOf(rig);
	for (const [kind, input] of [['vf-channels', {count: '4'}], ['vf-rings', {rx: '2048'}], ['vf-coalesce', {rxCqeFrames: '4'}]] as const) {
		const problem = problemOf(planChange(kind, 'eth0', away, input));
		t.is(problem?.kind, 'refused', kind);
		t.regex(problem?.message ?? '', new RegExp(`^eth0's VF ${vfName} cannot be read now \\(removed for host servicing, or not yet back\\)`), kind);
	}

	const {vf: _vf, vfDevice: _device, ...plain} = away;
	t.regex(problemOf(planChange('vf-channels', 'eth0', plain, {count: '4'}))?.message ?? '', /^eth0 has no VF \(Accelerated Networking is off\)/);
});

test('a read of a VF change\'s values is of its own instance only', async t => {
	const rig = vfRig();
	const before = await snapOf(rig);
	t.deepEqual(valuesOf('vf-channels', before, {name: vfName, instance: 1}), {ok: true, value: {combined: 16}});
	rig.service();
	const after = await snapOf(rig);
	const lost = valuesOf('vf-channels', after, {name: vfName, instance: 1});
	t.false(lost.ok);
	t.is(lost.ok ? '' : lost.error.code, 'EVFLOST');
	t.is(lost.ok ? '' : lost.error.message, `${vfName} was replaced by a new VF (${vfName}, instance 2; was 1) with the driver's defaults`);
	// The synthetic kinds never look at the VF.
	t.true(valuesOf('channels', after, {name: vfName, instance: 1}).ok);
});
