// The change dialog on the VF kinds (the keys C and R): opened from what the
// kind reads of the device's VF, stepped and typed with the VF driver's
// bounds, confirmed only with a valid plan that names the VF instance; no VF,
// no dialog (the reason instead).
import test from 'ava';
import {kindOf} from '../../source/tuning/kinds/index.js';
import {applyDialog, openDialog, type DialogState} from '../../source/ui/dialog-state.js';
import {dialogLines, lineText} from '../../source/ui/dialog-lines.js';
import {vfName, vfRig} from '../helpers/vf-source.js';

async function opened(kind: 'vf-channels' | 'vf-rings' | 'vf-coalesce' | 'vf-rss', rig = vfRig()) {
	const snap = await rig.source.snapshot('eth0', 1000);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	const reading = kindOf(kind).reading(snap.value);
	return {reading, dialog: openDialog(kind, 'eth0', reading, 30_000)};
}

const state = (dialog: DialogState | {readonly error: string}): DialogState => {
	if ('error' in dialog) {
		throw new Error(dialog.error);
	}

	return dialog;
};

test('vf-channels dialog: steps within 1 … min(64, vCPUs), typed values past it are refused, the plan names the VF', async t => {
	const {reading, dialog} = await opened('vf-channels');
	let d = state(dialog);
	t.deepEqual(d.current, {combined: 16});
	t.deepEqual(d.max, {combined: 16});
	d = applyDialog(d, {type: 'step', direction: 1}, reading).state;
	t.deepEqual(d.proposed, {combined: 16}, 'no step past the VF\'s maximum');
	d = applyDialog(d, {type: 'step', direction: -1}, reading).state;
	t.deepEqual(d.proposed, {combined: 15});
	t.true(d.plan.ok && d.plan.plan.vf?.name === vfName && d.plan.plan.kind === 'vf-channels');
	t.is(applyDialog(d, {type: 'confirm'}, reading).action, 'confirm');
	d = applyDialog(applyDialog(d, {type: 'digits', digits: '4'}, reading).state, {type: 'digits', digits: '0'}, reading).state;
	t.false(d.plan.ok);
	t.is(applyDialog(d, {type: 'confirm'}, reading).action, undefined, 'no confirm without a valid plan');
	const text = dialogLines(d, 80, 20).map(line => lineText(line)).join('\n');
	t.regex(text, /VF combined channels/);
	t.regex(text, /allows at most 16 combined channels/);
});

test('vf-rings dialog: powers of two between MANA\'s 128 and the VF\'s maxima; typed below 128 is refused', async t => {
	const {reading, dialog} = await opened('vf-rings');
	let d = state(dialog);
	t.deepEqual(d.current, {rx: 1024, tx: 256});
	d = applyDialog(d, {type: 'step', direction: 1}, reading).state;
	t.deepEqual(d.proposed, {rx: 2048, tx: 256});
	t.true(d.plan.ok);
	d = applyDialog(d, {type: 'field', step: 1}, reading).state;
	d = applyDialog(d, {type: 'digits', digits: '64'}, reading).state;
	t.false(d.plan.ok);
	t.is(d.plan.ok ? '' : d.plan.problem.message, 'tx 64 is below mana\'s minimum of 128 descriptors (the driver refuses it)');
	t.regex(dialogLines(d, 100, 30).map(line => lineText(line)).join('\n'), /VF tx ring +256 → +64_ +allowed 128 … 16384/, 'the dialog shows the driver\'s minimum');
	d = applyDialog(applyDialog(d, {type: 'erase'}, reading).state, {type: 'erase'}, reading).state;
	for (let i = 0; i < 3; i++) {
		d = applyDialog(d, {type: 'step', direction: -1}, reading).state;
	}

	t.deepEqual(d.proposed, {rx: 2048, tx: 128}, 'stepping down stops at the minimum');
});

test('vf-coalesce dialog: toggles between MANA\'s 1 and 4', async t => {
	const {reading, dialog} = await opened('vf-coalesce');
	let d = state(dialog);
	t.deepEqual(d.proposed, {rxCqeFrames: 4}, 'opens on the other value');
	t.true(d.plan.ok);
	d = applyDialog(d, {type: 'step', direction: -1}, reading).state;
	t.deepEqual(d.proposed, {rxCqeFrames: 1});
	t.is(d.plan.ok ? '' : d.plan.problem.kind, 'unchanged');
});

test('no VF: the dialog does not open, and says why', async t => {
	const rig = vfRig();
	rig.service({stayAway: true});
	const {dialog} = await opened('vf-channels', rig);
	t.deepEqual(dialog, {error: `eth0's VF ${vfName} cannot be read now (removed for host servicing, or not yet back): no VF channels to change`});
	const mlx5 = await opened('vf-coalesce', vfRig({driver: 'mlx5_core'}));
	t.deepEqual(mlx5.dialog, {error: `${vfName} (mlx5_core) has no CQE coalescing (rx-cqe-frames) to set`});
});

test('the title says which setting of which device: the VF by name, with its driver and its netvsc device', async t => {
	const title = async (kind: 'vf-channels' | 'vf-rings' | 'vf-coalesce'): Promise<string> =>
		lineText(dialogLines(state((await opened(kind)).dialog), 90, 20)[1]!).replaceAll('│', '').trim();
	t.is(await title('vf-channels'), `Change VF channels of ${vfName} (mana, the VF of eth0)`);
	t.is(await title('vf-rings'), `Change VF rings of ${vfName} (mana, the VF of eth0)`);
	t.is(await title('vf-coalesce'), `Change VF CQE coalescing of ${vfName} (mana, the VF of eth0)`);
	const mlx5 = await opened('vf-channels', vfRig({driver: 'mlx5_core'}));
	t.is(lineText(dialogLines(state(mlx5.dialog), 90, 20)[1]!).replaceAll('│', '').trim(), `Change VF channels of ${vfName} (mlx5_core, the VF of eth0)`);
});

test('vf-rss dialog (X): equal over the VF\'s channels, stepping down proposes a table the VF takes; refused with its reason while MANA\'s VF is down', async t => {
	const {reading, dialog} = await opened('vf-rss');
	let d = state(dialog);
	t.deepEqual(d.current, {equal: 16});
	t.deepEqual(d.max, {equal: 16});
	t.is(d.vf?.name, vfName);
	d = applyDialog(d, {type: 'step', direction: -1}, reading).state;
	t.like(d.proposed, {equal: 15});
	t.true(d.plan.ok && d.plan.plan.kind === 'vf-rss' && d.plan.plan.vf?.name === vfName);
	t.regex(dialogLines(d, 100, 30).map(line => lineText(line)).join('\n'), /VF equal over queues/);
	const down = vfRig();
	down.vf.setPort({portUp: false});
	const refused = (await opened('vf-rss', down)).dialog;
	t.regex('error' in refused ? refused.error : '', /is down: mana refuses ethtool -X while the port is down/);
});
