// A VF queue's CPU from its MSI-X vector: /proc/interrupts read once per poll,
// the affinity files under /proc/irq/N, and the counts when the affinity is a set.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {parseInterrupts} from '../../source/drivers/vf-irqs.js';
import {interruptsReader, readQueueIrqs} from '../../source/sources/live/vf-interrupts.js';

const pci = '7870:00:00.0';
const interrupts = (q1OnCpu2: number) => [
	'           CPU0       CPU1       CPU2       CPU3',
	` 24:        361          0          0          0  Hyper-V PCIe MSI 1-edge      mana_hwc@pci:${pci}`,
	` 25:        500          0          0          0  Hyper-V PCIe MSI 2-edge      mana_q0@pci:${pci}`,
	` 26:          3          0 ${String(q1OnCpu2).padStart(10)}          0  Hyper-V PCIe MSI 3-edge      mana_q1@pci:${pci}`,
	` 27:          0          0          0          0  Hyper-V PCIe MSI 4-edge      mana_q2@pci:${pci}`,
].join('\n');

function procfs(t: {teardown(fn: () => void): void}): string {
	const root = mkdtempSync(join(tmpdir(), 'hvtop-irq-'));
	t.teardown(() => {
		rmSync(root, {recursive: true, force: true});
	});
	return root;
}

function affinity(root: string, irq: number, file: string, text: string): void {
	mkdirSync(join(root, 'irq', String(irq)), {recursive: true});
	writeFileSync(join(root, 'irq', String(irq), file), text + '\n');
}

test('/proc/interrupts is read once per `now`', async t => {
	const root = procfs(t);
	writeFileSync(join(root, 'interrupts'), interrupts(10));
	const read = interruptsReader(root);
	const first = await read(1000);
	writeFileSync(join(root, 'interrupts'), interrupts(99));
	t.is(await read(1000), first, 'the same poll: the same parse');
	const next = await read(2000);
	t.is(next?.lines.find(line => line.irq === 26)?.counts[2], 99n);
	rmSync(join(root, 'interrupts'));
	t.is(await read(3000), undefined);
});

test('queue CPU: one allowed CPU is it; a set is narrowed by the counts; none known without either', async t => {
	const root = procfs(t);
	affinity(root, 25, 'smp_affinity_list', '0');
	affinity(root, 26, 'smp_affinity_list', '0-3');
	affinity(root, 27, 'effective_affinity_list', '3');
	affinity(root, 27, 'smp_affinity_list', '0-3');
	const irqs = await readQueueIrqs(root, parseInterrupts(interrupts(4711)), 'mana', pci);
	t.deepEqual([...irqs], [
		[0, {irq: 25, allowed: [0], cpu: 0, interrupts: 500n}],
		[1, {irq: 26, allowed: [0, 1, 2, 3], cpu: 2, interrupts: 4714n}],
		[2, {irq: 27, allowed: [0, 1, 2, 3], cpu: 3, interrupts: 0n}],
	]);
	// No affinity files and no interrupts yet: no CPU, rather than a guess.
	rmSync(join(root, 'irq'), {recursive: true});
	t.deepEqual((await readQueueIrqs(root, parseInterrupts(interrupts(0)), 'mana', pci)).get(2), {irq: 27, interrupts: 0n});
});

test('unknown driver, missing address or unreadable /proc/interrupts: no queue CPUs', async t => {
	const root = procfs(t);
	const parsed = parseInterrupts(interrupts(1));
	t.is((await readQueueIrqs(root, parsed, 'ixgbevf', pci)).size, 0);
	t.is((await readQueueIrqs(root, parsed, 'mana', undefined)).size, 0);
	t.is((await readQueueIrqs(root, undefined, 'mana', pci)).size, 0);
	t.is((await readQueueIrqs(root, parsed, 'mana', '../../etc')).size, 0);
});
