// One hv_netvsc interface: the net_device (what survives a re-add: global and
// VF counters, features, the RSS "configured" flag, TX hash level, MTU, link
// settings) and its netvsc_device (what every channel, ring or MTU change
// tears down and re-creates: channels, sections, indirection table, TX table,
// per-queue counters, sub-channel CPUs). Every ethtool operation applies the
// core's checks (netlink path unless stated) and then the driver's, and returns
// errors as data. Time comes in as `at` (ms); nothing here reads a clock.
//
// The class is the device's one public face; the state is a DeviceState
// (device-state.ts) and each concept works on it in its own module: the re-add
// (device-readd.ts), the link and VF (device-link.ts), the writes
// (device-changes.ts), the cached views (device-views.ts) and the per-tick
// traffic routing (device-routing.ts).
import type {ChannelRequest, Channels, Feature, Result, RingRequest, Rings, Stat} from '../types.js';
import type {CpuState, Softnet} from './datapath.js';
import * as changes from './device-changes.js';
import {carrierOn, linkSettingsOf, setAdminUp, setLinkSettings, setVfPresent, vfNameOf} from './device-link.js';
import {addDevice} from './device-readd.js';
import {commitStep, routingOf} from './device-routing.js';
import type {DeviceContext, DeviceSpec, FeatureChange, ModelDriverInfo, ModelRss, UnsupportedOperation} from './device-spec.js';
import {createDeviceState, withDevice, type DeviceState} from './device-state.js';
import {addVfDemand, createDeviceVf, serviceVf} from './device-vf.js';
import {DeviceViews} from './device-views.js';
import {failWith} from '../errors.js';
import type {ArmedFault, Fault} from './faults.js';
import type {LinkSettings, LinkSettingsRequest, ModelLink} from './link.js';
import type {Random} from './random.js';
import {flowHashFields, type FlowType, type RxfhRequest} from './rss.js';
import {createTrafficEngine, generateFlows, type Demand, type Routing, type TrafficEngine} from './traffic.js';
import type {VfDevice, VfServicing} from './vf/index.js';

export class NetvscDevice {
	readonly spec: DeviceSpec;
	readonly name: string;
	readonly #state: DeviceState;
	readonly #views: DeviceViews;
	readonly #engine: TrafficEngine;

	constructor(spec: DeviceSpec, context: DeviceContext, random: Random, primaryCpu: number) {
		this.spec = spec;
		this.name = spec.name;
		const state = createDeviceState(spec, context, primaryCpu);
		this.#state = state;
		this.#views = new DeviceViews(state);
		const flows = generateFlows(spec.traffic, random);
		this.#engine = createTrafficEngine(flows, context.cpuSlots);
		state.vfModel = createDeviceVf(spec, flows, context.onlineCpus().length, random);
		// Probe: the first netvsc_device, built from the boot-time configuration.
		state.nv = addDevice(state, state.info, {});
	}

	// Read-only outside: only the device's own changes move these three.

	/** Bumped whenever the queues are re-created (per-queue counters restart at 0). */
	get epoch(): number {
		return this.#state.epoch;
	}

	/** The end of the current change: RTNL is held and the carrier is off until then. */
	get busyUntil(): number {
		return this.#state.busyUntil;
	}

	/** Requests that met a `hang` fault: they never return (see faults.ts). */
	get hangs(): number {
		return this.#state.hangs;
	}

	get present(): boolean {
		return this.#state.present;
	}

	// ----- ethtool -i, -d ------------------------------------------------------

	driverInfo(): Result<ModelDriverInfo> {
		return this.#views.driverInfo();
	}

	/** `ethtool -d`: regs version 1, the 16-entry TX send table. */
	registers(): Result<{version: number; txTable: readonly number[]}> {
		return withDevice(this.#state, nv => ({ok: true, value: {version: 1, txTable: [...nv.txTable]}}));
	}

	// ----- channels, rings, MTU, XDP (the first three re-add) --------------------

	channels(): Result<Channels> {
		return this.#views.channels();
	}

	setChannels(request: ChannelRequest, at: number, durationMs: number): Result<Channels> {
		return changes.setChannels(this.#state, this.#views, request, at, durationMs);
	}

	rings(): Result<Rings> {
		return this.#views.rings();
	}

	setRings(request: RingRequest, at: number, durationMs: number): Result<Rings> {
		return changes.setRings(this.#state, this.#views, request, at, durationMs);
	}

	get mtu(): number {
		return this.#state.info.mtu;
	}

	setMtu(mtu: number, at: number, durationMs: number): Result<number> {
		return changes.setMtu(this.#state, mtu, at, durationMs);
	}

	get xdpAttached(): boolean {
		return this.#state.xdp;
	}

	setXdp(attached: boolean): Result<boolean> {
		return changes.setXdp(this.#state, attached);
	}

	// ----- link ----------------------------------------------------------------

	/** The same frozen object while nothing in it changed. */
	link(now: number): ModelLink {
		return this.#views.link(now);
	}

	/** `ethtool DEV` "Link detected": carrier, and 0 while the interface is down. */
	linkDetected(now: number): Result<boolean> {
		return withDevice(this.#state, () => ({ok: true, value: carrierOn(this.#state, now)}));
	}

	linkSettings(): Result<LinkSettings> {
		return withDevice(this.#state, () => ({ok: true, value: linkSettingsOf(this.#state)}));
	}

	setLinkSettings(request: LinkSettingsRequest): Result<LinkSettings> {
		return setLinkSettings(this.#state, request);
	}

	setAdminUp(up: boolean, at: number): Result<boolean> {
		return setAdminUp(this.#state, up, at);
	}

	// ----- VF ------------------------------------------------------------------

	get vfName(): string | undefined {
		return vfNameOf(this.#state);
	}

	setVfPresent(present: boolean): Result<boolean> {
		return setVfPresent(this.#state, present);
	}

	/** The VF through its own driver, when the scenario models it (present or away: see its `present`). */
	get vf(): VfDevice | undefined {
		return this.#state.vfModel?.device;
	}

	/** What host servicing did to the modelled VF so far (removals and re-adds, with the settings lost). */
	vfServicing(): readonly VfServicing[] {
		return [...(this.#state.vfModel?.events ?? [])];
	}

	/** Applies the host's scripted VF servicing in (t0, t1] (before the step's routing). */
	serviceVf(t0: number, t1: number): void {
		serviceVf(this.#state, t0, t1);
	}

	// ----- features, RSS, TX hash ----------------------------------------------

	features(): Result<readonly Feature[]> {
		return this.#views.features();
	}

	setFeatures(wanted: Readonly<Record<string, boolean>>): Result<FeatureChange> {
		return changes.setFeatures(this.#state, wanted);
	}

	rss(): Result<ModelRss> {
		return this.#views.rss();
	}

	/** The key as bytes (for hashing in tests and views). */
	rssKeyBytes(): Result<Uint8Array> {
		return withDevice(this.#state, nv => ({ok: true, value: Uint8Array.from(nv.rssKey)}));
	}

	setRss(request: RxfhRequest): Result<ModelRss> {
		return changes.setRss(this.#state, this.#views, request);
	}

	/** `ethtool -n DEV rx-flow-hash TYPE`: ethtool field letters ("" → None). */
	flowHash(flowType: FlowType): Result<string> {
		return withDevice(this.#state, () => ({ok: true, value: flowHashFields(this.#state.l4Hash, flowType)}));
	}

	setFlowHash(flowType: FlowType, fields: string): Result<string> {
		return changes.setFlowHash(this.#state, flowType, fields);
	}

	// ----- message level, unsupported ops --------------------------------------

	msgLevel(): Result<number> {
		return withDevice(this.#state, () => ({ok: true, value: this.#state.msgLevel}));
	}

	setMsgLevel(level: number): Result<number> {
		return changes.setMsgLevel(this.#state, level);
	}

	unsupported(_operation: UnsupportedOperation): Result<never> {
		return withDevice(this.#state, () => failWith('EOPNOTSUPP'));
	}

	// ----- VMBus channel → CPU -------------------------------------------------

	/** queue index → target CPU; empty while detached. */
	channelCpu(): readonly number[] {
		return this.#views.channelCpu();
	}

	writeChannelCpu(queue: number, text: string): Result<number> {
		return changes.writeChannelCpu(this.#state, queue, text);
	}

	// ----- faults --------------------------------------------------------------

	injectFault(fault: Fault, persistent = false): void {
		this.#state.faults.push({fault, persistent});
	}

	clearFaults(): void {
		this.#state.faults.length = 0;
	}

	armedFaults(): readonly ArmedFault[] {
		return [...this.#state.faults];
	}

	// ----- statistics ----------------------------------------------------------

	stats(): Result<Stat[]> {
		return this.#views.stats();
	}

	interfaceTotals(): {rxPackets: bigint; rxBytes: bigint; txPackets: bigint; txBytes: bigint} {
		return this.#views.interfaceTotals();
	}

	// ----- traffic -------------------------------------------------------------

	routing(t0: number, t1: number): Routing | undefined {
		return routingOf(this.#state, t0, t1);
	}

	/** The demand of one step (the array is reused by the next call). */
	demand(t0: number, t1: number, routing: Routing): Demand {
		const demand = this.#engine.step(t0, t1, routing);
		const vf = this.#state.vfModel;
		if (vf) {
			addVfDemand(vf, demand, routing, {t0, t1}, this.#state.context.onlineCpus());
		}

		return demand;
	}

	commit(demand: Demand, seconds: number, cpu: CpuState, softnet: Softnet): void {
		commitStep(this.#state, demand, seconds, cpu, softnet);
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
