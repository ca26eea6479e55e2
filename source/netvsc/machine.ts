// The simulated VM: vCPUs (present/online, cores, NUMA nodes), the Hyper-V
// host's answers, the global VMBus CPU allocator, the RTNL lock, and the
// netvsc devices. Time only moves when `advance(now)` (or an operation at
// `now`) is called; traffic between two times is simulated in steps of at
// most a second, so the same calls with the same seed give the same counters.
import type {ChannelRequest, Channels, CpuTimes, Result, RingRequest, Rings, SnmpCounters, SoftirqCounters} from '../types.js';
import {createAccumulator} from './accumulator.js';
import {createCpuTimeModel, type CpuLoad, type CpuTimeModel} from './cpu-time.js';
import {probeChannelRequest} from './channels.js';
import {releaseVersion} from '../drivers/hv-netvsc.js';
import {createCpuAllocator, type CpuAllocator} from './cpu-allocator.js';
import {
	addCpuWork, commitSoftnet, defaultCapacities, defaultCosts, softnetSlot, type Capacities, type CpuCosts, type Softnet,
} from './datapath.js';
import {NetvscDevice} from './device.js';
import type {DeviceContext, DeviceSpec, FeatureChange, HostSpec, ModelRss} from './device-spec.js';
import {failWith, noSuchDevice} from '../errors.js';
import type {Fault} from './faults.js';
import type {LinkSettings, LinkSettingsRequest} from './link.js';
import {createRandom} from './random.js';
import type {FlowType, RxfhRequest} from './rss.js';
import {createSnmpModel, type FragmentSpec, type SnmpModel} from './snmp.js';
import type {Demand} from './traffic.js';
import type {VfDevice} from './vf/index.js';

export type MachineSpec = {
	readonly vcpus: number;
	/** Physical cores (SMT siblings share one): netif_get_num_default_rss_queues. */
	readonly cores: number;
	/** NUMA nodes; CPUs are split into equal contiguous blocks (default 1). */
	readonly numaNodes?: number;
	readonly offlineCpus?: readonly number[];
	/** `uname -r`: what `ethtool -i` shows as version. */
	readonly kernelRelease: string;
	readonly host: HostSpec;
	/** Storage (storvsc) perf channels offered before the NICs; they take CPUs from the same allocator. */
	readonly storageChannels?: number;
	/** Fraction of every CPU busy with user work, for the CPU view (0…1). */
	readonly backgroundLoad?: number;
	readonly costs?: CpuCosts;
	readonly capacities?: Capacities;
	readonly devices: readonly DeviceSpec[];
	/** UDP datagrams that arrive in fragments (/proc/net/snmp's reassembly counters; snmp.ts). */
	readonly fragments?: FragmentSpec;
};

export type MachineOptions = {
	readonly seed: number;
	/** How long a channel/ring/MTU change takes (carrier off, RTNL held), ms of model time. */
	readonly changeDurationMs?: number;
	/** The longest simulated step, ms (default 1000); an exporter passes Infinity: one step per read. */
	readonly maxStepMs?: number;
};

export type {CpuLoad} from './cpu-time.js';

export const defaultChangeDurationMs = 300;
const maxStepsPerAdvance = 600;

export class Machine {
	readonly spec: MachineSpec;
	readonly seed: number;
	readonly changeDurationMs: number;
	readonly maxStepMs: number;
	steps = 0; // Simulated so far, each a pass over every queue and flow

	readonly #devices = new Map<string, NetvscDevice>();
	readonly #allocator: CpuAllocator;
	readonly #online: Set<number>;
	/** The online CPUs in order (they never change once the machine exists). */
	readonly #onlineList: readonly number[];
	readonly #present: number[];
	readonly #cpuSlots: number;
	readonly #softnet: Softnet;
	readonly #load: Float64Array;
	readonly #work: Float64Array;
	readonly #frames: Float64Array;
	readonly #costs: CpuCosts;
	#now = 0;
	#rtnlFreeAt = 0;
	#softirqs: {readonly version: number; readonly list: readonly SoftirqCounters[]} | undefined;
	readonly #snmp: SnmpModel;
	readonly #cpuTime: CpuTimeModel;

	constructor(spec: MachineSpec, options: MachineOptions) {
		this.spec = spec;
		this.seed = options.seed;
		this.changeDurationMs = options.changeDurationMs ?? defaultChangeDurationMs;
		this.maxStepMs = options.maxStepMs ?? 1000;
		this.#present = Array.from({length: spec.vcpus}, (_, i) => i);
		this.#online = new Set(this.#present.filter(cpu => !(spec.offlineCpus ?? []).includes(cpu)));
		this.#onlineList = Object.freeze(this.#present.filter(cpu => this.#online.has(cpu)));
		this.#cpuSlots = spec.vcpus;
		this.#costs = spec.costs ?? defaultCosts;
		this.#softnet = {counters: createAccumulator(this.#cpuSlots * 4)};
		this.#load = new Float64Array(this.#cpuSlots);
		this.#work = new Float64Array(this.#cpuSlots);
		this.#frames = new Float64Array(this.#cpuSlots);
		this.#snmp = createSnmpModel(spec.fragments);
		this.#cpuTime = createCpuTimeModel(this.#onlineList, spec.backgroundLoad ?? 0);

		const nodeCount = Math.max(1, spec.numaNodes ?? 1);
		const perNode = Math.ceil(spec.vcpus / nodeCount);
		const nodes = Array.from({length: nodeCount}, (_, node) => this.#present.slice(node * perNode, (node + 1) * perNode));
		this.#allocator = createCpuAllocator({nodes, isOnline: cpu => this.#online.has(cpu)});

		// Offer order: storage first, then every NIC's primary channel, then each NIC's sub-channels (at its probe).
		const storage: number[] = [];
		for (let i = 0; i < (spec.storageChannels ?? 0); i++) {
			storage.push(this.#allocator.allocate(storage, i));
		}

		const primaries = spec.devices.map(() => this.#allocator.allocate([], 0));
		const context: DeviceContext = {
			host: spec.host,
			allocator: this.#allocator,
			onlineCpus: () => this.#onlineList,
			presentCpus: this.#present,
			cpuSlots: this.#cpuSlots,
			kernelRelease: spec.kernelRelease,
			probeChannels: probeChannelRequest(spec.cores, releaseVersion(spec.kernelRelease)),
			capacities: spec.capacities ?? defaultCapacities,
		};
		const random = createRandom(options.seed);
		for (const [i, deviceSpec] of spec.devices.entries()) {
			const device = new NetvscDevice(deviceSpec, context, random.fork(deviceSpec.name), primaries[i]!);
			this.#devices.set(deviceSpec.name, device);
			if (deviceSpec.rxfh) {
				// A scenario's boot-time table is the driver's to accept: a bad one fails the scenario, not silently.
				const set = device.setRss(deviceSpec.rxfh);
				if (!set.ok) {
					throw new Error(`${deviceSpec.name}: the scenario's table was refused: ${set.error.message}`);
				}
			}
		}
	}

	get now(): number {
		return this.#now;
	}

	/** The time at which an ethtool call made at `now` actually runs (RTNL held by a change until then). */
	rtnlFreeAt(now: number): number {
		return Math.max(now, this.#rtnlFreeAt);
	}

	devices(): string[] {
		return [...this.#devices.keys()];
	}

	/** The device, or ENODEV `no such device: NAME`. */
	device(name: string): Result<NetvscDevice> {
		const device = this.#devices.get(name);
		return device ? {ok: true, value: device} : noSuchDevice(name);
	}

	presentCpus(): readonly number[] {
		return this.#present;
	}

	onlineCpus(): readonly number[] {
		return this.#onlineList;
	}

	allocator(): CpuAllocator {
		return this.#allocator;
	}

	// ----- time ----------------------------------------------------------------

	/** Simulate traffic up to `now` (ms). Going back in time is ignored. */
	advance(now: number): void {
		if (!(now > this.#now)) {
			return;
		}

		const step = Math.max(this.maxStepMs, (now - this.#now) / maxStepsPerAdvance);
		for (let t = this.#now; t < now; t = Math.min(now, t + step)) {
			this.#step(t, Math.min(now, t + step));
		}

		this.#now = now;
	}

	#step(t0: number, t1: number): void {
		this.steps++;
		const seconds = (t1 - t0) / 1000;
		this.#work.fill(0);
		this.#frames.fill(0);
		const active: Array<[NetvscDevice, Demand]> = [];
		for (const device of this.#devices.values()) {
			device.serviceVf(t0, t1);
			const routing = device.routing(t0, t1);
			if (!routing) {
				continue;
			}

			const demand = device.demand(t0, t1, routing);
			const channelCpu = device.channelCpu();
			addCpuWork(this.#work, demand, channelCpu, this.#costs);
			for (let q = 0; q < demand.channels; q++) {
				const cpu = channelCpu[q] ?? 0;
				this.#frames[cpu]! += demand.rxPackets[q]! + demand.txPackets[q]!;
			}

			for (let c = 0; c < this.#cpuSlots; c++) {
				this.#frames[c]! += demand.vfRxPackets[c]! + demand.vfTxPackets[c]!;
			}

			active.push([device, demand]);
		}

		for (let c = 0; c < this.#cpuSlots; c++) {
			const load = this.#work[c]! / seconds;
			this.#load[c] = load;
			if (load > 1) {
				this.#frames[c]! /= load;
			}
		}

		const cpu = {load: this.#load};
		for (const [device, demand] of active) {
			device.commit(demand, seconds, cpu, this.#softnet);
		}

		commitSoftnet(this.#softnet, cpu, this.#frames, seconds);
		this.#cpuTime.step(this.#load, seconds);
		const carrier = this.#snmp.device === undefined ? undefined : this.#devices.get(this.#snmp.device)?.flowHash('udp4');
		this.#snmp.step(seconds, carrier?.ok === true && carrier.value === 'sdfn');
	}

	/** /proc/net/snmp's Ip: reassembly and Udp: counters. */
	snmp(): SnmpCounters {
		return this.#snmp.counters();
	}

	// ----- views -----------------------------------------------------------------

	/**
	 * Per present CPU: NET_RX/NET_TX softirqs and softnet dropped/time_squeeze.
	 * Frozen and shared: the same list until a counter moves, and a CPU's
	 * entry stays the same object while its counters do not move.
	 */
	softirqs(): readonly SoftirqCounters[] {
		const {values, version} = this.#softnet.counters;
		const last = this.#softirqs;
		if (last?.version === version) {
			return last.list;
		}

		const list = this.#present.map((cpu, i) => {
			const netRx = values[(cpu * 4) + softnetSlot.netRx]!;
			const netTx = values[(cpu * 4) + softnetSlot.netTx]!;
			const dropped = values[(cpu * 4) + softnetSlot.dropped]!;
			const squeezed = values[(cpu * 4) + softnetSlot.squeezed]!;
			const before = last?.list[i];
			return before?.cpu === cpu && before.netRx === netRx && before.netTx === netTx && before.dropped === dropped && before.squeezed === squeezed
				? before
				: Object.freeze({cpu, netRx, netTx, dropped, squeezed});
		});
		this.#softirqs = {version, list: Object.freeze(list)};
		return this.#softirqs.list;
	}

	/** /proc/stat's per-CPU time (cpu-time.ts), online CPUs only. */
	cpuTimes(): readonly CpuTimes[] {
		return this.#cpuTime.times();
	}

	/** Load of each present CPU over the last simulated step. */
	cpuLoad(): CpuLoad[] {
		const background = this.spec.backgroundLoad ?? 0;
		return this.#present.map(cpu => {
			const softirq = this.#load[cpu] ?? 0;
			return {cpu, softirq, busy: this.#online.has(cpu) ? Math.min(1, softirq + background) : 0};
		});
	}

	// ----- operations at a time ------------------------------------------------------

	/**
	 * Run an operation at `now`: traffic is simulated up to `now`, the operation
	 * waits for RTNL if `locked`, and a change it starts holds RTNL until it ends.
	 */
	#at<T>(name: string, now: number, locked: boolean, body: (device: NetvscDevice, at: number) => Result<T>): Result<T> {
		const device = this.#devices.get(name);
		if (!device) {
			return noSuchDevice(name);
		}

		this.advance(now);
		const at = locked ? this.rtnlFreeAt(now) : now;
		const result = body(device, at);
		if (locked) {
			this.#rtnlFreeAt = Math.max(this.#rtnlFreeAt, device.busyUntil);
		}

		return result;
	}

	setChannels(name: string, request: ChannelRequest, now: number): Result<Channels> {
		return this.#at(name, now, true, (device, at) => device.setChannels(request, at, this.changeDurationMs));
	}

	setRings(name: string, request: RingRequest, now: number): Result<Rings> {
		return this.#at(name, now, true, (device, at) => device.setRings(request, at, this.changeDurationMs));
	}

	setMtu(name: string, mtu: number, now: number): Result<number> {
		return this.#at(name, now, true, (device, at) => device.setMtu(mtu, at, this.changeDurationMs));
	}

	setAdminUp(name: string, up: boolean, now: number): Result<boolean> {
		return this.#at(name, now, true, (device, at) => device.setAdminUp(up, at));
	}

	setRss(name: string, request: RxfhRequest, now: number): Result<ModelRss> {
		return this.#at(name, now, true, device => device.setRss(request));
	}

	setFeatures(name: string, wanted: Readonly<Record<string, boolean>>, now: number): Result<FeatureChange> {
		return this.#at(name, now, true, device => device.setFeatures(wanted));
	}

	setFlowHash(name: string, flowType: FlowType, fields: string, now: number): Result<string> {
		return this.#at(name, now, true, device => device.setFlowHash(flowType, fields));
	}

	setXdp(name: string, attached: boolean, now: number): Result<boolean> {
		return this.#at(name, now, true, device => device.setXdp(attached));
	}

	setLinkSettings(name: string, request: LinkSettingsRequest, now: number): Result<LinkSettings> {
		return this.#at(name, now, true, device => device.setLinkSettings(request));
	}

	setVfPresent(name: string, present: boolean, now: number): Result<boolean> {
		return this.#at(name, now, true, device => device.setVfPresent(present));
	}

	/**
	 * The modelled VF with this netdev name (present or away), and the netvsc
	 * device it is paired with; undefined when no device has such a VF.
	 */
	vfByName(name: string): {readonly device: NetvscDevice; readonly vf: VfDevice} | undefined {
		for (const device of this.#devices.values()) {
			const {vf} = device;
			if (vf?.name === name) {
				return {device, vf};
			}
		}

		return undefined;
	}

	/** An ethtool change on a VF at `now` (ENODEV for a name that is no modelled VF; the VF's own ENODEV while it is away). */
	changeVf<T>(name: string, now: number, change: (vf: VfDevice) => Result<T>): Result<T> {
		const found = this.vfByName(name);
		if (!found) {
			return noSuchDevice(name);
		}

		this.advance(now);
		return change(found.vf);
	}

	/** sysfs write of a channel's target CPU (no RTNL). */
	writeChannelCpu(name: string, queue: number, text: string, now: number): Result<number> {
		return this.#at(name, now, false, device => device.writeChannelCpu(queue, text));
	}

	injectFault(name: string, fault: Fault, persistent = false): Result<void> {
		const device = this.#devices.get(name);
		if (!device) {
			return noSuchDevice(name);
		}

		if (fault.kind === 'grant-fewer' && (!Number.isInteger(fault.subChannels) || fault.subChannels < 0)) {
			return failWith('EINVAL', 'grant-fewer needs a non-negative whole number of sub-channels');
		}

		device.injectFault(fault, persistent);
		return {ok: true, value: undefined};
	}

	clearFaults(name: string): Result<void> {
		const device = this.#devices.get(name);
		if (!device) {
			return noSuchDevice(name);
		}

		device.clearFaults();
		return {ok: true, value: undefined};
	}
}

export function createMachine(spec: MachineSpec, options: MachineOptions): Machine {
	return new Machine(spec, options);
}
