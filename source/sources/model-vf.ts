// The modelled VF as a Source shows and changes it: its snapshot read the
// way the live source reads a VF (its `ethtool -S` split by the driver's
// queue names, its error counters by the driver's facts), and its ethtool
// changes, addressed by the VF's own netdev name (wave 15, contract 1).
import {splitQueueStats} from '../drivers/queue-stats/index.js';
import {vfDriverErrors, vfQueueCounters} from '../drivers/vf-counters.js';
import type {Machine, NetvscDevice, VfDevice} from '../netvsc/index.js';
import {parseHkey} from '../ethtool/index.js';
import {failWith} from '../errors.js';
import {formatIrqAffinity, irqWrites, type IrqAffinityRequest} from './irq-affinity-request.js';
import {ok} from '../types.js';
import type {
	ChannelRequest, Channels, Coalesce, CoalesceRequest, Result, RingRequest, Rings, Rss, RssRequest, VfDeviceSnapshot,
} from '../types.js';

/** The device's VF through its driver; undefined without a modelled VF or while servicing has it away. */
export function vfSnapshot(device: NetvscDevice, onlineCpus: readonly number[]): VfDeviceSnapshot | undefined {
	const {vf} = device;
	if (!vf?.present) {
		return undefined;
	}

	const stats = vf.stats();
	const list = stats.ok ? stats.value : [];
	const channels = vf.channels();
	return {
		name: vf.name,
		driver: vf.driver,
		instance: vf.epoch,
		channels,
		rings: vf.rings(),
		...(vf.facts.rxCqeFrames.length > 0 ? {coalesce: vf.coalesce()} : {}),
		rss: vf.rss(),
		up: vf.port.portUp,
		stats,
		queues: splitQueueStats(list, vf.driver).queues.map(queue => vfQueueCounters(queue, {cpu: onlineCpus.length > 0 ? vf.irqs.cpuOf(queue.index, onlineCpus) : undefined})),
		errors: vfDriverErrors(list, vf.driver),
		queueIrqs: vf.irqs.list(channels.ok ? channels.value.combined : 0, onlineCpus),
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

/** `echo LIST > /proc/irq/N/smp_affinity_list` for each vector whose affinity differs; the affinities read back. */
export function setVfIrqAffinity(machine: Machine, name: string, request: IrqAffinityRequest, now: number): Result<string> {
	const online = machine.onlineCpus();
	return machine.changeVf(name, now, vf => {
		const channels = vf.channels();
		if (!channels.ok) {
			return channels;
		}

		const current = vf.irqs.list(channels.value.combined, online);
		const writes = irqWrites(request, current);
		if (!writes.ok) {
			return writes;
		}

		for (const {irq, cpus} of writes.value) {
			const written = vf.setIrqAffinity(irq, cpus, online);
			if (!written.ok) {
				return written;
			}
		}

		return ok(formatIrqAffinity(vf.irqs.list(channels.value.combined, online)));
	});
}

export function setVfCoalesce(machine: Machine, name: string, request: CoalesceRequest, now: number): Result<Coalesce> {
	return change(machine, name, now, vf => vf.setCoalesce(request.rxCqeFrames), vf => vf.coalesce());
}

/** `ethtool -X enP… equal N | weight W… | default [hkey K]`: the core's checks, then the VF driver's (MANA: port up, Toeplitz). */
export function setVfRss(machine: Machine, name: string, request: RssRequest, now: number): Result<Rss> {
	const key = request.key === undefined ? undefined : parseHkey(request.key);
	if (typeof key === 'string') {
		return failWith('EINVAL', key);
	}

	const {equal, weights, reset} = request;
	return change(machine, name, now, vf => vf.setRxfh({
		...(equal === undefined ? {} : {equal}),
		...(weights === undefined ? {} : {weights}),
		...(reset ? {reset} : {}),
		...(key === undefined ? {} : {key}),
	}), vf => vf.rss());
}
