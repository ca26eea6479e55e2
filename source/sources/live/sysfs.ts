// Network devices as sysfs shows them under <root>/class/net/<dev>. Cheap
// reads (≈10 µs a file) replace ethtool forks wherever sysfs has the data:
// link state, device totals, queue counts, driver, VF pairing.
import {join} from 'node:path';
import {name as netvscDriver} from '../../drivers/hv-netvsc.js';
import {pairVfs, type NetFacts} from '../../drivers/vf-pairing.js';
import {failWith} from '../../errors.js';
import {ok, type Link, type Result} from '../../types.js';
import {linkName, listDir, readCounter, readInt, readText} from './fs-read.js';

export {netvscDriver};

export type SysfsDevice = {
	readonly name: string;
	/** Basename of `device/driver`; undefined for virtual devices (veth, lo, bridges). */
	readonly driver?: string;
	readonly ifindex?: number;
	readonly operstate: string;
	readonly carrier?: boolean;
	readonly carrierChanges?: number;
	readonly speedMbps?: number;
	readonly duplex?: 'full' | 'half' | 'unknown';
	/** Count of `queues/rx-N` and `queues/tx-N` (real_num_*_queues). */
	readonly rxQueues: number;
	readonly txQueues: number;
	/** The upper device this one is enslaved to (`master` link). */
	readonly master?: string;
	/** Lower devices (`lower_*` links), e.g. a netvsc's VF. */
	readonly lowers: readonly string[];
	/** Basename of the `device` link: the VMBus instance GUID for hv_netvsc. */
	readonly busDevice?: string;
};

/** Device totals from `statistics/` (what `ip -s link` shows). */
export type DeviceTotals = {
	readonly rxPackets: bigint;
	readonly rxBytes: bigint;
	readonly txPackets: bigint;
	readonly txBytes: bigint;
	readonly rxDropped: bigint;
	readonly txDropped: bigint;
	readonly rxErrors: bigint;
	readonly txErrors: bigint;
};

export const classNet = (sysfsRoot: string): string => join(sysfsRoot, 'class', 'net');

/** Only names that cannot escape class/net when joined into a path. */
const safeName = (name: string): boolean => name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0');

const vanished = (sysfsRoot: string, name: string) => failWith(
	'ENODEV',
	`${name} is gone (no ${join(classNet(sysfsRoot), name)}): removed or renamed — a VF is hot-removed during host servicing`,
);

export async function listNetDevices(sysfsRoot: string): Promise<Result<string[]>> {
	const names = await listDir(classNet(sysfsRoot));
	if (names === undefined) {
		return failWith('ENOENT', `cannot list ${classNet(sysfsRoot)}: not a sysfs tree`);
	}

	return ok(names.filter(name => safeName(name)).sort());
}

export async function deviceExists(sysfsRoot: string, name: string): Promise<boolean> {
	return safeName(name) && (await listDir(join(classNet(sysfsRoot), name))) !== undefined;
}

/** The device's ifindex, or undefined when it is gone; a new one means it was re-created. */
export async function readIfindex(sysfsRoot: string, name: string): Promise<number | undefined> {
	return safeName(name) ? readInt(join(classNet(sysfsRoot), name, 'ifindex')) : undefined;
}

function countQueues(entries: readonly string[], prefix: 'rx-' | 'tx-'): number {
	return entries.filter(entry => entry.startsWith(prefix) && /^\d+$/.test(entry.slice(3))).length;
}

export async function readDevice(sysfsRoot: string, name: string): Promise<Result<SysfsDevice>> {
	if (!safeName(name)) {
		return failWith('EINVAL', `invalid device name ${JSON.stringify(name)}`);
	}

	const dir = join(classNet(sysfsRoot), name);
	const entries = await listDir(dir);
	if (entries === undefined) {
		return vanished(sysfsRoot, name);
	}

	const [driver, ifindex, operstate, carrier, carrierChanges, speed, duplex, queues, master, busDevice] = await Promise.all([
		linkName(join(dir, 'device', 'driver')),
		readInt(join(dir, 'ifindex')),
		readText(join(dir, 'operstate')),
		readInt(join(dir, 'carrier')),
		readInt(join(dir, 'carrier_changes')),
		readInt(join(dir, 'speed')),
		readText(join(dir, 'duplex')),
		listDir(join(dir, 'queues')),
		linkName(join(dir, 'master')),
		linkName(join(dir, 'device')),
	]);

	return ok({
		name,
		...(driver === undefined ? {} : {driver}),
		...(ifindex === undefined ? {} : {ifindex}),
		operstate: operstate ?? 'unknown',
		...(carrier === undefined ? {} : {carrier: carrier === 1}),
		...(carrierChanges === undefined ? {} : {carrierChanges}),
		// -1 (SPEED_UNKNOWN) and unreadable (down device: EINVAL) are both "unknown".
		...(speed === undefined || speed <= 0 ? {} : {speedMbps: speed}),
		...(duplex === 'full' || duplex === 'half' || duplex === 'unknown' ? {duplex} : {}),
		rxQueues: countQueues(queues ?? [], 'rx-'),
		txQueues: countQueues(queues ?? [], 'tx-'),
		...(master === undefined ? {} : {master}),
		lowers: entries.filter(entry => entry.startsWith('lower_')).map(entry => entry.slice('lower_'.length)).sort(),
		...(busDevice === undefined ? {} : {busDevice}),
	});
}

export function linkOf(device: SysfsDevice): Link {
	return {
		up: device.operstate === 'up' || (device.operstate === 'unknown' && device.carrier === true),
		carrier: device.carrier ?? false,
		...(device.speedMbps === undefined ? {} : {speedMbps: device.speedMbps}),
		...(device.duplex === undefined ? {} : {duplex: device.duplex}),
	};
}

const totalFiles = ['rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes', 'rx_dropped', 'tx_dropped', 'rx_errors', 'tx_errors'] as const;

/** The eight `statistics/` counters hvtop uses (not all 24: each file is a read). */
export async function readTotals(sysfsRoot: string, name: string): Promise<Result<DeviceTotals>> {
	if (!safeName(name)) {
		return failWith('EINVAL', `invalid device name ${JSON.stringify(name)}`);
	}

	const dir = join(classNet(sysfsRoot), name, 'statistics');
	const values = await Promise.all(totalFiles.map(async file => readCounter(join(dir, file))));
	if (values.slice(0, 4).includes(undefined)) {
		return (await deviceExists(sysfsRoot, name))
			? failWith('EIO', `cannot read ${dir}`)
			: vanished(sysfsRoot, name);
	}

	const [rxPackets, rxBytes, txPackets, txBytes, rxDropped, txDropped, rxErrors, txErrors] = values.map(value => value ?? 0n);
	return ok({
		rxPackets: rxPackets!,
		rxBytes: rxBytes!,
		txPackets: txPackets!,
		txBytes: txBytes!,
		rxDropped: rxDropped!,
		txDropped: txDropped!,
		rxErrors: rxErrors!,
		txErrors: txErrors!,
	});
}

/** The driver of a device, or undefined (virtual devices, gone devices). */
export async function driverOf(sysfsRoot: string, name: string): Promise<string | undefined> {
	return safeName(name) ? linkName(join(classNet(sysfsRoot), name, 'device', 'driver')) : undefined;
}

/** What pairVfs needs of one device: five small reads. */
async function readNetFacts(sysfsRoot: string, name: string): Promise<NetFacts> {
	const dir = join(classNet(sysfsRoot), name);
	const [driver, mac, master, ifindex] = await Promise.all([
		linkName(join(dir, 'device', 'driver')),
		readText(join(dir, 'address')),
		linkName(join(dir, 'master')),
		readInt(join(dir, 'ifindex')),
	]);
	return {
		name,
		...(driver === undefined ? {} : {driver}),
		...(mac === undefined ? {} : {mac}),
		...(master === undefined ? {} : {master}),
		...(ifindex === undefined ? {} : {ifindex}),
	};
}

/**
 * The VF (Accelerated Networking) paired with a netvsc device (pairVfs): its
 * `lower_*` link when the kernel made one, else a device whose `master` link
 * points at it (older kernels, captured trees without lower_ links), else the
 * device that shares its MAC (a VF not enslaved yet).
 */
export async function findVfPartner(sysfsRoot: string, device: SysfsDevice): Promise<string | undefined> {
	const self: NetFacts = {name: device.name, driver: netvscDriver, lowers: device.lowers};
	if (device.lowers.length > 0) {
		return pairVfs([self]).get(device.name)?.vf;
	}

	const names = ((await listDir(classNet(sysfsRoot))) ?? []).filter(name => name !== device.name && safeName(name));
	const [own, others] = await Promise.all([readNetFacts(sysfsRoot, device.name), Promise.all(names.map(async name => readNetFacts(sysfsRoot, name)))]);
	return pairVfs([{...own, ...self}, ...others]).get(device.name)?.vf;
}
