// The flow hash on the synthetic Azure guest (the stand-in ethtool answers
// -n/-N as netvsc does): read on the slow schedule, set and read back; the
// `-N` that "succeeds" with exit 0 while printing netvsc's refusal is a
// refusal; a flow hash change re-creates nothing (the epoch stays).
import test from 'ava';
import {createLiveSource} from '../../source/sources/live/index.js';
import type {Source} from '../../source/sources/source.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';

async function setup(t: {teardown(fn: () => void | Promise<void>): void}): Promise<{machine: SyntheticMachine; source: Source}> {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
	if (!created.ok) {
		throw new Error(created.error.message);
	}

	t.teardown(async () => created.value.close());
	return {machine, source: created.value};
}

const all = (fields: string) => ({tcp4: fields, tcp6: fields, udp4: fields, udp6: fields});

test('read with four -n on the first snapshot, not again until the refresh', async t => {
	const {machine, source} = await setup(t);
	const first = await source.snapshot('eth0', 1000);
	t.deepEqual(first.ok ? first.value.flowHash : undefined, {ok: true, value: all('sdfn')});
	t.deepEqual(machine.calls().filter(call => call.startsWith('-n eth0')), ['tcp4', 'tcp6', 'udp4', 'udp6'].map(type => `-n eth0 rx-flow-hash ${type}`));
	machine.clearCalls();
	await source.snapshot('eth0', 2000);
	t.deepEqual(machine.calls().filter(call => call.startsWith('-n')), []);
});

test('set udp4 sd: -N, read back, the snapshot shows it, the queues were not re-created', async t => {
	const {machine, source} = await setup(t);
	const before = await source.snapshot('eth0', 1000);
	const set = await source.setFlowHash!('eth0', {flowType: 'udp4', fields: 'sd'}, 1500);
	t.deepEqual(set, {ok: true, value: {...all('sdfn'), udp4: 'sd'}});
	t.true(machine.calls().includes('-N eth0 rx-flow-hash udp4 sd'));
	const after = await source.snapshot('eth0', 2000);
	t.deepEqual(after.ok ? after.value.flowHash : undefined, {ok: true, value: {...all('sdfn'), udp4: 'sd'}});
	t.is(after.ok && before.ok ? after.value.epoch : -1, before.ok ? before.value.epoch : -2, 'no epoch bump: counters continue');
});

test('netvsc refuses sdf: ethtool exits 0 but says so; hvtop reports EOPNOTSUPP and the device is unchanged', async t => {
	const {source} = await setup(t);
	const set = await source.setFlowHash!('eth0', {flowType: 'udp4', fields: 'sdf'}, 1000);
	t.is(set.ok ? 'ok' : set.error.code, 'EOPNOTSUPP');
	t.regex(set.ok ? '' : set.error.message, /Operation not supported/);
	const now = await source.snapshot('eth0', 2000);
	t.deepEqual(now.ok ? now.value.flowHash : undefined, {ok: true, value: all('sdfn')});
});
