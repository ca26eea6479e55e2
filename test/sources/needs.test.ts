// Each source says what changing its devices needs; nothing outside the
// sources asks which source it is. The model's device lives in this process;
// a live device outlives it, and the live source reads its ifindex from the
// machine it reads (so a re-created device is noticed on that machine).
import test from 'ava';
import {createLiveSource} from '../../source/sources/live/index.js';
import {createModelSource} from '../../source/sources/model.js';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';

test('the model: an in-process guard, no root, a private journal, no kernel log, no ifindex', t => {
	const made = createModelSource({scenario: 'balanced'});
	if (!made.ok) {
		t.fail(made.error.message);
		return;
	}

	const {needs} = made.value;
	t.like(needs, {guarding: 'in-process', needsRoot: false, privateState: true, kernelLog: false});
	t.is(needs.readIfindex, undefined);
});

test('the live source: a guard process, root, the kernel log, and the ifindex from its own sysfs root', async t => {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const made = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
	if (!made.ok) {
		t.fail(made.error.message);
		return;
	}

	t.teardown(async () => made.value.close());
	const {needs} = made.value;
	t.like(needs, {guarding: 'process', needsRoot: true, privateState: false, kernelLog: true});
	const before = await needs.readIfindex?.('eth0');
	t.is(before, machine.state().devices['eth0']?.ifindex);
	t.not(before, undefined);
	machine.removeDevice('eth0');
	t.is(await needs.readIfindex?.('eth0'), undefined, 'gone');
	machine.restoreDevice('eth0');
	const after = await needs.readIfindex?.('eth0');
	t.not(after, undefined);
	t.not(after, before, 're-created: a new ifindex');
	t.is(await needs.readIfindex?.('../eth0'), undefined, 'never outside class/net');
});
