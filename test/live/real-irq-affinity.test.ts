// A real /proc/irq/N/smp_affinity_list change and revert on an interrupt of
// this machine, through the live source's bounded write (attribute-write.ts)
// and its reader (readAllowedCpus): the kernel's own answer, not a tmpfs file.
// It picks an interrupt the kernel lets user space move (a managed one says
// EIO and is passed over), moves it to another online CPU, reads it back and
// puts the original back — in teardown too, whatever happens. Skipped, saying
// why, where no such interrupt exists (one CPU, not root, a read-only /proc).
import {readdirSync, readFileSync} from 'node:fs';
import test from 'ava';
import {formatCpuList, parseCpuList} from '../../source/cpu-list.js';
import {writeAttribute} from '../../source/sources/live/attribute-write.js';
import {explainIrqWrite} from '../../source/sources/live/irq-cpu-set.js';
import {readAllowedCpus} from '../../source/sources/live/procfs.js';

const file = (irq: number) => `/proc/irq/${irq}/smp_affinity_list`;

function candidates(): Array<{irq: number; original: string}> {
	try {
		return readdirSync('/proc/irq').filter(entry => /^\d+$/.test(entry)).map(Number).sort((a, b) => a - b).flatMap(irq => {
			try {
				return [{irq, original: readFileSync(file(irq), 'utf8').trim()}];
			} catch {
				return [];
			}
		});
	} catch {
		return [];
	}
}

test('a real interrupt moved to another CPU, read back, and restored', async t => {
	const online = parseCpuList(readFileSync('/sys/devices/system/cpu/online', 'utf8')) ?? [];
	if (online.length < 2 || process.getuid?.() !== 0) {
		t.log(`skipped: needs root and two online CPUs (uid ${process.getuid?.() ?? '?'}, online ${formatCpuList(online)})`);
		t.pass();
		return;
	}

	const passedOver: string[] = [];
	for (const {irq, original} of candidates().slice(0, 64)) {
		const allowed = parseCpuList(original) ?? [];
		const target = online.find(cpu => formatCpuList([cpu]) !== formatCpuList(allowed));
		if (target === undefined) {
			continue;
		}

		let restored = false;
		const restore = async () => {
			if (!restored) {
				restored = true;
				const back = await writeAttribute(file(irq), `${original}\n`, 5000);
				if (!back.ok) {
					t.log(`could not restore IRQ ${irq} to ${original}: ${back.error.message}`);
				}
			}
		};

		t.teardown(restore);
		// eslint-disable-next-line no-await-in-loop -- one interrupt at a time, stopping at the first the kernel lets us move
		const moved = await writeAttribute(file(irq), `${target}\n`, 5000);
		if (!moved.ok) {
			restored = true;
			const {code} = moved.error;
			if (code === 'EIO') {
				t.regex(explainIrqWrite(moved.error, irq, [target]).message, /managed interrupt/);
				passedOver.push(`${irq} (managed: EIO)`);
				continue;
			}

			t.log(`skipped: the kernel refused writing IRQ ${irq}'s affinity (${code}: ${moved.error.message})${passedOver.length > 0 ? `; passed over ${passedOver.join(', ')}` : ''}`);
			t.pass();
			return;
		}

		// eslint-disable-next-line no-await-in-loop -- the read-back of the one write
		t.deepEqual(await readAllowedCpus('/proc', irq), [target], `IRQ ${irq} reads back CPU ${target}`);
		// eslint-disable-next-line no-await-in-loop -- the revert of the one write
		await restore();
		// eslint-disable-next-line no-await-in-loop -- its read-back
		t.is(formatCpuList((await readAllowedCpus('/proc', irq)) ?? []), formatCpuList(allowed), `IRQ ${irq} back on ${original}`);
		t.log(`moved IRQ ${irq} from ${original} to ${target} and back${passedOver.length > 0 ? `; passed over ${passedOver.join(', ')}` : ''}`);
		return;
	}

	t.log(`skipped: no interrupt on this machine may be moved by user space (${passedOver.length > 0 ? `managed: ${passedOver.join(', ')}` : 'none found'})`);
	t.pass();
});
