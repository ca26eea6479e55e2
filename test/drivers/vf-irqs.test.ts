// The VF's MSI-X vectors in /proc/interrupts (names as gdma_main.c and
// mlx5 pci_irq.c request them) and where they are delivered (/proc/irq/N).
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {cpuColumns, isPciAddress, namesQueueIrqs, parseInterrupts, vfIrqs} from '../../source/drivers/vf-irqs.js';
import {parseSoftirqs, readIrqAffinity} from '../../source/sources/live/procfs.js';

// A 4-vCPU MANA VM: the hardware channel and one vector per queue; kernel-internal rows after.
const manaVm = [
	'           CPU0       CPU1       CPU2       CPU3       ',
	'  1:          0          9          0          0  IO-APIC   1-edge      i8042',
	' 24:        361          0          0          0  Hyper-V PCIe MSI 1140850688-edge      mana_hwc@pci:7870:00:00.0',
	' 25:      80312          0          0          0  Hyper-V PCIe MSI 1140850689-edge      mana_q0@pci:7870:00:00.0',
	' 26:          0      79034          0          0  Hyper-V PCIe MSI 1140850690-edge      mana_q1@pci:7870:00:00.0',
	' 27:          0          0      81002          0  Hyper-V PCIe MSI 1140850691-edge      mana_q2@pci:7870:00:00.0',
	' 28:          0          0          0 4294967295  Hyper-V PCIe MSI 1140850692-edge      mana_q3@pci:7870:00:00.0',
	'NMI:          0          0          0          0   Non-maskable interrupts',
	'LOC:     123456     234567     345678     456789   Local timer interrupts',
	'HVS:     361210     125467     260214     161733   Hyper-V stimer0 interrupts',
	'ERR:          0',
].join('\n');

// An older size: a ConnectX VF (mlx5), CPU1 offline, and a second VF on another address.
const mlx5Vm = [
	'           CPU0       CPU2',
	' 29:          0          0  Hyper-V PCIe MSI 2-edge      mlx5_async0@pci:0002:00:02.0',
	' 30:       5123          0  Hyper-V PCIe MSI 3-edge      mlx5_comp0@pci:0002:00:02.0',
	' 31:          0       4711  Hyper-V PCIe MSI 4-edge      mlx5_comp1@pci:0002:00:02.0',
	' 40:          7          0  Hyper-V PCIe MSI 5-edge      mlx5_comp0@pci:0003:00:02.0',
].join('\n');

test('mana: mana_qN on the VF\'s address is queue N; mana_hwc is a control vector; per-CPU counts exact', t => {
	const irqs = vfIrqs(parseInterrupts(manaVm), 'mana', '7870:00:00.0');
	t.deepEqual(irqs?.queues.map(q => [q.queue, q.irq]), [[0, 25], [1, 26], [2, 27], [3, 28]]);
	t.deepEqual(irqs?.queues[1]!.perCpu, new Map([[0, 0n], [1, 79_034n], [2, 0n], [3, 0n]]));
	t.is(irqs?.queues[3]!.perCpu.get(3), 4_294_967_295n);
	t.deepEqual(irqs?.control.map(c => [c.name, c.irq]), [['mana_hwc', 24]]);
});

test('mlx5_core: mlx5_compN by channel, only the VF\'s own address; CPU columns follow the header\'s gaps', t => {
	const interrupts = parseInterrupts(mlx5Vm);
	t.deepEqual(interrupts.cpus, [0, 2]);
	const irqs = vfIrqs(interrupts, 'mlx5_core', '0002:00:02.0');
	t.deepEqual(irqs?.queues.map(q => [q.queue, q.irq, [...q.perCpu]]), [[0, 30, [[0, 5123n], [2, 0n]]], [1, 31, [[0, 0n], [2, 4711n]]]]);
	t.deepEqual(irqs?.control.map(c => c.name), ['mlx5_async0']);
	t.deepEqual(vfIrqs(interrupts, 'mlx5_core', '0003:00:02.0')?.queues.map(q => q.irq), [40]);
	t.deepEqual(vfIrqs(interrupts, 'mlx5_core', '0004:00:02.0'), {queues: [], control: []}, 'a VF without vectors (yet)');
});

test('unknown drivers, bad addresses and other drivers\' names give nothing', t => {
	const interrupts = parseInterrupts(manaVm);
	t.is(vfIrqs(interrupts, 'hv_netvsc', '7870:00:00.0'), undefined);
	t.is(vfIrqs(interrupts, undefined, '7870:00:00.0'), undefined);
	t.is(vfIrqs(interrupts, '__proto__', '7870:00:00.0'), undefined);
	t.is(vfIrqs(interrupts, 'mana', '../7870'), undefined);
	t.deepEqual(vfIrqs(interrupts, 'mlx5_core', '7870:00:00.0'), {queues: [], control: []});
	t.true(namesQueueIrqs('mana'));
	t.false(namesQueueIrqs('constructor'));
	t.true(isPciAddress('7870:00:00.0'));
	t.true(isPciAddress('0002:00:02.7'));
	t.false(isPciAddress('0002:00:02.8'));
	t.false(isPciAddress('7870:00:00.0\n'));
});

test('hostile lines: huge IRQs and queues, leading zeros, shared and case-shifted names, controls', t => {
	const text = [
		'           CPU0       CPU1',
		'99999999:   1   1   x      mana_q5@pci:7870:00:00.0',
		' 16777216:  1   1   x      mana_q6@pci:7870:00:00.0',
		' 50:        1   2   x      mana_q4096@pci:7870:00:00.0',
		' 51:        1   2   x      mana_q07@pci:7870:00:00.0',
		' 52:        3   4   x      eth0-shared, mana_q1@pci:7870:00:00.0,',
		' 53:        5   6   x      mana_q2@PCI:7870:00:00.0',
		' 54:        7   8   x      mana_q3@pci:7870:00:00.0\u001B[31m',
		' 55:        9      x      mana_q0@pci:7870:00:00.0',
		' 56:        9   9   x      mana_q0@pci:7870:00:00.0',
		' 57:       -1   2   x      mana_q8@pci:7870:00:00.0',
	].join('\n');
	const irqs = vfIrqs(parseInterrupts(text), 'mana', '7870:00:00.0');
	// Queue 0 keeps its first vector, even one with a missing count; -1 is no count.
	t.deepEqual(irqs?.queues.map(q => [q.queue, q.irq, [...q.perCpu.values()]]), [[0, 55, [9n]], [1, 52, [3n, 4n]], [2, 53, [5n, 6n]], [8, 57, []]]);
});

test('cpuColumns is the one header reader: /proc/softirqs reads its columns the same way', t => {
	t.deepEqual(cpuColumns('   CPU0   CPU3  CPU8192 cpu4 CPU07x'), [0, 3, undefined, undefined, undefined]);
	t.deepEqual(cpuColumns(''), []);
	t.deepEqual([...parseSoftirqs('   CPU1  CPU5\nNET_RX: 3 4\n').keys()], [1, 5]);
});

test('property: any text parses without throwing; numbers stay within their bounds', t => {
	const line = fc.oneof(
		fc.string({maxLength: 80}),
		fc.tuple(fc.nat({max: 1 << 25}), fc.array(fc.oneof(fc.bigInt({min: 0n, max: 1n << 70n}).map(String), fc.constantFrom('x', '-3', '')), {maxLength: 6}), fc.constantFrom('mana_q', 'mana_hwc', 'mlx5_comp', 'x'), fc.oneof(fc.nat({max: 9000}).map(String), fc.constantFrom('00', '', '-1')), fc.constantFrom('7870:00:00.0', '7870:00:00.1', '')).map(([irq, counts, base, n, pci]) => `${irq}: ${counts.join(' ')}  MSI  ${base}${base === 'mana_hwc' ? '' : n}@pci:${pci}`),
	);
	const header = fc.array(fc.oneof(fc.nat({max: 10_000}).map(n => `CPU${n}`), fc.string({maxLength: 5})), {maxLength: 6}).map(columns => columns.join('  '));
	fc.assert(fc.property(header, fc.array(line, {maxLength: 30}), (head, lines) => {
		const interrupts = parseInterrupts([head, ...lines].join('\n'));
		for (const cpu of interrupts.cpus) {
			t.true(cpu === -1 || (cpu >= 0 && cpu < 8192));
		}

		const irqs = vfIrqs(interrupts, 'mana', '7870:00:00.0')!;
		const queues = irqs.queues.map(q => q.queue);
		t.deepEqual(queues, [...new Set(queues)].sort((a, b) => a - b));
		for (const queue of irqs.queues) {
			t.true(queue.queue < 4096 && queue.irq < (1 << 24));
			for (const cpu of queue.perCpu.keys()) {
				t.true(interrupts.cpus.includes(cpu));
			}
		}
	}), {numRuns: 300});
});

test('affinity: the effective list first, the allowed list as fallback, nothing for garbage', async t => {
	const root = mkdtempSync(join(tmpdir(), 'hvtop-irq-'));
	t.teardown(() => {
		rmSync(root, {recursive: true, force: true});
	});
	const write = (irq: number, file: string, text: string) => {
		mkdirSync(join(root, 'irq', String(irq)), {recursive: true});
		writeFileSync(join(root, 'irq', String(irq), file), text);
	};

	write(25, 'effective_affinity_list', '2\n');
	write(25, 'smp_affinity_list', '0-3\n');
	write(26, 'smp_affinity_list', '0-3,8,10-11\n');
	write(27, 'smp_affinity_list', '0-99999\n');
	write(28, 'effective_affinity_list', '\n');
	write(28, 'smp_affinity_list', '5\n');
	t.deepEqual(await readIrqAffinity(root, 25), [2]);
	t.deepEqual(await readIrqAffinity(root, 26), [0, 1, 2, 3, 8, 10, 11]);
	t.is(await readIrqAffinity(root, 27), undefined, 'beyond maxCpus');
	t.deepEqual(await readIrqAffinity(root, 28), [5]);
	t.is(await readIrqAffinity(root, 29), undefined);
	t.is(await readIrqAffinity(root, -1), undefined);
	t.is(await readIrqAffinity(root, Number.NaN), undefined);
});
