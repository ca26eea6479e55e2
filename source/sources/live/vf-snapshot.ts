// The VF (Accelerated Networking: mana, mlx5_core) of a watched netvsc
// device, read through its own driver while that device is polled: one
// `ethtool -S` per poll, `-l -g -x` (and `-c` where the driver has CQE
// coalescing) by the slow-read rule, the queues' CPUs from their interrupts.
// The VF is tracked under its own name (device-tracker.ts), so a re-added VF
// (new ifindex) starts fresh. A VF that is gone is no snapshot at all: the
// netvsc device carries on without one, quietly (servicing is normal).
import {join} from 'node:path';
import {vfDriverFacts} from '../../drivers/index.js';
import {splitQueueStats} from '../../drivers/queue-stats/index.js';
import {vfDriverErrors, vfQueueCounters} from '../../drivers/vf-counters.js';
import {argv, parseStats} from '../../ethtool/index.js';
import {namesQueueIrqs, type Interrupts} from '../../drivers/vf-irqs.js';
import type {Result, VfDeviceSnapshot} from '../../types.js';
import {DeviceTracker} from './device-tracker.js';
import type {SlowKey} from './slow-reads.js';
import {readText} from './fs-read.js';
import {deviceExists, readDevice} from './sysfs.js';
import {readQueueIrqs} from './vf-interrupts.js';

export type VfContext = {
	readonly sysfsRoot: string;
	readonly procfsRoot: string;
	readonly tracker: DeviceTracker;
	/** Runs one ethtool read with the source's read timeout. */
	readonly read: <T>(args: readonly string[], parse: (stdout: string) => Result<T>) => Promise<Result<T>>;
	/** /proc/interrupts, read once per `now`. */
	readonly interrupts: (now: number) => Promise<Interrupts | undefined>;
};

const plainKeys: readonly SlowKey[] = ['channels', 'rings', 'rss'];
const coalescingKeys: readonly SlowKey[] = ['channels', 'rings', 'rss', 'coalesce'];

/** `-c` only where hvtop knows the driver coalesces CQEs (mana); elsewhere it would only say EOPNOTSUPP. */
const keysFor = (driver: string): readonly SlowKey[] => ((vfDriverFacts(driver)?.rxCqeFrames.length ?? 0) > 0 ? coalescingKeys : plainKeys);

/** IFF_UP from sysfs `flags` (hex); without it, an operstate other than `down`. */
function isUp(flags: string | undefined, operstate: string): boolean {
	const value = flags === undefined || !/^0x[\da-f]+$/i.test(flags.trim()) ? undefined : Number.parseInt(flags.trim(), 16);
	return value === undefined ? operstate !== 'down' : (value & 1) === 1;
}

/** The VF now, or undefined when it is gone (or vanished while being read). */
export async function readVfSnapshot(ctx: VfContext, name: string, now: number): Promise<VfDeviceSnapshot | undefined> {
	const {sysfsRoot, tracker} = ctx;
	const sysfs = await readDevice(sysfsRoot, name);
	if (!sysfs.ok) {
		tracker.forget(name);
		return undefined;
	}

	const device = sysfs.value;
	const driver = device.driver ?? '';
	const state = tracker.track(device);
	state.keys = keysFor(driver);
	const [stats, interrupts, flags] = await Promise.all([
		ctx.read(argv.stats(name), parseStats),
		namesQueueIrqs(driver) ? ctx.interrupts(now) : Promise.resolve(undefined),
		// IFF_UP (flags bit 0): the netdev was opened, which is when MANA's port is up.
		readText(join(sysfsRoot, 'class', 'net', name, 'flags'), 32),
		tracker.refreshSlow(name, state, now, device.driver),
	]);

	if (!stats.ok && stats.error.code === 'ENODEV' && !(await deviceExists(sysfsRoot, name))) {
		tracker.forget(name);
		return undefined;
	}

	const split = stats.ok ? splitQueueStats(stats.value, driver) : undefined;
	// The `device` link of a PCI VF is named by its PCI address (7870:00:00.0).
	const irqs = await readQueueIrqs(ctx.procfsRoot, interrupts, driver, device.busDevice);
	const queues = (split?.queues ?? []).map(queue => vfQueueCounters(queue, irqs.get(queue.index)));
	const queueIrqs = [...irqs].flatMap(([queue, irq]) => (irq.allowed === undefined ? [] : [{queue, irq: irq.irq, cpus: irq.allowed}]));
	await tracker.noteQueues(device, state, split?.queues.map(queue => queue.index).join(','), queues, now);
	const coalescing = state.keys.includes('coalesce');
	return {
		name,
		driver,
		instance: device.ifindex ?? 0,
		channels: DeviceTracker.slowResult(state, 'channels'),
		rings: DeviceTracker.slowResult(state, 'rings'),
		...(coalescing ? {coalesce: DeviceTracker.slowResult(state, 'coalesce')} : {}),
		rss: DeviceTracker.slowResult(state, 'rss'),
		up: isUp(flags, device.operstate),
		stats,
		queues,
		errors: stats.ok ? vfDriverErrors(stats.value, driver) : [],
		...(queueIrqs.length > 0 ? {queueIrqs} : {}),
	};
}
