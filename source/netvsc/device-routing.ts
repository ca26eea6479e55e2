// What one device tells the traffic engine each tick (which path, queues,
// tables and offloads carry its flows) and how a tick's demand lands in its
// counters. Hot path: called once per device per tick, so each call builds
// only the one Routing object the engine reads; the stamps let the engine keep
// its tables until something changed.
import {commitDemand, type CpuState, type Softnet} from './datapath.js';
import {carrierStateOf} from './device-link.js';
import type {DeviceState} from './device-state.js';
import {commitVf} from './device-vf.js';
import {openShare} from './link.js';
import type {Demand, Routing} from './traffic.js';

/** Routing for the step [t0, t1] (ms), or undefined when the device carries nothing. */
export function routingOf(state: DeviceState, t0: number, t1: number): Routing | undefined {
	const {nv, context} = state;
	const span = t1 - t0;
	if (!nv || !state.present || !state.adminUp || !context.host.connected || span <= 0) {
		return undefined;
	}

	// Share of the step outside the change window. (A change queued behind RTNL switches the
	// configuration when it is requested; traffic until its window opens counts on the new queues.)
	const open = openShare(t0, t1, carrierStateOf(state));
	const synthetic = state.stalled ? 0 : open;
	const {vf} = state.spec;
	const vfActive = state.vfRegistered && vf !== undefined;
	const online = context.onlineCpus();
	const vfQueues = Math.min(vf?.queues ?? online.length, online.length);
	const {stamps} = state;
	return {
		channels: nv.channels,
		// Always present (undefined without RSS): one object shape for every device.
		hostRss: nv.hostRss,
		rssStamp: stamps.rss,
		txTable: nv.txTable,
		l4HashLevel: state.l4Hash,
		txStamp: stamps.tx,
		vfShare: vfActive ? vf?.share ?? 0.998 : 0,
		vfCpus: online.slice(0, vfQueues),
		vfStamp: stamps.vf,
		vfByQueue: state.vfModel !== undefined,
		lro: state.features.active.has('large-receive-offload'),
		tso: state.features.active.has('tx-tcp-segmentation'),
		mtu: state.info.mtu,
		featureStamp: stamps.features,
		active: {
			syntheticRx: synthetic,
			syntheticTx: synthetic,
			vfRx: 1,
			// TX is stopped on the netvsc device while it changes (and stays stopped after a drain timeout).
			vfTx: state.stalled ? 0 : open,
		},
	};
}

/** Adds one step's demand to the device's counters; nothing while detached. */
export function commitStep(state: DeviceState, demand: Demand, seconds: number, cpu: CpuState, softnet: Softnet): void {
	const {nv} = state;
	if (!nv) {
		return;
	}

	const queueState = {channelCpu: nv.channelCpu, sections: {recv: nv.recvSections, send: nv.sendSections}, queues: nv.queues};
	commitDemand(demand, seconds, queueState, cpu, state.counters, softnet, state.context.capacities);
	if (state.vfModel && seconds > 0) {
		commitVf(state.vfModel, cpu.load, state.context.onlineCpus());
	}
}
