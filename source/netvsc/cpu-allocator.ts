// Which CPU a new VMBus "perf" channel (NIC or storage) interrupts:
// drivers/hv/channel_mgmt.c:init_vp_index. NUMA nodes are taken round-robin
// (one global cursor); within a node the lowest CPU not yet in that node's
// allocated mask wins; a full node's mask is cleared and allocation starts
// over. A sub-channel avoids CPUs its own device already uses, for up to
// ncpu + 1 attempts. The state is global: the offer order of every device
// (storage, other NICs) shapes the result.

/** CPU 0: where non-perf channels live (VMBUS_CONNECT_CPU); it never leaves the masks. */
export const vmbusConnectCpu = 0;

export type CpuTopology = {
	/** CPU ids of each NUMA node. */
	readonly nodes: ReadonlyArray<readonly number[]>;
	readonly isOnline: (cpu: number) => boolean;
};

export type CpuAllocator = {
	/**
	 * Choose the CPU of a new perf channel.
	 * @param siblingCpus CPUs already used by the same device's channels (primary and sub-channels)
	 * @param subChannelIndex 0 for a primary channel
	 */
	allocate(siblingCpus: readonly number[], subChannelIndex: number): number;
	/** A perf channel on `cpu` was removed (hv_process_channel_removal). */
	release(cpu: number): void;
	/** A channel was moved by a sysfs write (hv_update_allocated_cpus). */
	move(from: number, to: number): void;
	/** Number of perf channels currently on `cpu` (for tests and views). */
	channelsOn(cpu: number): number;
};

export function createCpuAllocator(topology: CpuTopology): CpuAllocator {
	const nodeOf = new Map<number, number>();
	for (const [node, cpus] of topology.nodes.entries()) {
		for (const cpu of cpus) {
			nodeOf.set(cpu, node);
		}
	}

	const allocated = topology.nodes.map(() => new Set<number>());
	const users = new Map<number, number>();
	let nextNode = 0;

	const onlineCount = (): number => [...nodeOf.keys()].filter(cpu => topology.isOnline(cpu)).length;
	const nodeCpus = (node: number): number[] => (topology.nodes[node] ?? []).filter(cpu => topology.isOnline(cpu));

	const pickNode = (): number => {
		for (;;) {
			const node = nextNode++;
			if (node >= topology.nodes.length) {
				nextNode = 0;
				continue;
			}

			if (nodeCpus(node).length > 0) {
				return node;
			}
		}
	};

	const setAllocated = (cpu: number): void => {
		allocated[nodeOf.get(cpu) ?? 0]?.add(cpu);
	};

	// Only forget the CPU when no channel is left on it; CPU 0 always hosts the non-perf channels.
	const clearAllocated = (cpu: number): void => {
		if (cpu !== vmbusConnectCpu && (users.get(cpu) ?? 0) === 0) {
			allocated[nodeOf.get(cpu) ?? 0]?.delete(cpu);
		}
	};

	const use = (cpu: number, delta: number): void => {
		users.set(cpu, Math.max(0, (users.get(cpu) ?? 0) + delta));
	};

	return {
		allocate(siblingCpus, subChannelIndex) {
			const ncpu = onlineCount();
			let target = vmbusConnectCpu;
			for (let attempt = 1; attempt <= ncpu + 1; attempt++) {
				const node = pickNode();
				const mask = allocated[node]!;
				let available = nodeCpus(node).filter(cpu => !mask.has(cpu));
				if (available.length === 0) {
					mask.clear();
					available = nodeCpus(node);
				}

				target = Math.min(...available);
				mask.add(target);
				if (subChannelIndex === 0 || subChannelIndex >= ncpu || attempt > ncpu || !siblingCpus.includes(target)) {
					break;
				}
			}

			use(target, 1);
			return target;
		},
		release(cpu) {
			use(cpu, -1);
			clearAllocated(cpu);
		},
		move(from, to) {
			use(from, -1);
			use(to, 1);
			setAllocated(to);
			clearAllocated(from);
		},
		channelsOn: cpu => users.get(cpu) ?? 0,
	};
}
