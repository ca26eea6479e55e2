// What the rings and the CPUs make of one step's demand: how much the CPUs
// process, and which driver error/event counters rise. The driver only counts
// events; *when* they happen here is a documented heuristic, chosen to be
// plausible for Azure guests (safety-and-practice.md §2.4), not driver truth:
//
// - CPU: softirq work per CPU = Σ per-packet and per-byte costs of the queues it
//   serves plus its VF traffic. Softirqs run before user work, so network work
//   only loses packets when it alone exceeds the CPU; then the host drops the
//   excess RX and TX is throttled (qdisc backpressure).
// - tx_send_full: small skbs are copied into send-buffer sections held until
//   the host completes them. When peak small-skb rate × completion time needs
//   more sections than the device has, the excess goes by page list instead.
// - stop_queue / wake_queue / tx_busy: a queue sending faster than the host
//   drains its outbound ring (in skbs or in bytes) stops (< 10 % free) and
//   wakes (> 20 % free), once per ~256 skbs of drain; some sends meet -EAGAIN
//   first (tx_busy).
// - RX sections: received frames occupy receive-buffer sections until the guest
//   completes them; a busy CPU completes late. Frames beyond the sections are
//   lost at the host; rx_comp_busy rises when completions meet a full outbound
//   ring (TX saturation or section exhaustion); rx_no_memory when the CPU is
//   overloaded (skb allocation under pressure).
// - softnet: NET_RX counts NAPI polls (batched as rate grows), NET_TX counts
//   queue wake-ups and requeues; time_squeeze grows as softirq load nears the
//   CPU's capacity; drops only under real overload.
import type {Accumulator} from './accumulator.js';
import {globalIndex, queueSlot, queueStatCount, vfCpuSlot} from './stats.js';
import type {Demand} from './traffic.js';

export type CpuCosts = {
	/** Seconds of CPU per synthetic received frame / byte (bytes are copied out of the receive buffer). */
	readonly rxPacket: number;
	readonly rxByte: number;
	readonly txPacket: number;
	readonly txByte: number;
	readonly vfRxPacket: number;
	readonly vfRxByte: number;
	readonly vfTxPacket: number;
	readonly vfTxByte: number;
};

export const defaultCosts: CpuCosts = {
	rxPacket: 2e-6,
	rxByte: 0.4e-9,
	txPacket: 1.2e-6,
	txByte: 0.1e-9,
	vfRxPacket: 0.7e-6,
	vfRxByte: 0.05e-9,
	vfTxPacket: 0.5e-6,
	vfTxByte: 0.02e-9,
};

export type Capacities = {
	/** skbs/s the host drains from one channel's outbound ring. */
	readonly txQueuePps: number;
	/** Bytes/s the host drains from one channel (large TSO skbs hit this first). */
	readonly txQueueBytesPerSecond: number;
	/** How long a receive section stays in use when the CPU is idle, seconds. */
	readonly rxHoldSeconds: number;
	/** How long a send section stays in use until the host completes it, seconds. */
	readonly txHoldSeconds: number;
	/** skbs between the stop (10 % free) and wake (20 % free) marks of a 512 KiB ring. */
	readonly stopHysteresis: number;
};

export const defaultCapacities: Capacities = {
	txQueuePps: 300_000,
	txQueueBytesPerSecond: 1.25e9,
	rxHoldSeconds: 0.0002,
	txHoldSeconds: 0.00025,
	stopHysteresis: 256,
};

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** Work each CPU must do for a device's demand (added to `work`, seconds). */
export function addCpuWork(work: Float64Array, demand: Demand, channelCpu: readonly number[], costs: CpuCosts): void {
	for (let q = 0; q < demand.channels; q++) {
		const cpu = channelCpu[q] ?? 0;
		work[cpu]! += (demand.rxPackets[q]! * costs.rxPacket) + (demand.rxBytes[q]! * costs.rxByte)
			+ (demand.txPackets[q]! * costs.txPacket) + (demand.txBytes[q]! * costs.txByte);
	}

	for (let cpu = 0; cpu < work.length; cpu++) {
		work[cpu]! += (demand.vfRxPackets[cpu]! * costs.vfRxPacket) + (demand.vfRxBytes[cpu]! * costs.vfRxByte)
			+ (demand.vfTxPackets[cpu]! * costs.vfTxPacket) + (demand.vfTxBytes[cpu]! * costs.vfTxByte);
	}
}

/** Softirq load per CPU (network work / step length); > 1 means more than the CPU can do. */
export type CpuState = {
	readonly load: Float64Array;
};

export type DeviceCounters = {
	readonly globals: Accumulator;
	/** cpus × 4 (vfCpuSlot order). */
	readonly vfPerCpu: Accumulator;
	/** vf_tx_dropped is a u32 in the driver: kept as a number that wraps. */
	vfTxDropped: number;
};

/** /proc/softirqs NET_RX/NET_TX and /proc/net/softnet_stat dropped/squeezed, per CPU. */
export type Softnet = {
	/** cpus × 4: netRx, netTx, dropped, squeezed. */
	readonly counters: Accumulator;
};

export const softnetSlot = {netRx: 0, netTx: 1, dropped: 2, squeezed: 3} as const;

export type Sections = {readonly recv: number; readonly send: number};

const pollBatch = (ratePerSecond: number): number => Math.min(64, 1 + (ratePerSecond / 25_000));

/**
 * Commit one device's step: processed traffic into the per-queue and VF
 * counters, events into the global counters, and softirq activity per CPU.
 */
export type QueueState = {
	readonly channelCpu: readonly number[];
	readonly sections: Sections;
	/** channels × 8 (queueSlot order): restarts with every re-add. */
	readonly queues: Accumulator;
};

export function commitDemand(
	demand: Demand,
	seconds: number,
	state: QueueState,
	cpu: CpuState,
	counters: DeviceCounters,
	softnet: Softnet,
	capacities: Capacities,
): void {
	if (seconds <= 0) {
		return;
	}

	const {globals} = counters;
	const {channelCpu, sections, queues} = state;
	const served = (q: number): number => {
		const load = cpu.load[channelCpu[q] ?? 0] ?? 0;
		return load > 1 ? 1 / load : 1;
	};

	const busyFactor = (q: number): number => 1 + (10 * Math.max(0, (cpu.load[channelCpu[q] ?? 0] ?? 0) - 0.85));

	// Device-wide section pressure (both buffers are shared by all channels).
	let recvNeeded = 0;
	let sendNeeded = 0;
	for (let q = 0; q < demand.channels; q++) {
		recvNeeded += (demand.rxBurst[q]! / seconds) * capacities.rxHoldSeconds * busyFactor(q);
		sendNeeded += (demand.txSmallBurst[q]! / seconds) * capacities.txHoldSeconds * busyFactor(q);
	}

	const recvShort = recvNeeded > sections.recv ? 1 - (sections.recv / recvNeeded) : 0;
	const sendShort = sendNeeded > sections.send ? 1 - (sections.send / sendNeeded) : 0;

	for (let q = 0; q < demand.channels; q++) {
		const cpuId = channelCpu[q] ?? 0;
		const load = cpu.load[cpuId] ?? 0;
		const share = served(q);
		const base = q * queueStatCount;

		// RX: CPU capacity first, then receive sections.
		const rxOffered = demand.rxPackets[q]! * share;
		const rxFrames = rxOffered * (1 - recvShort);
		const rxBytes = demand.rxBytes[q]! * share * (1 - recvShort);
		queues.add(base + queueSlot.rxPackets, rxFrames);
		queues.add(base + queueSlot.rxBytes, rxBytes);

		// TX: host drain rate per channel, then send sections.
		const txWanted = demand.txPackets[q]! * share;
		const meanSkb = demand.txPackets[q]! > 0 ? demand.txBytes[q]! / demand.txPackets[q]! : 0;
		const txLimit = Math.min(capacities.txQueuePps, meanSkb > 0 ? capacities.txQueueBytesPerSecond / meanSkb : Number.POSITIVE_INFINITY) * seconds;
		const txSent = Math.min(txWanted, txLimit);
		const txRatio = txWanted > 0 ? txSent / txWanted : 1;
		queues.add(base + queueSlot.txPackets, txSent);
		queues.add(base + queueSlot.txBytes, demand.txBytes[q]! * share * txRatio);

		const saturation = txLimit > 0 ? clamp01((txWanted / txLimit) - 1) : 0;
		const stops = saturation * (txLimit / capacities.stopHysteresis);
		globals.add(globalIndex.stop_queue, stops);
		globals.add(globalIndex.wake_queue, stops);
		globals.add(globalIndex.tx_busy, stops * 0.1);
		globals.add(globalIndex.tx_send_full, demand.txSmall[q]! * share * txRatio * sendShort);

		globals.add(globalIndex.rx_comp_busy, (rxFrames / 64) * clamp01(saturation + recvShort));
		globals.add(globalIndex.rx_no_memory, rxFrames * 1e-4 * Math.max(0, load - 1));

		const polls = (rxFrames + (txSent * 0.25)) / pollBatch((rxFrames + txSent) / seconds);
		softnet.counters.add((cpuId * 4) + softnetSlot.netRx, polls);
		softnet.counters.add((cpuId * 4) + softnetSlot.netTx, stops * 1.1);
	}

	for (let c = 0; c * 4 < counters.vfPerCpu.values.length; c++) {
		const load = cpu.load[c] ?? 0;
		const share = load > 1 ? 1 / load : 1;
		const rx = demand.vfRxPackets[c]! * share;
		const tx = demand.vfTxPackets[c]! * share;
		counters.vfPerCpu.add((c * 4) + vfCpuSlot.rxPackets, rx);
		counters.vfPerCpu.add((c * 4) + vfCpuSlot.rxBytes, demand.vfRxBytes[c]! * share);
		counters.vfPerCpu.add((c * 4) + vfCpuSlot.txPackets, tx);
		counters.vfPerCpu.add((c * 4) + vfCpuSlot.txBytes, demand.vfTxBytes[c]! * share);
		if (rx + tx > 0) {
			softnet.counters.add((c * 4) + softnetSlot.netRx, (rx + (tx * 0.25)) / pollBatch((rx + tx) / seconds));
		}
	}
}

/** Per-CPU softnet effects of the step's load (once per step, after all devices). */
export function commitSoftnet(softnet: Softnet, cpu: CpuState, processedFrames: Float64Array, seconds: number): void {
	for (let c = 0; c < cpu.load.length; c++) {
		const load = cpu.load[c]!;
		const frames = processedFrames[c]!;
		// net_rx_action runs out of budget (300) or time (2 ms) more often as load nears 1.
		softnet.counters.add((c * 4) + softnetSlot.squeezed, (frames / 300) * clamp01((load - 0.6) / 0.4));
		if (load > 1) {
			softnet.counters.add((c * 4) + softnetSlot.dropped, frames * 0.002 * (load - 1));
		}

		// A few timer-driven TX softirqs per second even when idle.
		softnet.counters.add((c * 4) + softnetSlot.netTx, 0.5 * seconds);
	}
}
