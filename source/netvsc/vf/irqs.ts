// The VF's queue interrupts as the model keeps them: one MSI-X vector per
// queue (after the driver's control vector), each delivered to the first
// online CPU of its affinity (`/proc/irq/N/smp_affinity_list`). By default
// queue q's vector is on the q-th online CPU, as the drivers spread them; an
// admin's write moves it until the VF is re-added. Pure: the online CPUs are
// passed in.
import {failWith} from '../../errors.js';
import {ok, type Result} from '../../types.js';

/** A queue's vector and where it may be delivered. */
export type VfQueueIrqState = {readonly queue: number; readonly irq: number; readonly cpus: readonly number[]};

/** The model's first VF vector number (the control vector), as a small VM numbers them. */
const firstIrq = 24;

export class VfIrqs {
	readonly #moved = new Map<number, readonly number[]>();

	/** Queue q's vector number: after the control vector. */
	irqOf(queue: number): number {
		return firstIrq + 1 + queue;
	}

	/** The CPUs queue q's vector may be delivered to. */
	affinity(queue: number, online: readonly number[]): readonly number[] {
		const moved = this.#moved.get(queue);
		if (moved) {
			return moved;
		}

		return online.length > 0 ? [online[queue % online.length]!] : [];
	}

	/** The CPU that takes queue q's interrupts: the first online CPU of its affinity. */
	cpuOf(queue: number, online: readonly number[]): number | undefined {
		return this.affinity(queue, online).find(cpu => online.includes(cpu)) ?? online[queue % Math.max(1, online.length)];
	}

	list(queues: number, online: readonly number[]): VfQueueIrqState[] {
		return Array.from({length: queues}, (_, queue) => ({queue, irq: this.irqOf(queue), cpus: this.affinity(queue, online)}));
	}

	/** `echo LIST > /proc/irq/N/smp_affinity_list`: irq_set_affinity refuses a mask without an online CPU (EINVAL). */
	write(irq: number, cpus: readonly number[], queues: number, online: readonly number[]): Result<readonly number[]> {
		const queue = irq - firstIrq - 1;
		if (!Number.isInteger(queue) || queue < 0 || queue >= queues) {
			return failWith('ENOENT', `/proc/irq/${irq}/smp_affinity_list: no such VF vector`);
		}

		if (!cpus.some(cpu => online.includes(cpu))) {
			return failWith('EINVAL');
		}

		this.#moved.set(queue, [...cpus].sort((a, b) => a - b));
		return ok(this.affinity(queue, online));
	}

	/** A re-added VF has new vectors with the driver's spread. */
	reset(): void {
		this.#moved.clear();
	}
}
