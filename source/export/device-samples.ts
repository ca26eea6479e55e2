// One device's reading as metric samples: the synthetic NIC and, when read,
// its VF through its own driver. Pure: the same reading always gives the same samples.
import type {DeviceSnapshot} from '../sources/source.js';
import {trafficError} from '../sources/traffic-error.js';
import type {DeviceReading} from '../stats/reading.js';
import type {Channels, FlowHash, QueueCounters, Result, Rings, Stat, VfQueueCounters} from '../types.js';
import type {Add} from './catalogue.js';

/** The labels every NIC series starts with: device, driver, role. */
type Nic = readonly [device: string, driver: string, role: 'synthetic' | 'vf'];

export type DeviceSampleOptions = {
	/** Also every raw `ethtool -S` counter by name (--raw-stats). */
	readonly rawStats: boolean;
};

function queueSamples(add: Add, [device, driver, role]: Nic, queues: readonly QueueCounters[]): void {
	for (const queue of queues) {
		const at = String(queue.index);
		add('queuePackets', [device, driver, role, at, 'receive'], queue.rxPackets);
		add('queuePackets', [device, driver, role, at, 'transmit'], queue.txPackets);
		add('queueBytes', [device, driver, role, at, 'receive'], queue.rxBytes);
		add('queueBytes', [device, driver, role, at, 'transmit'], queue.txBytes);
	}
}

function vfQueueDrops(add: Add, [device, driver, role]: Nic, queues: readonly VfQueueCounters[]): void {
	for (const queue of queues) {
		const at = String(queue.index);
		if (queue.rxDrops !== undefined) {
			add('queueDrops', [device, driver, role, at, 'receive'], queue.rxDrops);
		}

		if (queue.txDrops !== undefined) {
			add('queueDrops', [device, driver, role, at, 'transmit'], queue.txDrops);
		}
	}
}

function configSamples(add: Add, [device, driver, role]: Nic, channels: Result<Channels>, rings: Result<Rings>): void {
	if (channels.ok) {
		const c = channels.value;
		const kinds = [['combined', c.combined, c.maxCombined], ['rx', c.rx, c.maxRx], ['tx', c.tx, c.maxTx], ['other', c.other, c.maxOther]] as const;
		for (const [kind, current, max] of kinds) {
			// Combined always; the others only where the driver has them.
			if (kind === 'combined' || max > 0 || current > 0) {
				add('channels', [device, driver, role, kind, 'current'], current);
				add('channels', [device, driver, role, kind, 'max'], max);
			}
		}
	}

	if (rings.ok) {
		const r = rings.value;
		add('rings', [device, driver, role, 'receive', 'current'], r.rx);
		add('rings', [device, driver, role, 'receive', 'max'], r.rxMax);
		add('rings', [device, driver, role, 'transmit', 'current'], r.tx);
		add('rings', [device, driver, role, 'transmit', 'max'], r.txMax);
		if (r.rxSectionBytes !== undefined) {
			add('ringBytes', [device, 'receive'], r.rx * r.rxSectionBytes);
		}

		if (r.txSectionBytes !== undefined) {
			add('ringBytes', [device, 'transmit'], r.tx * r.txSectionBytes);
		}
	}
}

function eventSamples(add: Add, [device, driver, role]: Nic, events: readonly Stat[], raw: Result<readonly Stat[]>, options: DeviceSampleOptions): void {
	for (const [event, value] of events) {
		add('events', [device, driver, role, event], value);
	}

	if (options.rawStats && raw.ok) {
		for (const [stat, value] of raw.value) {
			add('raw', [device, driver, role, stat], value);
		}
	}
}

/** Per CPU as hv_netvsc counts it: its own path as the NIC's role, the VF path as role="vf". */
function cpuSamples(add: Add, [device, driver, role]: Nic, snapshot: DeviceSnapshot): void {
	for (const cpu of snapshot.cpus) {
		const at = String(cpu.cpu);
		add('cpuPackets', [device, driver, role, at, 'receive'], cpu.rxPackets);
		add('cpuPackets', [device, driver, role, at, 'transmit'], cpu.txPackets);
		if (snapshot.vf !== undefined) {
			add('cpuPackets', [device, driver, 'vf', at, 'receive'], cpu.vfRxPackets);
			add('cpuPackets', [device, driver, 'vf', at, 'transmit'], cpu.vfTxPackets);
		}
	}
}

/** Which fields RSS hashes, per flow type; nothing where the driver cannot say. */
function flowHashSamples(add: Add, [device, driver, role]: Nic, flowHash: Result<FlowHash> | undefined): void {
	if (!flowHash?.ok) {
		return;
	}

	for (const flowType of ['tcp4', 'tcp6', 'udp4', 'udp6'] as const) {
		add('flowHash', [device, driver, role, flowType, flowHash.value[flowType]], 1);
	}
}

/** Table slots per queue, 0 for a queue the table leaves out. */
function rssSamples(add: Add, device: string, driver: string, snapshot: DeviceSnapshot): void {
	if (!snapshot.rss.ok) {
		return;
	}

	const queues = snapshot.channels.ok ? snapshot.channels.value.combined : 0;
	const slots = new Map<number, number>();
	for (const queue of snapshot.rss.value.table) {
		slots.set(queue, (slots.get(queue) ?? 0) + 1);
	}

	const top = Math.max(queues - 1, ...slots.keys());
	for (let queue = 0; queue <= top; queue++) {
		add('rss', [device, driver, String(queue)], slots.get(queue) ?? 0);
	}
}

/** The samples of one device's reading, added through `add`. */
export function deviceSamples(add: Add, reading: DeviceReading, options: DeviceSampleOptions): void {
	const {snapshot, rates} = reading;
	add('deviceUp', [reading.name], reading.error === undefined && snapshot !== undefined ? 1 : 0);
	if (!snapshot) {
		return;
	}

	const device = reading.name;
	const driver = snapshot.info.ok ? snapshot.info.value.driver : 'unknown';
	const nic: Nic = [device, driver, 'synthetic'];
	const vfDevice = snapshot.vfDevice;
	add('nic', [device, driver, snapshot.info.ok ? snapshot.info.value.version : '', snapshot.vf ?? '', vfDevice?.driver ?? ''], 1);
	add('linkUp', [device], snapshot.link.up && snapshot.link.carrier ? 1 : 0);
	if (driver === 'hv_netvsc') {
		add('vfPresent', [device], snapshot.vf === undefined ? 0 : 1);
	}

	const counted = trafficError(snapshot) === undefined;
	if (counted && snapshot.perQueue !== false) {
		queueSamples(add, nic, snapshot.queues);
	}

	cpuSamples(add, nic, snapshot);
	eventSamples(add, nic, snapshot.errors, snapshot.stats, options);
	configSamples(add, nic, snapshot.channels, snapshot.rings);
	rssSamples(add, device, driver, snapshot);
	flowHashSamples(add, nic, snapshot.flowHash);
	// The first scrape has no interval yet: no imbalance rather than a made-up one.
	if (counted && rates && rates.elapsedSeconds > 0) {
		add('imbalance', nic, rates.imbalance);
	}

	if (vfDevice) {
		const vf: Nic = [vfDevice.name, vfDevice.driver, 'vf'];
		queueSamples(add, vf, vfDevice.queues);
		vfQueueDrops(add, vf, vfDevice.queues);
		eventSamples(add, vf, vfDevice.errors, vfDevice.stats, options);
		configSamples(add, vf, vfDevice.channels, vfDevice.rings);
		if (rates?.vfDevice && rates.elapsedSeconds > 0 && !rates.vfDevice.replaced) {
			add('imbalance', vf, rates.vfDevice.imbalance);
		}
	}
}

