// Which VF carries each hv_netvsc device's traffic (Accelerated Networking).
// The kernel says it with links: netvsc_vf_join enslaves the VF to the
// synthetic device (its `master`, the netvsc's `lower_<vf>`). Without them
// (older kernels, a VF being re-added, captured trees) the shared MAC pairs
// them, as netvsc_register_vf's fallback does (get_netvsc_byslot matches the
// VF's PCI slot, else the MAC). A VF is a device with a driver that is not
// hv_netvsc: VLANs, bridges and macvlans share the MAC but have no driver.
import {name as netvscDriver} from './hv-netvsc.js';

/** What sysfs says of one network device (class/net/<name>). */
export type NetFacts = {
	readonly name: string;
	/** Basename of `device/driver`; undefined for virtual devices. */
	readonly driver?: string;
	/** `address`, as sysfs prints it (`00:0d:3a:…`). */
	readonly mac?: string;
	/** Basename of the `master` link. */
	readonly master?: string;
	/** Names of the `lower_*` links. */
	readonly lowers?: readonly string[];
	readonly ifindex?: number;
};

export type VfPairing = {
	readonly vf: string;
	/** How it was found: the netvsc's lower_ link, the VF's master link, or the shared MAC. */
	readonly by: 'lower' | 'master' | 'mac';
};

/** A unicast, non-zero Ethernet address in canonical (lower-case) form, or undefined. */
export function canonicalMac(text: string | undefined): string | undefined {
	const mac = text?.trim().toLowerCase();
	if (mac === undefined || !/^[\da-f]{2}(?::[\da-f]{2}){5}$/.test(mac) || mac === '00:00:00:00:00:00') {
		return undefined;
	}

	// Bit 0 of the first octet: multicast (and broadcast) are never a NIC's address.
	return (Number.parseInt(mac.slice(0, 2), 16) & 1) === 1 ? undefined : mac;
}

const byIndexThenName = (a: NetFacts, b: NetFacts): number =>
	(a.ifindex ?? Number.MAX_SAFE_INTEGER) - (b.ifindex ?? Number.MAX_SAFE_INTEGER) || (a.name < b.name ? -1 : (a.name > b.name ? 1 : 0));

/**
 * Each hv_netvsc device's VF, by name. The links first (the netvsc's
 * `lower_*`, then a device whose `master` is the netvsc), then the MAC for
 * the netvsc devices still without one. A VF is paired once: one enslaved
 * to another device, or already another netvsc's, is never taken.
 */
export function pairVfs(devices: readonly NetFacts[]): Map<string, VfPairing> {
	const byName = new Map(devices.map(device => [device.name, device]));
	const netvscs = devices.filter(device => device.driver === netvscDriver).sort((a, b) => (a.name < b.name ? -1 : (a.name > b.name ? 1 : 0)));
	const isVf = (device: NetFacts): boolean => device.driver !== undefined && device.driver !== netvscDriver;
	const pairs = new Map<string, VfPairing>();
	const taken = new Set<string>();
	const pair = (netvsc: string, vf: string, by: VfPairing['by']) => {
		pairs.set(netvsc, {vf, by});
		taken.add(vf);
	};

	for (const netvsc of netvscs) {
		// A lower the facts do not list is still the kernel's word; one they contradict is not.
		const lower = (netvsc.lowers ?? []).find(name => {
			const facts = byName.get(name);
			return name !== netvsc.name && !taken.has(name) && facts?.driver !== netvscDriver && (facts?.master === undefined || facts.master === netvsc.name);
		});
		const enslaved = lower ?? devices.filter(device => device.master === netvsc.name && isVf(device) && !taken.has(device.name)).sort(byIndexThenName)[0]?.name;
		if (enslaved !== undefined) {
			pair(netvsc.name, enslaved, lower === undefined ? 'master' : 'lower');
		}
	}

	for (const netvsc of netvscs) {
		const mac = canonicalMac(netvsc.mac);
		if (pairs.has(netvsc.name) || mac === undefined) {
			continue;
		}

		const vf = devices
			.filter(device => isVf(device) && !taken.has(device.name) && canonicalMac(device.mac) === mac && (device.master === undefined || device.master === netvsc.name))
			.sort(byIndexThenName)[0];
		if (vf !== undefined) {
			pair(netvsc.name, vf.name, 'mac');
		}
	}

	return pairs;
}
