// irqbalance undoing VF interrupt placement: only while irqbalance runs; a
// vector hvtop placed (a kept irq-cpu change) found elsewhere, or vectors an
// even spread had apart now sharing a CPU while another takes none. The advice
// has the numbers, says what to do, and prefills the irq-cpu dialog.
import test from 'ava';
import {maxTitleLength} from '../../source/advice/index.js';
import {references} from '../../source/advice/references.js';
import {vfIrqbalance, vfIrqbalanceId} from '../../source/advice/rules/vf-irqbalance.js';
import {placedIrqsOf} from '../../source/app.js';
import type {AdviceInput} from '../../source/advice/types.js';
import type {VfQueueIrqAffinity} from '../../source/types.js';
import type {ChangeView} from '../../source/tuning/types.js';
import {vfDevice, withVf} from './vf-fixtures.js';

const spread = (queues: number): VfQueueIrqAffinity[] => Array.from({length: queues}, (_, queue) => ({queue, irq: 41 + queue, cpus: [queue]}));

async function input(irqs: VfQueueIrqAffinity[], irqbalance: {pid: number} | false | undefined, placed?: ReadonlyMap<number, readonly number[]>): Promise<AdviceInput> {
	const base = await withVf({...vfDevice({combined: irqs.length}), queueIrqs: irqs});
	return {
		...base,
		snapshot: {...base.snapshot, ...(irqbalance === undefined ? {} : {irqbalance})},
		...(placed ? {placedIrqs: placed} : {}),
	};
}

test('no advice without irqbalance, or while it is unknown, whatever the placement', async t => {
	const packed = spread(4).map(irq => ({...irq, cpus: [0]}));
	t.is(vfIrqbalance(await input(packed, false)), undefined);
	t.is(vfIrqbalance(await input(packed, undefined)), undefined);
	t.is(vfIrqbalance(await input(spread(4), {pid: 812})), undefined, 'an even spread: nothing to say');
});

test('a vector hvtop placed that irqbalance moved: named with both CPUs, the remedy, the dialog prefilled to put it back', async t => {
	const now = spread(4).map(irq => (irq.queue === 2 ? {...irq, cpus: [5]} : irq));
	const advice = vfIrqbalance(await input(now, {pid: 812}, new Map([[43, [7]]])));
	t.is(advice?.id, vfIrqbalanceId);
	t.is(advice?.severity, 'warn');
	t.true((advice?.title.length ?? 99) <= maxTitleLength, advice?.title);
	t.is(advice?.title, 'irqbalance moved 1 VF queue interrupt hvtop placed on enP30832s1');
	const reason = advice?.reason ?? '';
	t.true(reason.startsWith('VF queue 2 (IRQ 43) CPU 7 → 5: moved since hvtop set them'), reason);
	t.true(reason.includes('irqbalance (pid 812)'), reason);
	t.true(reason.includes('IRQBALANCE_ARGS="--banirq=43"'), reason);
	t.true(reason.includes('IRQBALANCE_BANNED_CPULIST'), reason);
	t.true(reason.includes('systemctl disable --now irqbalance'), reason);
	t.deepEqual(advice?.suggestion, {kind: 'irq-cpu', value: {queue: 2, cpu: 7}});
	t.is(advice?.source, references.irqbalance);
});

test('vectors packed on one CPU while online CPUs take none: advice to move one to a free CPU', async t => {
	const now = spread(4).map(irq => (irq.queue === 3 ? {...irq, cpus: [1]} : irq));
	const advice = vfIrqbalance(await input(now, {pid: 812}));
	t.is(advice?.title, 'enP30832s1: 2 VF queue interrupts share CPU 1, irqbalance running');
	const reason = advice?.reason ?? '';
	t.true(reason.startsWith('VF queues 1, 3 (IRQ 42, 44) all go to CPU 1 while'), reason);
	t.true(reason.includes('--banirq=44'), reason);
	t.deepEqual(advice?.suggestion, {kind: 'irq-cpu', value: {queue: 3, cpu: 3}});
});

test('packed where hvtop put them (a kept move), more vectors than CPUs, or masks of several CPUs: no advice', async t => {
	const now = spread(4).map(irq => (irq.queue === 3 ? {...irq, cpus: [1]} : irq));
	t.is(vfIrqbalance(await input(now, {pid: 812}, new Map([[44, [1]]]))), undefined, 'the admin moved it there with hvtop');
	const wide = spread(4).map(irq => ({...irq, cpus: [0, 1, 2, 3]}));
	t.is(vfIrqbalance(await input(wide, {pid: 812})), undefined);
	const base = await input(spread(4), {pid: 812});
	const many = Array.from({length: base.snapshot.softirqs.length + 1}, (_, queue) => ({queue, irq: 41 + queue, cpus: [0]}));
	t.is(vfIrqbalance(await input(many, {pid: 812})), undefined, 'more queues than CPUs must share');
});

test('placedIrqsOf: the IRQ → CPUs of a kept irq-cpu change on the device, nothing else', t => {
	const change = {id: 'a', dev: 'eth0', kind: 'irq-cpu', state: 'KEPT', before: {irqAffinity: '41:0 42:1'}, after: {irqAffinity: '41:0 42:6-7'}} as unknown as ChangeView;
	t.deepEqual(placedIrqsOf(change, 'eth0'), new Map([[41, [0]], [42, [6, 7]]]));
	t.is(placedIrqsOf(change, 'eth1'), undefined);
	t.is(placedIrqsOf({...change, state: 'AWAIT_CONFIRM'}, 'eth0'), undefined);
	t.is(placedIrqsOf({...change, kind: 'channels'}, 'eth0'), undefined);
});
