// Reads what planning needs from one machine: the device's snapshot (from
// its source), every device's facts from sysfs and the .link files under the
// configuration root. The one place the persist planning meets I/O.
import type {DeviceSnapshot, Source} from '../sources/source.js';
import {listNetDevices, readDevice} from '../sources/live/sysfs.js';
import {failWith} from '../errors.js';
import {ok, type Result} from '../types.js';
import type {ConfigFile} from './link-files.js';
import type {DeviceFacts} from './link-match.js';
import {readConfigFiles, readFacts, readHvtopRules, readSmall} from './io.js';
import {join} from 'node:path';
import {lstat} from 'node:fs/promises';
import {readIfindex} from '../sources/live/sysfs.js';
import {nmStateOf, type NmState} from './networkmanager.js';
import {udevVersion} from './udev-version.js';

export type Gathered = {
	readonly snap: DeviceSnapshot;
	readonly facts: (name: string) => DeviceFacts | undefined;
	readonly all: readonly DeviceFacts[];
	readonly files: readonly ConfigFile[];
	readonly rules: ReadonlyMap<string, string>;
	readonly ethtool: string;
	readonly osRelease?: string;
	/** NetworkManager's hold on each device (the device and its VF). */
	readonly nm: ReadonlyMap<string, NmState>;
	/** `udevadm --version`; undefined when there is no udevadm under the root or it says nothing readable. */
	readonly udevVersion?: number;
};

/** The sysfs a source reads; undefined for the model (its devices live inside hvtop). */
export const sysfsOf = (source: Source): string | undefined => (source.kind === 'live' ? source.origin?.sysfsRoot ?? '/sys' : undefined);

/** Every device's facts, by its sysfs driver (a virtual device's from `ethtool -i` where the snapshot has it). */
async function allFacts(sysfsRoot: string, known: ReadonlyMap<string, string>, root: string): Promise<DeviceFacts[]> {
	const names = await listNetDevices(sysfsRoot);
	if (!names.ok) {
		return [];
	}

	const facts = await Promise.all(names.value.map(async name => {
		const device = await readDevice(sysfsRoot, name);
		const driver = known.get(name) ?? (device.ok ? device.value.driver : undefined) ?? '';
		return readFacts(sysfsRoot, name, driver, driver === 'veth' ? 'veth' : undefined, root);
	}));
	return facts.filter(fact => fact !== undefined);
}

async function nmStates(root: string, sysfsRoot: string, names: readonly string[]): Promise<Map<string, NmState>> {
	const running = await lstat(join(root, 'run/NetworkManager')).then(() => true, () => false);
	const states = await Promise.all(names.map(async name => {
		const ifindex = await readIfindex(sysfsRoot, name);
		const file = running && ifindex !== undefined ? await readSmall(join(root, 'run/NetworkManager/devices', String(ifindex))) : undefined;
		return [name, nmStateOf(running, file)] as const;
	}));
	return new Map(states);
}

/** `read`: a snapshot the caller already has (the exporter's scrape), else the source is read now. */
export async function gather(source: Source, dev: string, root: string, now: number, read?: DeviceSnapshot): Promise<Result<Gathered>> {
	const sysfsRoot = sysfsOf(source);
	if (sysfsRoot === undefined) {
		return failWith('EUSAGE', `${dev} is the model's: its settings live inside hvtop and no boot applies them; persist a device of this machine (or one given with --sysfs-root)`);
	}

	const snap: Result<DeviceSnapshot> = read ? ok(read) : await source.snapshot(dev, now);
	if (!snap.ok) {
		return snap;
	}

	const drivers = new Map<string, string>();
	if (snap.value.info.ok) {
		drivers.set(dev, snap.value.info.value.driver);
	}

	if (snap.value.vfDevice) {
		drivers.set(snap.value.vfDevice.name, snap.value.vfDevice.driver);
	}

	const [all, files, rules, osRelease, nm, version] = await Promise.all([
		allFacts(sysfsRoot, drivers, root), readConfigFiles(root), readHvtopRules(root), readSmall(join(root, 'etc/os-release')), nmStates(root, sysfsRoot, [...drivers.keys()]), udevVersion(root),
	]);
	// A rule runs ethtool by absolute path: the source's own when it is one (a stand-in), else the system's.
	const ethtool = source.origin?.ethtool.startsWith('/') ? source.origin.ethtool : '/usr/sbin/ethtool';
	return ok({
		snap: snap.value, facts: name => all.find(fact => fact.name === name), all, files, rules, ethtool, nm,
		...(osRelease === undefined ? {} : {osRelease}),
		...(version === undefined ? {} : {udevVersion: version}),
	});
}
