// One hv_netvsc interface: the net_device (what survives a re-add: global and
// VF counters, features, the RSS "configured" flag, TX hash level, MTU, link
// settings) and its netvsc_device (what every channel, ring or MTU change
// tears down and re-creates: channels, sections, indirection table, TX table,
// per-queue counters, sub-channel CPUs). Every ethtool operation applies the
// core's checks (netlink path unless stated) and then the driver's, and returns
// errors as data. Time comes in as `at` (ms); nothing here reads a clock.
import type {ChannelRequest, Channels, Feature, Result, RingRequest, Rings, Stat} from '../types.js';
import {createAccumulator} from './accumulator.js';
import {channelsView, checkChannelsCore, checkChannelsDriver, nvspVersion5} from './channels.js';
import {commitDemand, type CpuState, type DeviceCounters, type Softnet} from './datapath.js';
import type {DeviceContext, DeviceSpec, FeatureChange, ModelDriverInfo, ModelRss, UnsupportedOperation} from './device-spec.js';
import {failWith, type ErrnoName} from '../errors.js';
import {takeFaults, type ArmedFault, type ChangeFaults, type Fault} from './faults.js';
import {changeFeatures, initialFeatures, listFeatures, refreshFeatures, type FeatureState} from './features.js';
import {
	carrierAt, checkVirtdevLinkSettings, openShare, type Duplex, type LinkSettings, type LinkSettingsRequest, type ModelLink,
} from './link.js';
import {addNetvscDevice, releaseSubChannels, type DeviceInfo, type NvDevice} from './nvdevice.js';
import type {Random} from './random.js';
import {checkRingsCore, clampSections, defaultRxSections, defaultTxSections, ringLimits, ringsView} from './rings.js';
import {defaultL4Hash, flowHashFields, maxEntry, setFlowHashFields, type FlowType, type RxfhRequest} from './rss.js';
import {
	buildStats, globalStatNames, type StatInputs, type StatsCache,
} from './stats.js';
import {defaultRssKey} from './toeplitz.js';
import {applyRxfh, checkMtu, checkTargetCpu, defaultMsgLevel, driverInfoOf, interfaceTotalsOf, rssOf, xdpMaxMtu} from './device-ops.js';
import {LinkView, noChannelCpus, VfTotals, View} from './device-views.js';
import {createTrafficEngine, generateFlows, type Demand, type Routing, type TrafficEngine} from './traffic.js';

export class NetvscDevice {
	readonly spec: DeviceSpec;
	readonly name: string;
	/** Bumped whenever the queues are re-created (per-queue counters restart at 0). */
	epoch = 0;
	/** The end of the current change: RTNL is held and the carrier is off until then. */
	busyUntil = 0;
	/** Requests that met a `hang` fault: they never return (see faults.ts). */
	hangs = 0;

	readonly #context: DeviceContext;
	readonly #engine: TrafficEngine;
	readonly #counters: DeviceCounters;
	readonly #faults: ArmedFault[] = [];
	#nv: NvDevice | undefined;
	#info: DeviceInfo;
	#present = true;
	#adminUp: boolean;
	#carrierOffFrom = Number.NEGATIVE_INFINITY;
	#carrierOffUntil = Number.NEGATIVE_INFINITY;
	#carrierChanges = 0;
	/** Left by a drain timeout: TX queues stopped and the RNDIS filter cleared (10.8). */
	#stalled = false;
	#rxfhConfigured = false;
	#l4Hash = defaultL4Hash;
	#features: FeatureState;
	#msgLevel = defaultMsgLevel;
	#speed: number | undefined;
	#duplex: Duplex = 'full';
	#xdp = false;
	#vfRegistered: boolean;
	#vfSpeed: number;
	readonly #primaryCpu: number;
	#stamp = 0;
	#rssStamp = 0;
	#txStamp = 0;
	#featureStamp = 0;
	#vfStamp = 0;
	readonly #statsCache: StatsCache = {names: undefined, stats: undefined};
	readonly #infoView = new View<Result<ModelDriverInfo>>();
	readonly #channelsView = new View<Result<Channels>>();
	readonly #ringsView = new View<Result<Rings>>();
	readonly #featuresView = new View<Result<readonly Feature[]>>();
	readonly #rssView = new View<Result<ModelRss>>();
	readonly #channelCpuView = new View<readonly number[]>();
	/** Bumped by each write of a channel's target CPU (the only change of channelCpu in place). */
	#cpuStamp = 0;
	readonly #linkView = new LinkView();
	readonly #vfTotals = new VfTotals();

	constructor(spec: DeviceSpec, context: DeviceContext, random: Random, primaryCpu: number) {
		this.spec = spec;
		this.name = spec.name;
		this.#context = context;
		this.#primaryCpu = primaryCpu;
		this.#adminUp = spec.up ?? true;
		this.#vfRegistered = spec.vf !== undefined;
		this.#vfSpeed = spec.vf?.speedMbps ?? 0;
		this.#features = initialFeatures(context.host.offloads);
		this.#counters = {
			globals: createAccumulator(globalStatNames.length),
			vfPerCpu: createAccumulator(context.cpuSlots * 4),
			vfTxDropped: 0,
		};
		this.#engine = createTrafficEngine(generateFlows(spec.traffic, random), context.cpuSlots);
		// Probe: netvsc_devinfo_get(NULL) with the boot-time configuration applied on top.
		this.#info = {
			channels: spec.channels ?? context.probeChannels,
			recvSections: spec.rings?.rx ?? defaultRxSections,
			sendSections: spec.rings?.tx ?? defaultTxSections,
			rssKey: Uint8Array.from(defaultRssKey),
			mtu: spec.mtu ?? 1500,
		};
		this.#nv = this.#add(this.#info, {});
	}

	// ----- presence -----------------------------------------------------------

	/** net/ethtool: every request on a detached device fails before reaching the driver. */
	#require<T>(body: (nv: NvDevice) => Result<T>): Result<T> {
		if (!this.#present || !this.#nv) {
			return failWith('ENODEV');
		}

		return body(this.#nv);
	}

	/** A view that needs the netvsc_device: ENODEV without one, else kept per (device, stamp). */
	#view<T>(view: View<Result<T>>, stamp: (nv: NvDevice) => number, make: (nv: NvDevice) => Result<T>): Result<T> {
		const nv = this.#nv;
		if (!this.#present || !nv) {
			return failWith('ENODEV');
		}

		return view.get(nv, stamp(nv), make);
	}

	get present(): boolean {
		return this.#present;
	}

	// ----- ethtool -i ---------------------------------------------------------

	driverInfo(): Result<ModelDriverInfo> {
		return this.#view(this.#infoView, nv => nv.channels, nv => driverInfoOf(nv, this.#context, this.spec.guid));
	}

	/** `ethtool -d`: regs version 1, the 16-entry TX send table. */
	registers(): Result<{version: number; txTable: readonly number[]}> {
		return this.#require(nv => ({ok: true, value: {version: 1, txTable: [...nv.txTable]}}));
	}

	// ----- channels -----------------------------------------------------------

	channels(): Result<Channels> {
		return this.#view(this.#channelsView, nv => (nv.maxChannels * 0x1_00_00) + nv.channels, nv => ({ok: true, value: channelsView(nv.maxChannels, nv.channels)}));
	}

	setChannels(request: ChannelRequest, at: number, durationMs: number): Result<Channels> {
		return this.#require(nv => {
			const current = channelsView(nv.maxChannels, nv.channels);
			const maxInUse = this.#rxfhConfigured ? maxEntry(nv.rxTable) : 0;
			const verdict = checkChannelsCore(current, request, maxInUse);
			if (!verdict.ok) {
				return verdict;
			}

			if (!verdict.value.change) {
				return {ok: true, value: current};
			}

			const combined = checkChannelsDriver(verdict.value.counts, {
				hasDevice: true,
				nvspVersion: this.#context.host.nvspVersion,
				maxChannels: nv.maxChannels,
			});
			if (!combined.ok) {
				return combined;
			}

			const changed = this.#change({...this.#devinfo(nv), channels: combined.value}, at, durationMs);
			return changed.ok ? this.channels() : changed;
		});
	}

	// ----- rings --------------------------------------------------------------

	#limits() {
		return ringLimits(this.#context.host.nvspVersion, this.#context.host.sections);
	}

	rings(): Result<Rings> {
		return this.#view(
			this.#ringsView,
			nv => (nv.recvSections * 0x1_00_00) + nv.sendSections,
			nv => ({ok: true, value: ringsView(this.#limits(), nv.recvSections, nv.sendSections, this.#context.host.sections)}),
		);
	}

	setRings(request: RingRequest, at: number, durationMs: number): Result<Rings> {
		return this.#require(nv => {
			const limits = this.#limits();
			const verdict = checkRingsCore(ringsView(limits, nv.recvSections, nv.sendSections, this.#context.host.sections), request);
			if (!verdict.ok) {
				return verdict;
			}

			if (!verdict.value.change) {
				return this.rings();
			}

			const rx = clampSections(verdict.value.rx, limits.rxMax);
			const tx = clampSections(verdict.value.tx, limits.txMax);
			if (rx === nv.recvSections && tx === nv.sendSections) {
				return this.rings();
			}

			const changed = this.#change({...this.#devinfo(nv), recvSections: rx, sendSections: tx}, at, durationMs);
			return changed.ok ? this.rings() : changed;
		});
	}

	// ----- MTU and XDP (only the parts that touch our state) --------------------

	get mtu(): number {
		return this.#info.mtu;
	}

	/** `ip link set DEV mtu N`: the core's range check, then netvsc_change_mtu (a re-add). */
	setMtu(mtu: number, at: number, durationMs: number): Result<number> {
		const checked = checkMtu(mtu, this.#context.host.nvspVersion);
		if (!checked.ok) {
			return checked;
		}

		if (mtu === this.#info.mtu) {
			return {ok: true, value: mtu};
		}

		return this.#require(nv => {
			const changed = this.#change({...this.#devinfo(nv), mtu}, at, durationMs);
			return changed.ok ? {ok: true, value: this.#info.mtu} : changed;
		});
	}

	get xdpAttached(): boolean {
		return this.#xdp;
	}

	/** `ip link set DEV xdp …` (netvsc_bpf.c): no re-add; refused with LRO on or a large MTU. */
	setXdp(attached: boolean): Result<boolean> {
		return this.#require(() => {
			if (attached && this.#features.active.has('large-receive-offload')) {
				return failWith('EOPNOTSUPP', 'XDP: not support LRO');
			}

			if (attached && this.#info.mtu > xdpMaxMtu) {
				return failWith('EOPNOTSUPP', 'XDP: mtu too large');
			}

			this.#xdp = attached;
			return {ok: true, value: attached};
		});
	}

	// ----- the re-add ----------------------------------------------------------

	/** netvsc_devinfo_get(nvdev): the current config, including the key as the device holds it. */
	#devinfo(nv: NvDevice): DeviceInfo {
		return {
			channels: nv.channels,
			recvSections: nv.recvSections,
			sendSections: nv.sendSections,
			rssKey: Uint8Array.from(nv.rssKey),
			mtu: this.#info.mtu,
		};
	}

	/**
	 * netvsc_detach + netvsc_attach, with one restore attempt (netvsc_set_channels,
	 * netvsc_set_ringparam, netvsc_change_mtu). Returns the first error.
	 */
	#change(next: DeviceInfo, at: number, durationMs: number): Result<void> {
		const faults = takeFaults(this.#faults);
		const duration = faults.slow?.durationMs ?? durationMs;
		const original = this.#devinfo(this.#nv!);
		if (faults.hang) {
			// Never returns: the caller (the model source) sees `hangs` move and does not answer.
			this.hangs++;
			return failWith('ETIMEDOUT', 'the request never completed');
		}

		if (faults.fail) {
			return failWith(faults.fail.errno);
		}

		if (faults['drain-timeout'] && this.#adminUp) {
			// Detach stopped TX and cleared the packet filter, then the rings never drained.
			this.#stalled = true;
			this.busyUntil = at + (faults['drain-timeout'].durationMs ?? 10_000);
			return failWith('ETIMEDOUT');
		}

		this.#detach();
		this.busyUntil = at + duration;
		this.epoch++;
		const first = this.#attach(next, faults, false);
		if (first === undefined) {
			this.#info = next;
			this.#flapCarrier(at, duration);
			return {ok: true, value: undefined};
		}

		// Restore the old configuration (the MTU goes back with it).
		this.busyUntil = at + (2 * duration);
		const restored = this.#attach(original, faults, true);
		if (restored === undefined) {
			this.#info = original;
			this.#flapCarrier(at, 2 * duration);
		} else {
			// "restoring … setting failed": the device stays detached.
			if (this.#carrierOn(at)) {
				this.#carrierChanges++;
			}

			this.#present = false;
		}

		return failWith(first);
	}

	#detach(): void {
		if (this.#nv) {
			releaseSubChannels(this.#nv, this.#context.allocator);
		}

		this.#nv = undefined;
		this.#stalled = false;
	}

	/** Returns the errno if the attach fails (and leaves no netvsc_device behind). */
	#attach(info: DeviceInfo, faults: ChangeFaults, restoring: boolean): ErrnoName | undefined {
		if (faults['attach-and-restore-fail']) {
			return faults['attach-and-restore-fail'].errno ?? 'ENOMEM';
		}

		if (!restoring && faults['attach-fails']) {
			return faults['attach-fails'].errno ?? 'ENOMEM';
		}

		// Re-applying a kept XDP program fails when the MTU is too large for it.
		if (this.#xdp && info.mtu > xdpMaxMtu) {
			return 'EOPNOTSUPP';
		}

		this.#nv = this.#add(info, restoring ? {} : faults);
		return undefined;
	}

	/** A fresh netvsc_device, and what the add refreshes in the net_device. */
	#add(info: DeviceInfo, faults: ChangeFaults): NvDevice {
		const {host} = this.#context;
		const nv = addNetvscDevice(info, {
			host,
			onlineCpus: this.#context.onlineCpus().length,
			allocator: this.#context.allocator,
			primaryCpu: this.#primaryCpu,
			rxfhConfigured: this.#rxfhConfigured,
		}, faults);
		// NVSP ≥ 5: the link speed is re-queried (a user-set speed is overwritten).
		if (host.nvspVersion >= nvspVersion5) {
			this.#speed = host.linkSpeedMbps;
		}

		this.#features = refreshFeatures(this.#features, host.offloads);
		this.#touchAll();
		return nv;
	}

	#touchAll(): void {
		this.#rssStamp = ++this.#stamp;
		this.#txStamp = ++this.#stamp;
		this.#featureStamp = ++this.#stamp;
		this.#vfStamp = ++this.#stamp;
	}

	// ----- link ----------------------------------------------------------------

	#carrierOn(now: number): boolean {
		return carrierAt(now, this.#carrierState());
	}

	#carrierState() {
		return {
			adminUp: this.#adminUp,
			present: this.#present,
			hostConnected: this.#context.host.connected,
			offFrom: this.#carrierOffFrom,
			offUntil: this.#carrierOffUntil,
		};
	}

	/** netvsc_attach: carrier off, and on again when the device is up and the host is connected. */
	#flapCarrier(at: number, duration: number): void {
		if (this.#carrierOn(at)) {
			this.#carrierChanges += 2;
			this.#carrierOffFrom = at;
			this.#carrierOffUntil = at + duration;
		}
	}

	/** The same frozen object while nothing in it changed. */
	link(now: number): ModelLink {
		return this.#linkView.get(this.#adminUp, this.#carrierOn(now), this.#linkSettings(), this.#carrierChanges, this.#present);
	}

	/** `ethtool DEV` "Link detected": carrier, and 0 while the interface is down. */
	linkDetected(now: number): Result<boolean> {
		return this.#require(() => ({ok: true, value: this.#carrierOn(now)}));
	}

	#linkSettings(): LinkSettings {
		if (this.#vfRegistered && this.spec.vf) {
			return {speedMbps: this.#vfSpeed, duplex: 'full', port: 'Other', autoneg: false};
		}

		return {...(this.#speed === undefined ? {} : {speedMbps: this.#speed}), duplex: this.#duplex, port: 'Other', autoneg: false};
	}

	linkSettings(): Result<LinkSettings> {
		return this.#require(() => ({ok: true, value: this.#linkSettings()}));
	}

	/** `ethtool -s`: forwarded to a registered VF, else stored (cosmetic) after the core's checks. */
	setLinkSettings(request: LinkSettingsRequest): Result<LinkSettings> {
		return this.#require(() => {
			if (this.#vfRegistered && this.spec.vf) {
				if (!this.spec.vf.linkSettingsSettable) {
					return failWith('EOPNOTSUPP');
				}

				if (request.speedMbps !== undefined) {
					this.#vfSpeed = request.speedMbps;
				}

				return {ok: true, value: this.#linkSettings()};
			}

			const checked = checkVirtdevLinkSettings(request);
			if (!checked.ok) {
				return checked;
			}

			if (checked.value.speedMbps !== undefined) {
				this.#speed = checked.value.speedMbps;
			}

			if (checked.value.duplex !== undefined) {
				this.#duplex = checked.value.duplex;
			}

			return {ok: true, value: this.#linkSettings()};
		});
	}

	/** `ip link set DEV up|down`: no re-add, counters kept; the carrier follows. */
	setAdminUp(up: boolean, at: number): Result<boolean> {
		if (up === this.#adminUp) {
			return {ok: true, value: up};
		}

		// netvsc_open needs a netvsc_device.
		if (up && (!this.#present || !this.#nv)) {
			return failWith('ENODEV');
		}

		const before = this.#carrierOn(at);
		this.#adminUp = up;
		if (up) {
			this.#stalled = false;
		}

		if (before !== this.#carrierOn(at)) {
			this.#carrierChanges++;
		}

		return {ok: true, value: up};
	}

	// ----- VF ------------------------------------------------------------------

	get vfName(): string | undefined {
		return this.#vfRegistered ? this.spec.vf?.name : undefined;
	}

	/** Host servicing removes the VF (traffic falls back to the synthetic path) and brings it back. */
	setVfPresent(present: boolean): Result<boolean> {
		if (!this.spec.vf) {
			return failWith('ENODEV', `${this.name} has no VF`);
		}

		this.#vfRegistered = present;
		this.#vfStamp = ++this.#stamp;
		return {ok: true, value: present};
	}

	// ----- features ---------------------------------------------------------------

	features(): Result<readonly Feature[]> {
		// A feature change replaces the state object: the view is kept per state.
		return this.#view(this.#featuresView, () => this.#featureStamp, () => ({ok: true, value: listFeatures(this.#features)}));
	}

	/** `ethtool -K`: only LRO talks to the host (RSC); no re-add, counters kept. */
	setFeatures(wanted: Readonly<Record<string, boolean>>): Result<FeatureChange> {
		return this.#require(() => {
			const changed = changeFeatures(this.#features, wanted, {xdpAttached: this.#xdp});
			if (!changed.ok) {
				return changed;
			}

			this.#features = changed.value.state;
			this.#featureStamp = ++this.#stamp;
			return {
				ok: true,
				value: {features: listFeatures(this.#features), notChanged: changed.value.notChanged, alsoChanged: changed.value.alsoChanged},
			};
		});
	}

	// ----- RSS -----------------------------------------------------------------

	rss(): Result<ModelRss> {
		return this.#view(this.#rssView, () => (this.#rssStamp * 2) + (this.#rxfhConfigured ? 1 : 0), nv => rssOf(nv, this.#rxfhConfigured));
	}

	/** The key as bytes (for hashing in tests and views). */
	rssKeyBytes(): Result<Uint8Array> {
		return this.#require(nv => ({ok: true, value: Uint8Array.from(nv.rssKey)}));
	}

	/** `ethtool -X` (ioctl core, then netvsc_set_rxfh). No re-add: counters persist. */
	setRss(request: RxfhRequest): Result<ModelRss> {
		return this.#require(nv => {
			const applied = applyRxfh(nv, request);
			if (!applied.ok) {
				return applied;
			}

			if (applied.value.told) {
				this.#rssStamp = ++this.#stamp;
			}

			if (applied.value.configured !== undefined) {
				this.#rxfhConfigured = applied.value.configured === 'set';
			}

			return this.rss();
		});
	}

	/** `ethtool -n DEV rx-flow-hash TYPE`: ethtool field letters ("" → None). */
	flowHash(flowType: FlowType): Result<string> {
		return this.#require(() => ({ok: true, value: flowHashFields(this.#l4Hash, flowType)}));
	}

	/** `ethtool -N DEV rx-flow-hash TYPE FIELDS`: TX hash level only; survives re-adds. */
	setFlowHash(flowType: FlowType, fields: string): Result<string> {
		return this.#require(() => {
			const next = setFlowHashFields(this.#l4Hash, flowType, fields);
			if (!next.ok) {
				return next;
			}

			this.#l4Hash = next.value;
			this.#txStamp = ++this.#stamp;
			return {ok: true, value: flowHashFields(this.#l4Hash, flowType)};
		});
	}

	// ----- message level, unsupported ops ------------------------------------------

	msgLevel(): Result<number> {
		return this.#require(() => ({ok: true, value: this.#msgLevel}));
	}

	setMsgLevel(level: number): Result<number> {
		return this.#require(() => {
			this.#msgLevel = level >>> 0;
			return {ok: true, value: this.#msgLevel};
		});
	}

	unsupported(_operation: UnsupportedOperation): Result<never> {
		return this.#require(() => failWith('EOPNOTSUPP'));
	}

	// ----- VMBus channel → CPU -----------------------------------------------------------

	/** queue index → target CPU; empty while detached. */
	channelCpu(): readonly number[] {
		const nv = this.#nv;
		return nv ? this.#channelCpuView.get(nv, this.#cpuStamp, () => [...nv.channelCpu]) : noChannelCpus;
	}

	/** `echo CPU > /sys/bus/vmbus/devices/GUID/channels/RELID/cpu` (vmbus_drv.c:target_cpu_store). */
	writeChannelCpu(queue: number, text: string): Result<number> {
		const checked = checkTargetCpu(text, this.#context);
		if (!checked.ok) {
			return checked;
		}

		const cpu = checked.value;
		const nv = this.#nv;
		if (!nv || !this.#present || queue < 0 || queue >= nv.channels) {
			return failWith('EIO');
		}

		const old = nv.channelCpu[queue]!;
		if (old !== cpu) {
			this.#context.allocator.move(old, cpu);
			nv.channelCpu[queue] = cpu;
			this.#cpuStamp++;
		}

		return {ok: true, value: cpu};
	}

	// ----- faults ------------------------------------------------------------------------

	injectFault(fault: Fault, persistent = false): void {
		this.#faults.push({fault, persistent});
	}

	clearFaults(): void {
		this.#faults.length = 0;
	}

	armedFaults(): readonly ArmedFault[] {
		return [...this.#faults];
	}

	// ----- statistics ----------------------------------------------------------------------

	stats(): Result<Stat[]> {
		return this.#require(nv => ({ok: true, value: buildStats(this.#statInputs(nv), this.#statsCache)}));
	}

	#statInputs(nv: NvDevice): StatInputs {
		return {
			globals: this.#counters.globals.values,
			vfTotals: this.#vfTotals.get(this.#counters.vfPerCpu, this.#counters.vfTxDropped),
			queues: nv.queues.values,
			channels: nv.channels,
			presentCpus: this.#context.presentCpus,
			vfPerCpu: this.#counters.vfPerCpu.values,
			channelCpu: nv.channelCpu,
		};
	}

	/** `ip -s link` (netvsc_get_stats64): current channels plus VF totals; drops after a re-add. */
	interfaceTotals(): {rxPackets: bigint; rxBytes: bigint; txPackets: bigint; txBytes: bigint} {
		const vf = this.#vfTotals.get(this.#counters.vfPerCpu, this.#counters.vfTxDropped);
		return interfaceTotalsOf(vf, this.#nv?.queues.values ?? new BigUint64Array(0));
	}

	// ----- traffic -----------------------------------------------------------------------

	/** Routing for the step [t0, t1] (ms), or undefined when the device carries nothing. */
	routing(t0: number, t1: number): Routing | undefined {
		const nv = this.#nv;
		const span = t1 - t0;
		if (!nv || !this.#present || !this.#adminUp || !this.#context.host.connected || span <= 0) {
			return undefined;
		}

		// Share of the step outside the change window. (A change queued behind RTNL switches the
		// configuration when it is requested; traffic until its window opens counts on the new queues.)
		const open = openShare(t0, t1, this.#carrierState());
		const synthetic = this.#stalled ? 0 : open;
		const vfActive = this.#vfRegistered && this.spec.vf !== undefined;
		const online = this.#context.onlineCpus();
		const vfQueues = Math.min(this.spec.vf?.queues ?? online.length, online.length);
		return {
			channels: nv.channels,
			// Always present (undefined without RSS): one object shape for every device.
			hostRss: nv.hostRss,
			rssStamp: this.#rssStamp,
			txTable: nv.txTable,
			l4HashLevel: this.#l4Hash,
			txStamp: this.#txStamp,
			vfShare: vfActive ? this.spec.vf?.share ?? 0.998 : 0,
			vfCpus: online.slice(0, vfQueues),
			vfStamp: this.#vfStamp,
			lro: this.#features.active.has('large-receive-offload'),
			tso: this.#features.active.has('tx-tcp-segmentation'),
			mtu: this.#info.mtu,
			featureStamp: this.#featureStamp,
			active: {
				syntheticRx: synthetic,
				syntheticTx: synthetic,
				vfRx: 1,
				// TX is stopped on the netvsc device while it changes (and stays stopped after a drain timeout).
				vfTx: this.#stalled ? 0 : open,
			},
		};
	}

	/** The demand of one step (the array is reused by the next call). */
	demand(t0: number, t1: number, routing: Routing): Demand {
		return this.#engine.step(t0, t1, routing);
	}

	commit(demand: Demand, seconds: number, cpu: CpuState, softnet: Softnet): void {
		const nv = this.#nv;
		if (!nv) {
			return;
		}

		const state = {channelCpu: nv.channelCpu, sections: {recv: nv.recvSections, send: nv.sendSections}, queues: nv.queues};
		commitDemand(demand, seconds, state, cpu, this.#counters, softnet, this.#context.capacities);
	}

	/** Which queue a flow's received packets use now (tests, views). */
	rxQueueOfFlow(flow: number): number | undefined {
		const routing = this.routing(0, 1);
		return routing ? this.#engine.rxQueueOf(flow, routing) : undefined;
	}

	get flows() {
		return this.#engine.flows;
	}
}
