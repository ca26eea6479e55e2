// The live source moving a VF queue's interrupt on a synthetic Azure guest
// with a mana VF (test/helpers/synthetic-netvsc.ts, realVf): the vectors and
// their smp_affinity_list as the snapshot reads them, the write and its
// read-back, vectors replaced since the plan refused, and irqbalance found in
// /proc/*/comm. In the tmpfs tree a write is a plain file write.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {createLiveSource} from '../../source/sources/live/index.js';
import type {Source} from '../../source/sources/source.js';
import type {Result} from '../../source/types.js';
import {planChange} from '../../source/tuning/kinds/index.js';
import {vfIrqbalance} from '../../source/advice/rules/vf-irqbalance.js';
import {computeRates} from '../../source/stats/index.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';

const vf = 'enP30832s1';

async function setup(t: {teardown(fn: () => void | Promise<void>): void}): Promise<{machine: SyntheticMachine; source: Source}> {
	const machine = createSyntheticNetvsc({vcpus: 8, nics: [{name: 'eth0', channels: 8, maxChannels: 8, vf, vfDriver: 'mana', realVf: true}]});
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

test('a VF queue\'s vector moved: planned on the snapshot\'s vectors, written to smp_affinity_list and read back', async t => {
	const {machine, source} = await setup(t);
	const snap = unwrap(await source.snapshot('eth0', 1000));
	const irqs = snap.vfDevice?.queueIrqs ?? [];
	t.true(irqs.length > 1);
	const queue1 = irqs.find(irq => irq.queue === 1)!;
	const target = (queue1.cpus[0]! + 3) % 8;
	const planned = planChange('irq-cpu', 'eth0', snap, {queue: '1', cpu: String(target)}, {irqbalance: false});
	if (!planned.ok) {
		throw new Error(planned.problem.message);
	}

	const {plan} = planned;
	t.is(plan.vf?.name, vf);
	const readback = unwrap(await source.setIrqCpu!(vf, plan.request, 2000));
	t.is(readback, String(plan.after.irqAffinity));
	t.is(readFileSync(join(machine.procfsRoot, 'irq', String(queue1.irq), 'smp_affinity_list'), 'utf8').trim(), String(target));
	// Back, as the revert sends it.
	t.is(unwrap(await source.setIrqCpu!(vf, plan.before, 3000)), String(plan.before.irqAffinity));
});

test('vectors replaced since the plan (other IRQ numbers) are refused: EIO, nothing written', async t => {
	const {machine, source} = await setup(t);
	const snap = unwrap(await source.snapshot('eth0', 1000));
	const irqs = snap.vfDevice!.queueIrqs!;
	const stale = irqs.map(irq => `${irq.irq + 100}:${irq.queue === 0 ? 5 : irq.cpus.join(',')}`).join(' ');
	const result = await source.setIrqCpu!(vf, {irqAffinity: stale}, 2000);
	t.is(result.ok ? 'ok' : result.error.code, 'EIO');
	t.is(readFileSync(join(machine.procfsRoot, 'irq', String(irqs[0]!.irq), 'smp_affinity_list'), 'utf8').trim(), irqs[0]!.cpus.join(','));
	const netvsc = await source.setIrqCpu!('eth0', {irqAffinity: stale}, 2000);
	t.is(netvsc.ok ? 'ok' : netvsc.error.code, 'EOPNOTSUPP', 'eth0\'s channels are VMBus channels, not MSI-X vectors');
});

test('irqbalance: found by its comm in the proc tree, with its pid; none without', async t => {
	const {machine, source} = await setup(t);
	t.is(await source.irqBalancer!(), false);
	mkdirSync(join(machine.procfsRoot, '812'), {recursive: true});
	writeFileSync(join(machine.procfsRoot, '812', 'comm'), 'irqbalance\n');
	t.deepEqual(await source.irqBalancer!(), {pid: 812});
});

test('the snapshot says whether irqbalance runs (a VF with queue vectors), and the advice names a vector it packed', async t => {
	const {machine, source} = await setup(t);
	t.is(unwrap(await source.snapshot('eth0', 1000)).irqbalance, false);
	mkdirSync(join(machine.procfsRoot, '812'), {recursive: true});
	writeFileSync(join(machine.procfsRoot, '812', 'comm'), 'irqbalance\n');
	// Asked once a minute: the first answer stands until then.
	t.is(unwrap(await source.snapshot('eth0', 2000)).irqbalance, false);
	const irqs = unwrap(await source.snapshot('eth0', 62_000)).vfDevice?.queueIrqs ?? [];
	const first = irqs[0]!;
	const second = irqs[1]!;
	machine.setVfIrqCpu(vf, second.queue, first.cpus[0]!);
	const snap = unwrap(await source.snapshot('eth0', 63_000));
	t.deepEqual(snap.irqbalance, {pid: 812});
	const advice = vfIrqbalance({snapshot: snap, rates: computeRates(undefined, snap)});
	t.is(advice?.id, 'vf-irqbalance');
	t.regex(advice?.reason ?? '', new RegExp(`VF queues ${first.queue}, ${second.queue} \\(IRQ ${first.irq}, ${second.irq}\\) all go to CPU ${first.cpus[0]!}`));
	t.deepEqual(advice?.suggestion?.kind, 'irq-cpu');
});
