// Issue 12 item 7: a failed revert goes to the kernel log (/dev/kmsg, the
// Azure serial console) only for a live device. The model's REVERT FAILED is
// a simulation and must never reach the real console. The kmsg path is
// injected, so neither case touches the real /dev/kmsg.
import {access, readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {createModelSource} from '../../source/sources/model.js';
import {planChannels} from '../../source/tuning/kinds/channels.js';
import {modelDevice} from './helpers/model-device.js';
import {rig} from './helpers/setup.js';

const exists = async (file: string): Promise<boolean> => access(file).then(() => true, () => false);

test('model: a simulated REVERT FAILED writes nothing to the kernel log', async t => {
	const made = createModelSource({scenario: 'balanced', seed: 7});
	if (!made.ok) {
		t.fail(made.error.message);
		return;
	}

	const source = made.value;
	const snap = await source.snapshot('eth0', performance.now());
	const channels = snap.ok ? snap.value.channels : undefined;
	const planned = channels ? planChannels('eth0', channels, 2) : undefined;
	if (!planned?.ok) {
		t.fail('no plan');
		return;
	}

	source.injectFault('eth0', {kind: 'attach-and-restore-fail', errno: 'EIO'});
	const {controller, dir} = await rig(t, source, {verifyDelaysMs: [10], revertDelaysMs: [10, 10]});
	t.true((await controller.start(planned.plan)).ok);
	const final = await controller.settled();
	t.is(final?.state, 'REVERT_FAILED');
	t.false(await exists(path.join(dir, 'kmsg')), 'the injected kmsg path was never written');
});

// The same model device dressed as live: only the source's kind differs from the test above.
test('live: the same failure is written to the kernel log as KERN_ERR', async t => {
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	device.fault({kind: 'attach-and-restore-fail'});
	const {controller, dir} = await rig(t, source, {guard: 'in-process', isRoot: () => true, readIfindex: async () => undefined});
	const planned = planChannels('eth0', {ok: true, value: device.channels()}, 8);
	t.true(planned.ok && (await controller.start(planned.plan)).ok);
	t.is((await controller.settled())?.state, 'REVERT_FAILED');
	t.regex(await readFile(path.join(dir, 'kmsg'), 'utf8'), /^<3>hvtop: REVERT FAILED on eth0: change [\da-f]+ could not restore channels combined 4/);
});
