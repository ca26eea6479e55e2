// The live world behind the Source interface: a real (or captured, or
// synthetic) machine read through sysfs, procfs and ethtool child processes.
// Nothing here throws at the caller: every failure is a Result, per panel
// where it can be (rings not supported on veth leaves the rest working).
//
// This file is the wiring only. What is remembered per device and when it is
// forgotten: device-tracker.ts. One snapshot: snapshot.ts (its VF: vf-snapshot.ts). A change (read,
// write, read back): set-with-readback.ts, with the ethtool changes in
// ethtool-sets.ts.
import {isNetvsc} from '../../drivers/index.js';
import {isValidDeviceName} from '../../ethtool/index.js';
import {failWith} from '../../errors.js';
import {fail, ok, type Result} from '../../types.js';
import {normalizeMachine} from '../machine.js';
import type {Source, SourceNeeds} from '../source.js';
import {findNetvscDevices} from './detect.js';
import {DeviceTracker} from './device-tracker.js';
import {ethtoolRead} from './ethtool-call.js';
import {defaultWriteTimeoutMs} from './attribute-write.js';
import {channelCpuSetOp} from './channel-cpu-set.js';
import {ethtoolSetOps} from './ethtool-sets.js';
import {findIrqbalance, irqAffinityText, irqCpuSetOp} from './irq-cpu-set.js';
import {resolveOptions, type LiveSourceOptions} from './options.js';
import {setWithReadback, type SetOp} from './set-with-readback.js';
import {irqbalanceReader, machineWideReader, readSnapshot, slowReader, type SnapshotContext} from './snapshot.js';
import {deviceExists, findVfPartner, listNetDevices, readDevice, readIfindex, type SysfsDevice} from './sysfs.js';
import {interruptsReader} from './vf-interrupts.js';

export type {LiveSourceOptions} from './options.js';

const invalidName = (name: string) => failWith('EINVAL', `invalid device name ${JSON.stringify(name)}`);
const closedSource = () => failWith('EBADF', 'the live source is closed');

/** A live device outlives hvtop: a guard process, root, the kernel log, and its ifindex to notice it re-created. */
const liveNeeds = (sysfsRoot: string): SourceNeeds => ({
	guarding: 'process',
	needsRoot: true,
	privateState: false,
	kernelLog: true,
	readIfindex: async (dev: string) => readIfindex(sysfsRoot, dev),
});

/** Whether `name` is the VF one of the watched devices pairs with now (a VF change names the VF). */
async function isVfOf(sysfsRoot: string, watched: readonly string[], name: string): Promise<boolean> {
	const parents = await Promise.all(watched.filter(parent => parent !== name).map(async parent => readDevice(sysfsRoot, parent)));
	const partners = await Promise.all(parents.map(async parent => (parent.ok && isNetvsc(parent.value.driver) ? findVfPartner(sysfsRoot, parent.value) : undefined)));
	return partners.includes(name);
}

type Change = <Request, Value>(op: SetOp<Request, Value>, name: string, request: Request, now: number, tracked?: boolean) => Promise<Result<Value>>;

/** The sysfs and procfs CPU moves (channel-cpu, irq-cpu): written and read back, no queue re-created. */
function cpuMoves(roots: {sysfsRoot: string; procfsRoot: string; timeoutMs: number}, change: Change): Pick<Source, 'setChannelCpu' | 'setIrqCpu' | 'irqBalancer'> {
	const channelCpuOp = channelCpuSetOp(roots.sysfsRoot, roots.timeoutMs);
	const irqCpuOp = irqCpuSetOp(roots.procfsRoot, roots.timeoutMs);
	return {
		async setChannelCpu(device, request, now) {
			const moved = await change(channelCpuOp, device, request, now, false);
			return moved.ok ? ok(moved.value.cpus) : moved;
		},
		async setIrqCpu(device, request, now) {
			const moved = await change(irqCpuOp, device, request, now, false);
			return moved.ok ? ok(irqAffinityText(moved.value)) : moved;
		},
		irqBalancer: async () => findIrqbalance(roots.procfsRoot),
	};
}

/** The devices asked for by name: each a valid name, present on the machine. */
function checkRequested(requested: readonly string[] | undefined, present: readonly string[], sysfsRoot: string): Result<never> | undefined {
	for (const name of requested ?? []) {
		if (!isValidDeviceName(name)) {
			return invalidName(name);
		}

		if (!present.includes(name)) {
			return failWith('ENODEV', `no such device: ${name} (not in ${sysfsRoot}/class/net)`);
		}
	}

	return undefined;
}

export async function createLiveSource(options: LiveSourceOptions = {}): Promise<Result<Source>> {
	const resolved = resolveOptions(options);
	if (!resolved.ok) {
		return resolved;
	}

	const {sysfsRoot, procfsRoot, rules, readOptions, setOptions} = resolved.value;
	const present = await listNetDevices(sysfsRoot);
	if (!present.ok) {
		return present;
	}

	const requested = options.devices === undefined ? undefined : [...new Set(options.devices)];
	const missing = checkRequested(requested, present.value, sysfsRoot);
	if (missing) {
		return missing;
	}

	let known: readonly string[] = requested ?? await findNetvscDevices({sysfsRoot});
	let closed = false;
	const read: SnapshotContext['read'] = async (args, parse) => ethtoolRead(args, parse, readOptions);
	const tracker = new DeviceTracker(slowReader(read), rules);
	const ctx: SnapshotContext = {sysfsRoot, procfsRoot, tracker, read, interrupts: interruptsReader(procfsRoot), machineWide: machineWideReader(sysfsRoot, procfsRoot), irqbalance: irqbalanceReader(procfsRoot, rules.refreshMs)};
	const sets = ethtoolSetOps({read: readOptions, set: setOptions});

	/** A device this source may act on: valid name, present, watched, or the VF of one watched. */
	const checkTarget = async (name: string): Promise<Result<SysfsDevice>> => {
		if (closed) {
			return closedSource();
		}

		if (!isValidDeviceName(name)) {
			return invalidName(name);
		}

		const sysfs = await readDevice(sysfsRoot, name);
		if (!sysfs.ok) {
			return sysfs;
		}

		const watched = requested === undefined ? isNetvsc(sysfs.value.driver) : requested.includes(name);
		return watched || await isVfOf(sysfsRoot, known, name) ? sysfs : failWith('ENODEV', `${name} is not a device hvtop watches, nor the VF of one (use --device ${name})`);
	};

	/** `tracked`: the change may re-create queues (the tracker's epoch and cached reads follow); a CPU move does not. */
	const change = async <Request, Value>(op: SetOp<Request, Value>, name: string, request: Request, now: number, tracked = true): Promise<Result<Value>> => {
		const bad = op.check(request);
		if (bad !== undefined) {
			return fail(bad);
		}

		const target = await checkTarget(name);
		return target.ok
			? setWithReadback(op, target.value, request, (device, key, before, after) => {
				if (tracked) {
					tracker.afterSet(device, key, before, after, now);
				}
			})
			: target;
	};

	const origin = normalizeMachine({sysfsRoot, procfsRoot, ...(options.ethtool === undefined ? {} : {ethtool: options.ethtool})});
	const source: Source = {
		kind: 'live',
		needs: liveNeeds(origin.sysfsRoot),
		origin,
		get label() {
			if (requested !== undefined) {
				return `LIVE — ${requested.join(', ')} (--live)`;
			}

			return known.length === 0
				? 'LIVE — no hv_netvsc device found'
				: `LIVE — ${known.length} hv_netvsc device${known.length === 1 ? '' : 's'}`;
		},

		async devices() {
			if (closed) {
				return [];
			}

			if (requested === undefined) {
				known = await findNetvscDevices({sysfsRoot});
			} else {
				const exists = await Promise.all(requested.map(async name => deviceExists(sysfsRoot, name)));
				known = requested.filter((_, index) => exists[index]);
			}

			tracker.keepOnly(known);
			return known;
		},

		async snapshot(device, now) {
			if (closed) {
				return closedSource();
			}

			return isValidDeviceName(device) ? tracker.once(device, async () => readSnapshot(ctx, device, now)) : invalidName(device);
		},

		setChannels: async (device, request, now) => change(sets.channels, device, request, now),
		setRings: async (device, request, now) => change(sets.rings, device, request, now),
		// `-c` fails with EOPNOTSUPP on a driver without coalescing (hv_netvsc), before any write.
		setCoalesce: async (device, request, now) => change(sets.coalesce, device, request, now),
		// `-x` fails with EOPNOTSUPP on a driver without an indirection table (veth), before any write.
		setRss: async (device, request, now) => change(sets.rss, device, request, now),
		setFlowHash: async (device, request, now) => change(sets.flowHash, device, request, now),

		...cpuMoves({sysfsRoot, procfsRoot, timeoutMs: setOptions.timeoutMs ?? defaultWriteTimeoutMs}, change),
		async close() {
			closed = true;
			tracker.clear();
		},
	};

	return ok(source);
}
