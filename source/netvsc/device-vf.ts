// The VF a netvsc device may carry through its own driver (issue 15): a
// VfDevice with its settings and counters, the VF engine that lands the
// device's flows on its queues, and the host's servicing script. Each step
// the VF's share of the flows goes through that engine instead of netvsc's
// per-CPU VF spread, and what the VF's queues count is what netvsc counts in
// vf_* too: queue q interrupts the q-th online CPU (the VF has at most one
// queue per online CPU), so cpuN_vf_* are the queue's packets, exactly.
import {vfDriverFacts} from '../drivers/index.js';
import type {DeviceSpec} from './device-spec.js';
import {nextStamp, type DeviceState} from './device-state.js';
import type {FlowSet} from './flows.js';
import type {Random} from './random.js';
import type {Demand, Routing} from './traffic.js';
import {
	applyServicing, createVfTraffic, VfDevice, type ServicingWindow, type VfDemand, type VfServicing, type VfTraffic,
} from './vf/index.js';

export type DeviceVf = {
	readonly device: VfDevice;
	readonly traffic: VfTraffic;
	readonly servicing: readonly ServicingWindow[];
	/** What servicing (scripted or setVfPresent) did so far, in order. */
	readonly events: VfServicing[];
	/** The step's VF demand between the device's demand() and commit(). */
	pending: VfDemand | undefined;
};

/** vf_rx_bytes counts skb->len after eth_type_trans pulled the Ethernet header; the VF counts whole frames. */
const ethernetHeader = 14;

/** The modelled VF of a device spec, with its boot-time settings applied; undefined when the spec does not model one. */
export function createDeviceVf(spec: DeviceSpec, flows: FlowSet, vcpus: number, random: Random): DeviceVf | undefined {
	const {vf} = spec;
	const facts = vfDriverFacts(vf?.driver);
	if (!vf?.model || !facts) {
		return undefined;
	}

	// Netdev_rss_key_fill: one random key per boot, the same for every re-add.
	const keyRandom = random.fork('vf-rss-key');
	const key = Array.from({length: facts.rssKeyBytes}, () => keyRandom.int(256));
	const device = new VfDevice({facts, host: {vcpus, key}, name: vf.name});
	// Boot-time configuration (udev, cloud-init) is set as ethtool would: the next servicing loses it.
	const {channels, rings} = vf.model;
	const booted = [
		channels === undefined ? undefined : device.setChannels({combined: channels}),
		rings === undefined ? undefined : device.setRings(rings),
	].find(result => result?.ok === false);
	if (booted && !booted.ok) {
		throw new Error(`${spec.name}: the scenario's VF settings are refused: ${booted.error.message}`);
	}

	return {device, traffic: createVfTraffic(facts, flows), servicing: vf.model.servicing ?? [], events: [], pending: undefined};
}

/** Netvsc follows the VF's presence: registered while it is there (vf_* and the VF path), the synthetic path while it is away. */
function follow(state: DeviceState, vf: DeviceVf, done: readonly VfServicing[]): void {
	if (done.length === 0) {
		return;
	}

	vf.events.push(...done);
	state.vfRegistered = vf.device.present;
	state.stamps.vf = nextStamp(state);
}

/** The host's servicing events in (t0, t1]. */
export function serviceVf(state: DeviceState, t0: number, t1: number): void {
	const vf = state.vfModel;
	if (vf) {
		follow(state, vf, applyServicing(vf.device, vf.servicing, t0, t1));
	}
}

/** Host servicing on demand (Machine.setVfPresent): remove or re-add the VF. */
export function setModelledVfPresent(state: DeviceState, vf: DeviceVf, present: boolean): void {
	if (present === vf.device.present) {
		return;
	}

	const result = present ? vf.device.readd() : vf.device.remove();
	follow(state, vf, result.ok ? [result.value] : []);
}

/** The VF's share of the step's flows per VF queue; added to netvsc's per-CPU VF demand (CPU work, vf_*). */
export function addVfDemand(vf: DeviceVf, demand: Demand, routing: Routing, span: {readonly t0: number; readonly t1: number}, cpus: readonly number[]): void {
	vf.pending = undefined;
	if (!vf.device.present || routing.vfShare <= 0 || cpus.length === 0) {
		return;
	}

	const step = vf.traffic.step(span.t0, span.t1, {settings: vf.device.settings, share: routing.vfShare, burst: 1});
	const {rxPackets, rxBytes, txPackets, txBytes} = step;
	const {vfRx, vfTx} = routing.active;
	for (let q = 0; q < step.queues; q++) {
		if (vfRx !== 1) {
			rxPackets[q]! *= vfRx;
			rxBytes[q]! *= vfRx;
		}

		if (vfTx !== 1) {
			txPackets[q]! *= vfTx;
			txBytes[q]! *= vfTx;
		}

		const cpu = vf.device.irqs.cpuOf(q, cpus)!;
		demand.vfRxPackets[cpu]! += rxPackets[q]!;
		demand.vfRxBytes[cpu]! += Math.max(0, rxBytes[q]! - (ethernetHeader * rxPackets[q]!));
		demand.vfTxPackets[cpu]! += txPackets[q]!;
		demand.vfTxBytes[cpu]! += txBytes[q]!;
	}

	vf.pending = step;
}

/**
 * Counts the step on the VF's queues: what each queue's CPU got through (the
 * same share commitDemand gives that CPU's vf_* counters, so both agree).
 */
export function commitVf(vf: DeviceVf, load: Float64Array, cpus: readonly number[]): void {
	const step = vf.pending;
	vf.pending = undefined;
	if (!step) {
		return;
	}

	const {rxPackets, rxBytes, txPackets, txBytes} = step;
	for (let q = 0; q < step.queues; q++) {
		const cpuLoad = load[vf.device.irqs.cpuOf(q, cpus)!] ?? 0;
		if (cpuLoad > 1) {
			const share = 1 / cpuLoad;
			rxPackets[q]! *= share;
			rxBytes[q]! *= share;
			txPackets[q]! *= share;
			txBytes[q]! *= share;
		}
	}

	vf.device.record(step);
}
