// One live snapshot of one device: sysfs (link, totals, queue counts, VF,
// channel CPUs), one `ethtool -S`, the machine-wide CPU reads, and the slow
// reads (`-i -l -g -k -x`) the tracker says are due, put together as a
// DeviceSnapshot.
//
// Cost per snapshot in steady state: one `ethtool -S` child plus ~20 small
// file reads; the slower-changing reads follow the rule in slow-reads.ts.
import {driverFacts, type DriverFacts} from '../../drivers/index.js';
import {argv, isValidDeviceName, parseChannels, parseCoalesce, parseDriverInfo, parseFeatures, parseRegisterDump, parseRings, parseRss, parseStats} from '../../ethtool/index.js';
import * as hvNetvsc from '../../drivers/hv-netvsc.js';
import {failWith} from '../../errors.js';
import {ok, type Result, type Stat} from '../../types.js';
import {splitCounters, type SplitCounters} from '../counters.js';
import type {DeviceSnapshot, SoftirqCounters} from '../source.js';
import type {CpuTimes, SnmpCounters, VfDeviceSnapshot} from '../../types.js';
import {DeviceTracker, type SlowReader} from './device-tracker.js';
import {readFlowHash} from './flow-hash.js';
import {readOnlineCpus, readSoftirqCounters} from './procfs.js';
import {readCpuTimes} from './proc-stat.js';
import {readSnmp} from './snmp.js';
import {findIrqbalance} from './irq-cpu-set.js';
import {queuesFor} from './queues.js';
import type {SlowKey} from './slow-reads.js';
import {deviceExists, findVfPartner, linkOf, readDevice, readTotals, type DeviceTotals, type SysfsDevice} from './sysfs.js';
import {readVfSnapshot, type VfContext} from './vf-snapshot.js';
import {readChannelMap} from './vmbus.js';

type MachineWide = {readonly vcpus: number; readonly softirqs: SoftirqCounters[]; readonly cpuTimes: CpuTimes[]; readonly snmp: SnmpCounters | undefined};

export type SnapshotContext = VfContext & {
	readonly machineWide: (now: number) => Promise<MachineWide>;
	/** Whether irqbalance runs (a scan of /proc, cached); absent: not asked. */
	readonly irqbalance?: (now: number) => Promise<{pid: number} | false | undefined>;
};

/**
 * Whether irqbalance runs, asked at most once per `refreshMs` (a scan of /proc/PID/comm that stops at the
 * first match): read only for a device whose VF has queue interrupts, which irqbalance may move.
 */
export function irqbalanceReader(procfsRoot: string, refreshMs = 60_000): (now: number) => Promise<{pid: number} | false | undefined> {
	let last: {at: number; value: Promise<{pid: number} | false | undefined>} | undefined;
	return async now => {
		if (last === undefined || now < last.at || now - last.at >= refreshMs) {
			last = {at: now, value: findIrqbalance(procfsRoot)};
		}

		return last.value;
	};
}

/** CPU-wide reads, shared by every device polled with the same `now`. */
export function machineWideReader(sysfsRoot: string, procfsRoot: string): (now: number) => Promise<MachineWide> {
	let machine: {now: number; value: Promise<MachineWide>} | undefined;
	return async now => {
		if (machine?.now !== now) {
			machine = {
				now,
				value: (async () => {
					const online = await readOnlineCpus({sysfsRoot, procfsRoot});
					const [softirqs, cpuTimes, snmp] = await Promise.all([readSoftirqCounters(procfsRoot, online), readCpuTimes(procfsRoot), readSnmp(procfsRoot)]);
					return {vcpus: online.length, softirqs, cpuTimes, snmp};
				})(),
			};
		}

		return machine.value;
	};
}

/** The snapshot's send table, where it was read. */
const sendTableOf = (table: Result<readonly number[]>): {sendTable?: readonly number[]} => (table.ok ? {sendTable: table.value} : {});

/** hv_netvsc's send table from `ethtool -d`; any other driver has none, and nothing is run for it. */
async function readSendTable(read: SnapshotContext['read'], device: string, driver: string | undefined): Promise<Result<readonly number[]>> {
	if (driver !== hvNetvsc.name) {
		return failWith('EOPNOTSUPP', `${driver ?? 'this driver'} has no send table`);
	}

	const dump = await read(argv.registers(device), parseRegisterDump);
	if (!dump.ok) {
		return dump;
	}

	const table = hvNetvsc.sendTableFromRegisters(dump.value);
	return table ? ok(table) : failWith('EPARSE', `ethtool -d ${device}: ${dump.value.length} bytes, not hv_netvsc's send table of ${hvNetvsc.sendTableSize} entries`);
}

/** The ethtool read behind each slow value. */
export function slowReader(read: SnapshotContext['read']): SlowReader {
	return async (key, device, driver) => {
		switch (key) {
			case 'info': {
				return read(argv.driverInfo(device), parseDriverInfo);
			}

			case 'channels': {
				return read(argv.channels(device), parseChannels);
			}

			case 'rings': {
				return read(argv.rings(device), stdout => parseRings(stdout, driver === undefined ? {} : {driver}));
			}

			case 'features': {
				return read(argv.features(device), parseFeatures);
			}

			case 'rss': {
				return read(argv.rss(device), parseRss);
			}

			case 'coalesce': {
				return read(argv.coalesce(device), parseCoalesce);
			}

			case 'flowHash': {
				return readFlowHash(read, device);
			}

			case 'sendTable': {
				return readSendTable(read, device, driver);
			}
		}
	};
}

const sysfsErrorNames = ['rx_dropped', 'tx_dropped', 'rx_errors', 'tx_errors'] as const;

/**
 * The driver's own error counters: always hv_netvsc's (even none, when -S failed), another known
 * driver's only when its -S has some; undefined → use sysfs.
 */
function ownErrors(facts: DriverFacts, split: SplitCounters | undefined): Stat[] | undefined {
	if (facts.errorStatNames.length === 0) {
		return undefined;
	}

	if (facts.vmbus) {
		return split?.errors ?? [];
	}

	return split !== undefined && split.errors.length > 0 ? split.errors : undefined;
}

function sysfsErrors(totals: DeviceTotals | undefined): Stat[] {
	if (totals === undefined) {
		return [];
	}

	const values = {rx_dropped: totals.rxDropped, tx_dropped: totals.txDropped, rx_errors: totals.rxErrors, tx_errors: totals.txErrors};
	return sysfsErrorNames.map(name => [name, values[name]] as const);
}

/**
 * The device's VF and its snapshot, when it has one that can be read now (a VF away in a servicing has
 * neither). A name ethtool cannot be given (hostile sysfs) is shown, never read.
 */
async function readVf(ctx: SnapshotContext, device: SysfsDevice, now: number): Promise<{name: string; device?: VfDeviceSnapshot} | undefined> {
	const name = await findVfPartner(ctx.sysfsRoot, device);
	if (name === undefined || !isValidDeviceName(name)) {
		ctx.tracker.noteVf(device.name, undefined);
		return name === undefined ? undefined : {name};
	}

	const vf = await readVfSnapshot(ctx, name, now);
	ctx.tracker.noteVf(device.name, vf === undefined ? undefined : name);
	return vf === undefined ? undefined : {name, device: vf};
}

export async function readSnapshot(ctx: SnapshotContext, name: string, now: number): Promise<Result<DeviceSnapshot>> {
	const {sysfsRoot, tracker} = ctx;
	const sysfs = await readDevice(sysfsRoot, name);
	if (!sysfs.ok) {
		tracker.forget(name);
		return sysfs;
	}

	const device = sysfs.value;
	const state = tracker.track(device);
	const facts = driverFacts(device.driver);
	const [stats, totals, vf, channelMap, wide] = await Promise.all([
		ctx.read(argv.stats(name), parseStats),
		readTotals(sysfsRoot, name),
		facts.vmbus ? readVf(ctx, device, now) : Promise.resolve(undefined),
		facts.vmbus ? readChannelMap(sysfsRoot, name, device.busDevice) : Promise.resolve(undefined),
		ctx.machineWide(now),
		tracker.refreshSlow(name, state, now, device.driver),
	]);

	if (!stats.ok && stats.error.code === 'ENODEV' && !(await deviceExists(sysfsRoot, name))) {
		tracker.forget(name);
		return failWith('ENODEV', `${name} vanished while it was being read (hot-removed?)`);
	}

	const irqbalance = (vf?.device?.queueIrqs?.length ?? 0) > 0 ? await ctx.irqbalance?.(now) : undefined;
	const split = stats.ok ? splitCounters(stats.value) : undefined;
	const queues = queuesFor(split?.queues, totals.ok ? totals.value : undefined, facts.vmbus);
	const perQueue = (split?.queues.length ?? 0) > 0 || queues.length === 0;
	await tracker.noteQueues(device, state, split?.queues.map(queue => queue.index).join(','), queues, now);

	const slow = <K extends SlowKey>(key: K) => DeviceTracker.slowResult(state, key);
	return ok({
		name,
		at: now,
		info: slow('info'),
		link: linkOf(device),
		...(vf === undefined ? {} : {vf: vf.name}),
		...(vf?.device === undefined ? {} : {vfDevice: vf.device}),
		vcpus: wide.vcpus,
		channels: slow('channels'),
		rings: slow('rings'),
		features: slow('features'),
		rss: slow('rss'),
		flowHash: slow('flowHash'),
		stats,
		queues,
		perQueue,
		cpus: split?.cpus ?? [],
		// A driver with error counters of its own (hv_netvsc's globals, mana's hc_*…) shows them; others, and
		// a VF driver whose -S has none of them (an older kernel), show sysfs drops/errors.
		errors: ownErrors(facts, split) ?? sysfsErrors(totals.ok ? totals.value : undefined),
		...(split?.vfTraffic === undefined ? {} : {vfTraffic: split.vfTraffic}),
		channelCpu: channelMap?.cpus ?? [],
		...sendTableOf(slow('sendTable')),
		...(channelMap && channelMap.relids.length > 0 && channelMap.relids.every(relid => relid >= 0) ? {channelRelids: channelMap.relids} : {}),
		softirqs: wide.softirqs,
		...(wide.cpuTimes.length > 0 ? {cpuTimes: wide.cpuTimes} : {}),
		...(wide.snmp === undefined ? {} : {snmp: wide.snmp}),
		...(irqbalance === undefined ? {} : {irqbalance}),
		epoch: state.epoch,
	});
}
