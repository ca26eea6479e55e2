// The modelled VF as a Source shows and changes it: its snapshot read the
// way the live source reads a VF (its `ethtool -S` split by the driver's
// queue names, its error counters by the driver's facts), and its ethtool
// changes, addressed by the VF's own netdev name (wave 15, contract 1).
import {driverFacts} from '../drivers/index.js';
import {splitQueueStats, type DriverQueue} from '../drivers/queue-stats/index.js';
import type {Machine, NetvscDevice, VfDevice} from '../netvsc/index.js';
import type {
	ChannelRequest, Channels, Coalesce, CoalesceRequest, Result, RingRequest, Rings, VfDeviceSnapshot, VfQueueCounters,
} from '../types.js';

/** One VF queue: its driver's counters, and the CPU its interrupt lands on (queue i on the i-th online CPU, as the model routes it). */
function vfQueue(queue: DriverQueue, cpus: readonly number[]): VfQueueCounters {
	const cpu = cpus.length > 0 ? cpus[queue.index % cpus.length] : undefined;
	return {
		index: queue.index,
		role: queue.role,
		rxPackets: queue.rx?.packets ?? 0n,
		rxBytes: queue.rx?.bytes ?? 0n,
		txPackets: queue.tx?.packets ?? 0n,
		txBytes: queue.tx?.bytes ?? 0n,
		...(queue.rx?.drops === undefined ? {} : {rxDrops: queue.rx.drops}),
		...(queue.tx?.drops === undefined ? {} : {txDrops: queue.tx.drops}),
		...(cpu === undefined ? {} : {cpu}),
	};
}

/** The device's VF through its driver; undefined without a modelled VF or while servicing has it away. */
export function vfSnapshot(device: NetvscDevice, onlineCpus: readonly number[]): VfDeviceSnapshot | undefined {
	const {vf} = device;
	if (!vf?.present) {
		return undefined;
	}

	const stats = vf.stats();
	const list = stats.ok ? stats.value : [];
	const errorNames = new Set(driverFacts(vf.driver).errorStatNames);
	return {
		name: vf.name,
		driver: vf.driver,
		instance: vf.epoch,
		channels: vf.channels(),
		rings: vf.rings(),
		...(vf.facts.rxCqeFrames.length > 0 ? {coalesce: vf.coalesce()} : {}),
		stats,
		queues: splitQueueStats(list, vf.driver).queues.map(queue => vfQueue(queue, onlineCpus)),
		errors: list.filter(([name]) => errorNames.has(name)),
	};
}

/** Whether `name` is a modelled VF's and no netvsc device's. */
export function isVfName(machine: Machine, name: string): boolean {
	return !machine.device(name).ok && machine.vfByName(name) !== undefined;
}

/** A VF change, then the VF's setting read back (what ethtool shows after it). */
function change<T>(machine: Machine, name: string, now: number, set: (vf: VfDevice) => Result<unknown>, read: (vf: VfDevice) => Result<T>): Result<T> {
	return machine.changeVf(name, now, vf => {
		const done = set(vf);
		return done.ok ? read(vf) : done;
	});
}

export function setVfChannels(machine: Machine, name: string, request: ChannelRequest, now: number): Result<Channels> {
	return change(machine, name, now, vf => vf.setChannels(request), vf => vf.channels());
}

export function setVfRings(machine: Machine, name: string, request: RingRequest, now: number): Result<Rings> {
	return change(machine, name, now, vf => vf.setRings(request), vf => vf.rings());
}

export function setVfCoalesce(machine: Machine, name: string, request: CoalesceRequest, now: number): Result<Coalesce> {
	return change(machine, name, now, vf => vf.setCoalesce(request.rxCqeFrames), vf => vf.coalesce());
}
