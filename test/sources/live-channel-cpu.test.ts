// The live source moving a synthetic channel on a synthetic Azure guest
// (test/helpers/synthetic-netvsc.ts): the channel map and relids as the
// snapshot reads them, the write to channels/<relid>/cpu and its read-back,
// and a request planned on channels since re-created (other relids) refused
// with nothing written. In the tmpfs tree a write is a plain file write.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {createLiveSource} from '../../source/sources/live/index.js';
import type {Source} from '../../source/sources/source.js';
import type {Result} from '../../source/types.js';
import {planChange, restoreCommand} from '../../source/tuning/kinds/index.js';
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

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) {
		throw new Error(`${result.error.code}: ${result.error.message}`);
	}

	return result.value;
}

const cpuFile = (machine: SyntheticMachine, relid: number): string => {
	const {guid} = machine.state().devices['eth0'] as {guid: string};
	return join(machine.sysfsRoot, 'bus', 'vmbus', 'devices', guid, 'channels', String(relid), 'cpu');
};

test('the channel map with its relids; a move is written to the channel\'s cpu file and read back', async t => {
	const {machine, source} = await setup(t);
	const snap = unwrap(await source.snapshot('eth0', 1000));
	const relids = snap.channelRelids!;
	t.is(relids.length, snap.channelCpu.length);
	t.is(new Set(relids).size, relids.length);
	const planned = planChange('channel-cpu', 'eth0', snap, {channel: '2', cpu: String((snap.channelCpu[2]! + 1) % snap.vcpus)});
	if (!planned.ok) {
		throw new Error(planned.problem.message);
	}

	const {plan} = planned;
	const moved = unwrap(await source.setChannelCpu!('eth0', plan.request, 2000));
	t.deepEqual(moved, plan.after.channelCpus);
	t.is(readFileSync(cpuFile(machine, relids[2]!), 'utf8').trim(), String(plan.after.channelCpus![2]));
	t.deepEqual(unwrap(await source.snapshot('eth0', 3000)).channelCpu, plan.after.channelCpus);
	t.is(restoreCommand({dev: 'eth0', kind: 'channel-cpu', before: plan.before, after: plan.after}), `echo ${snap.channelCpu[2]!} > /sys/class/net/eth0/device/channels/${relids[2]!}/cpu`);
	// Back, as a revert sends it: the whole map of before.
	t.deepEqual(unwrap(await source.setChannelCpu!('eth0', plan.before, 4000)), [...snap.channelCpu]);
});

test('a request planned on channels since re-created (other relids) is refused: EIO, nothing written', async t => {
	const {machine, source} = await setup(t);
	const snap = unwrap(await source.snapshot('eth0', 1000));
	const cpus = [...snap.channelCpu];
	cpus[1] = (cpus[1]! + 1) % snap.vcpus;
	const stale = snap.channelRelids!.map(relid => relid + 100);
	const result = await source.setChannelCpu!('eth0', {channelCpus: cpus, channelRelids: stale}, 2000);
	t.false(result.ok);
	t.is(result.ok ? '' : result.error.code, 'EIO');
	t.is(readFileSync(cpuFile(machine, snap.channelRelids![1]!), 'utf8').trim(), String(snap.channelCpu[1]));
});

test('a device without VMBus channels: EOPNOTSUPP with the reason', async t => {
	const {source} = await setup(t);
	const snap = unwrap(await source.snapshot('eth0', 1000));
	const planned = planChange('channel-cpu', 'eth0', {...snap, channelCpu: []}, {channel: '0', cpu: '1'});
	t.like(planned.ok ? {} : planned.problem, {kind: 'refused', error: {code: 'EOPNOTSUPP'}});
	const result = await source.setChannelCpu!('enP30832s1', {channelCpus: [0]}, 2000);
	t.is(result.ok ? 'ok' : result.error.code, 'EOPNOTSUPP');
});
