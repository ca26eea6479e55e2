// The Source used when no hv_netvsc device is present: the netvsc model
// (source/netvsc) behind the same interface as the live source. A snapshot
// first advances the simulated machine to `now`, then reads the device the way
// the live source reads ethtool and sysfs.
import {
	createMachine, findScenario, modelKernelRelease, scenarioDescriptions, scenarioNames, type CpuLoad, type Fault, type Machine,
} from '../netvsc/index.js';
import type {ChannelRequest, Channels, Coalesce, CoalesceRequest, FlowHash, FlowHashRequest, Result, RingRequest, Rings, Rss, RssRequest} from '../types.js';
import {parseHkey} from '../ethtool/index.js';
import {failWith, noSuchDevice} from '../errors.js';
import {channelMoves} from './channel-cpu-request.js';
import {splitCounters} from './counters.js';
import {modelFlowHash, setModelFlowHash} from './model-flow-hash.js';
import {isVfName, setVfChannels, setVfCoalesce, setVfIrqAffinity, setVfRings, setVfRss, vfSnapshot} from './model-vf.js';
import {inProcessNeeds, type ChannelCpuRequest, type DeviceSnapshot, type Source} from './source.js';

export {scenarioDescriptions, scenarioNames};

export const modelLabel = 'MODEL — no hv_netvsc device found';

export type ModelSourceOptions = {
	/** Scenario name (default `balanced`). */
	readonly scenario?: string;
	readonly seed?: number;
	readonly label?: string;
	/** The kernel the model runs (`--kernel`: a name of modelKernels); default the scenario's. */
	readonly kernel?: string;
	/** How long a channel or ring change takes in model time (carrier off meanwhile). */
	readonly changeDurationMs?: number;
	/** The longest simulated step (MachineOptions.maxStepMs). */
	readonly maxStepMs?: number;
};

export type ModelSource = Source & {
	readonly kind: 'model';
	readonly scenario: {readonly name: string; readonly description: string};
	readonly seed: number;
	/** The simulated machine, for views and tools that need more than the Source surface. */
	readonly machine: Machine;
	/**
	 * Arm a fault for the device's next change (or every change when persistent):
	 * see source/netvsc/faults.ts for the kinds.
	 */
	injectFault(device: string, fault: Fault, options?: {readonly persistent?: boolean}): Result<void>;
	clearFaults(device: string): Result<void>;
	/** Per-CPU load over the last simulated step. */
	cpuLoad(): CpuLoad[];
};

export function createModelSource(options: ModelSourceOptions = {}): Result<ModelSource> {
	const found = findScenario(options.scenario ?? 'balanced');
	if (!found.ok) {
		return found;
	}

	const scenario = found.value;
	const release = options.kernel === undefined ? undefined : modelKernelRelease(options.kernel);
	if (release && !release.ok) {
		return release;
	}

	const seed = options.seed ?? 1;
	const machine = createMachine(release ? {...scenario.spec, kernelRelease: release.value} : scenario.spec, {
		seed,
		...(options.changeDurationMs === undefined ? {} : {changeDurationMs: options.changeDurationMs}),
		...(options.maxStepMs === undefined ? {} : {maxStepMs: options.maxStepMs}),
	});

	const source: ModelSource = {
		kind: 'model',
		needs: inProcessNeeds,
		label: options.label ?? modelLabel,
		scenario: {name: scenario.name, description: scenario.description},
		seed,
		machine,
		async devices() {
			return machine.devices();
		},
		async snapshot(device, now) {
			return snapshot(machine, device, now);
		},
		// A VF's own name changes that VF (its driver's bounds and errnos); a netvsc name the netvsc device.
		async setChannels(device: string, request: ChannelRequest, now: number): Promise<Result<Channels>> {
			return isVfName(machine, device)
				? setVfChannels(machine, device, request, now)
				: answer(machine, device, () => machine.setChannels(device, request, now));
		},
		async setRings(device: string, request: RingRequest, now: number): Promise<Result<Rings>> {
			return isVfName(machine, device)
				? setVfRings(machine, device, request, now)
				: answer(machine, device, () => machine.setRings(device, request, now));
		},
		async setCoalesce(device: string, request: CoalesceRequest, now: number): Promise<Result<Coalesce>> {
			if (isVfName(machine, device)) {
				return setVfCoalesce(machine, device, request, now);
			}

			// Hv_netvsc has no get/set_coalesce: the ethtool core refuses.
			return machine.device(device).ok ? failWith('EOPNOTSUPP', 'ethtool -C: hv_netvsc has no coalescing settings') : noSuchDevice(device);
		},
		async setRss(device: string, request: RssRequest, now: number): Promise<Result<Rss>> {
			if (isVfName(machine, device)) {
				return setVfRss(machine, device, request, now);
			}

			const key = request.key === undefined ? undefined : parseHkey(request.key);
			if (typeof key === 'string') {
				return failWith('EINVAL', key);
			}

			const {equal, weights, reset} = request;
			return answer(machine, device, () => machine.setRss(device, {
				...(equal === undefined ? {} : {equal}),
				...(weights === undefined ? {} : {weights}),
				...(reset ? {reset} : {}),
				...(key === undefined ? {} : {key}),
			}, now));
		},
		async setFlowHash(device: string, request: FlowHashRequest, now: number): Promise<Result<FlowHash>> {
			return isVfName(machine, device)
				? failWith('EOPNOTSUPP', `ethtool -N ${device}: hvtop sets the flow hash of the netvsc device, not of its VF`)
				: answer(machine, device, () => setModelFlowHash(machine, device, request, now));
		},
		async setChannelCpu(device, request, now) {
			return moveChannels(machine, device, request, now);
		},
		// A VF's own name: its queue vectors (the model's VF has no managed IRQs and no irqbalance).
		async setIrqCpu(device, request, now) {
			return isVfName(machine, device) ? setVfIrqAffinity(machine, device, request, now) : failWith('EOPNOTSUPP', `${device} has no MSI-X queue interrupts: its channels are VMBus channels (move them with channel-cpu)`);
		},
		irqBalancer: async () => false,
		async close() {
			// Nothing to release: the model holds no resources.
		},
		injectFault: (device, fault, faultOptions) => machine.injectFault(device, fault, faultOptions?.persistent ?? false),
		clearFaults: device => machine.clearFaults(device),
		cpuLoad: () => machine.cpuLoad(),
	};
	return {ok: true, value: source};
}

/** Run a change; one that met a `hang` fault never answers, like an ethtool that blocks (its caller's timeout ends it). */
async function answer<T>(machine: Machine, name: string, run: () => Result<T>): Promise<Result<T>> {
	const found = machine.device(name);
	const hangsBefore = found.ok ? found.value.hangs : 0;
	const result = run();
	if (found.ok && found.value.hangs > hangsBefore) {
		return new Promise(() => undefined);
	}

	return result;
}

/** Each channel that differs is written in queue order, as an admin's `echo`s would; the first refusal stops the rest. */
function moveChannels(machine: Machine, name: string, request: ChannelCpuRequest, now: number): Result<readonly number[]> {
	const found = machine.device(name);
	if (!found.ok) {
		return found;
	}

	const moves = channelMoves(request, found.value.channelCpu(), undefined);
	if (!moves.ok) {
		return moves;
	}

	for (const {queue, cpu} of moves.value) {
		const written = machine.writeChannelCpu(name, queue, String(cpu), now);
		if (!written.ok) {
			return written;
		}
	}

	return {ok: true, value: found.value.channelCpu()};
}

function snapshot(machine: Machine, name: string, now: number): Result<DeviceSnapshot> {
	const found = machine.device(name);
	if (!found.ok) {
		return found;
	}

	machine.advance(now);
	const device = found.value;
	const stats = device.stats();
	const split = stats.ok ? splitCounters(stats.value) : {queues: [], cpus: [], errors: []};
	const vf = device.vfName;
	const vfDevice = vfSnapshot(device, machine.onlineCpus());
	const registers = device.registers();
	return {
		ok: true,
		value: {
			name,
			at: now,
			info: device.driverInfo(),
			link: device.link(now),
			...(vf === undefined ? {} : {vf}),
			vcpus: machine.onlineCpus().length,
			channels: device.channels(),
			rings: device.rings(),
			features: device.features(),
			rss: device.rss(),
			flowHash: modelFlowHash(device),
			stats,
			queues: split.queues,
			cpus: split.cpus,
			errors: split.errors,
			...(split.vfTraffic ? {vfTraffic: split.vfTraffic} : {}),
			...(vfDevice === undefined ? {} : {vfDevice}),
			channelCpu: device.channelCpu(),
			...(registers.ok ? {sendTable: registers.value.txTable} : {}),
			softirqs: machine.softirqs(),
			cpuTimes: machine.cpuTimes(),
			snmp: machine.snmp(),
			epoch: device.epoch,
		},
	};
}
