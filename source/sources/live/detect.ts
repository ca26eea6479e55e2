// Which hv_netvsc devices this machine has: the CLI runs live when there is
// at least one and on the model otherwise. Reads sysfs only (no fork), so it
// is cheap enough to call at startup and on every device-list refresh.
import {listNetDevices, driverOf, netvscDriver} from './sysfs.js';

export type DetectOptions = {
	/** Default '/sys'. */
	readonly sysfsRoot?: string;
};

/** Names of hv_netvsc devices, sorted; [] when none or sysfs is unreadable. */
export async function findNetvscDevices(options: DetectOptions = {}): Promise<string[]> {
	const sysfsRoot = options.sysfsRoot ?? '/sys';
	const names = await listNetDevices(sysfsRoot);
	if (!names.ok) {
		return [];
	}

	const drivers = await Promise.all(names.value.map(async name => driverOf(sysfsRoot, name)));
	return names.value.filter((_, index) => drivers[index] === netvscDriver);
}
