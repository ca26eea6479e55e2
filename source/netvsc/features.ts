// `ethtool -k/-K` for netvsc. hw_features come from the host's offload
// capabilities at every device add (rndis_netdev_set_hwcaps); highdma and the
// VLAN offloads are fixed on (netvsc_probe); everything else the kernel lists
// is fixed off except the core's software features. Names and order follow
// `ethtool -k` on a ≈6.17 kernel (group lines are followed by their members).
import type {Feature, Result} from '../types.js';
import {failWith} from '../errors.js';

export type HostOffloads = {
	readonly txChecksumIpv4: boolean;
	readonly txChecksumIpv6: boolean;
	readonly tsoIpv4: boolean;
	readonly tsoIpv6: boolean;
	/** Receive segment coalescing (WS2019+/Azure) → NETIF_F_LRO. */
	readonly rsc: boolean;
};

export const azureOffloads: HostOffloads = {txChecksumIpv4: true, txChecksumIpv6: true, tsoIpv4: true, tsoIpv6: true, rsc: true};

type Kind = 'hw' | 'software' | 'fixed-on' | 'fixed-off';
type Definition = {readonly name: string; readonly kind: Kind; readonly on?: boolean; readonly needs?: keyof HostOffloads};

// Group lines ethtool prints, with their member features.
const groups: Record<string, readonly string[]> = {
	'tx-checksumming': ['tx-checksum-ipv4', 'tx-checksum-ip-generic', 'tx-checksum-ipv6', 'tx-checksum-fcoe-crc', 'tx-checksum-sctp'],
	'scatter-gather': ['tx-scatter-gather', 'tx-scatter-gather-fraglist'],
	'tcp-segmentation-offload': [
		'tx-tcp-segmentation',
		'tx-tcp-ecn-segmentation',
		'tx-tcp-mangleid-segmentation',
		'tx-tcp6-segmentation',
		'tx-tcp-accecn-segmentation',
	],
};

const off = (name: string): Definition => ({name, kind: 'fixed-off'});

const definitions: readonly Definition[] = [
	{name: 'rx-checksumming', kind: 'hw'},
	{name: 'tx-checksum-ipv4', kind: 'hw', needs: 'txChecksumIpv4'},
	off('tx-checksum-ip-generic'),
	{name: 'tx-checksum-ipv6', kind: 'hw', needs: 'txChecksumIpv6'},
	off('tx-checksum-fcoe-crc'),
	off('tx-checksum-sctp'),
	{name: 'tx-scatter-gather', kind: 'hw'},
	off('tx-scatter-gather-fraglist'),
	{name: 'tx-tcp-segmentation', kind: 'hw', needs: 'tsoIpv4'},
	off('tx-tcp-ecn-segmentation'),
	{name: 'tx-tcp-mangleid-segmentation', kind: 'software', on: false},
	{name: 'tx-tcp6-segmentation', kind: 'hw', needs: 'tsoIpv6'},
	off('tx-tcp-accecn-segmentation'),
	{name: 'generic-segmentation-offload', kind: 'software', on: true},
	{name: 'generic-receive-offload', kind: 'software', on: true},
	{name: 'large-receive-offload', kind: 'hw', needs: 'rsc'},
	{name: 'rx-vlan-offload', kind: 'fixed-on'},
	{name: 'tx-vlan-offload', kind: 'fixed-on'},
	off('ntuple-filters'),
	{name: 'receive-hashing', kind: 'hw'},
	{name: 'highdma', kind: 'fixed-on'},
	...[
		'rx-vlan-filter', 'vlan-challenged', 'tx-gso-robust', 'tx-fcoe-segmentation', 'tx-gre-segmentation',
		'tx-gre-csum-segmentation', 'tx-ipxip4-segmentation', 'tx-ipxip6-segmentation', 'tx-udp_tnl-segmentation',
		'tx-udp_tnl-csum-segmentation', 'tx-gso-partial', 'tx-tunnel-remcsum-segmentation', 'tx-sctp-segmentation',
		'tx-esp-segmentation', 'tx-udp-segmentation', 'tx-gso-list',
	].map(name => off(name)),
	{name: 'tx-nocache-copy', kind: 'software', on: false},
	...[
		'loopback', 'rx-fcs', 'rx-all', 'tx-vlan-stag-hw-insert', 'rx-vlan-stag-hw-parse', 'rx-vlan-stag-filter',
		'l2-fwd-offload', 'hw-tc-offload', 'esp-hw-offload', 'esp-tx-csum-hw-offload', 'rx-udp_tunnel-port-offload',
		'tls-hw-tx-offload', 'tls-hw-rx-offload', 'rx-gro-hw', 'tls-hw-record',
	].map(name => off(name)),
	{name: 'rx-gro-list', kind: 'software', on: false},
	off('macsec-hw-offload'),
	{name: 'rx-udp-gro-forwarding', kind: 'software', on: false},
	...['hsr-tag-ins-offload', 'hsr-tag-rm-offload', 'hsr-fwd-offload', 'hsr-dup-offload'].map(name => off(name)),
];

// Short and legacy names `ethtool -K` accepts.
const aliases: Record<string, readonly string[]> = {
	rx: ['rx-checksumming'],
	tx: groups['tx-checksumming']!,
	sg: groups['scatter-gather']!,
	tso: groups['tcp-segmentation-offload']!,
	gso: ['generic-segmentation-offload'],
	gro: ['generic-receive-offload'],
	lro: ['large-receive-offload'],
	rxvlan: ['rx-vlan-offload'],
	txvlan: ['tx-vlan-offload'],
	ntuple: ['ntuple-filters'],
	rxhash: ['receive-hashing'],
	'rx-lro': ['large-receive-offload'],
	'rx-gro': ['generic-receive-offload'],
	'rx-checksum': ['rx-checksumming'],
	'rx-hashing': ['receive-hashing'],
	...groups,
};

/** The device's feature state: which features exist as changeable, and which are on. */
export type FeatureState = {
	readonly changeable: ReadonlySet<string>;
	readonly active: ReadonlySet<string>;
};

/** Every feature the host can offload is changeable; at probe all of them are on. */
export function changeableFeatures(host: HostOffloads): Set<string> {
	return new Set(definitions
		.filter(d => d.kind === 'software' || (d.kind === 'hw' && (d.needs === undefined || host[d.needs])))
		.map(d => d.name));
}

export function initialFeatures(host: HostOffloads): FeatureState {
	const changeable = changeableFeatures(host);
	const active = new Set(definitions
		.filter(d => d.kind === 'fixed-on' || (changeable.has(d.name) && (d.kind === 'hw' || d.on === true)))
		.map(d => d.name));
	return {changeable, active};
}

/** rndis_netdev_set_hwcaps at re-add: user choices survive, features the host lost are dropped. */
export function refreshFeatures(state: FeatureState, host: HostOffloads): FeatureState {
	const changeable = changeableFeatures(host);
	const active = new Set([...state.active].filter(name => changeable.has(name) || definitions.find(d => d.name === name)?.kind === 'fixed-on'));
	return {changeable, active};
}

/** `ethtool -k` lines in order, group lines first with their members after them. */
export function listFeatures(state: FeatureState): Feature[] {
	const out: Feature[] = [];
	const emitted = new Set<string>();
	for (const definition of definitions) {
		const group = Object.entries(groups).find(([, members]) => members.includes(definition.name));
		if (group && !emitted.has(group[0])) {
			emitted.add(group[0]);
			out.push({
				name: group[0],
				on: group[1].some(member => state.active.has(member)),
				fixed: group[1].every(member => !state.changeable.has(member)),
			});
		}

		out.push({name: definition.name, on: state.active.has(definition.name), fixed: !state.changeable.has(definition.name)});
	}

	return out;
}

export type FeatureChangeResult = {
	readonly state: FeatureState;
	/** Requested features that kept their old value (fixed, refused, or forced back). */
	readonly notChanged: readonly string[];
	/** Features that changed although not requested (dependencies). */
	readonly alsoChanged: readonly string[];
};

export type FeatureContext = {
	readonly xdpAttached: boolean;
};

/**
 * `ethtool -K`: resolve names, refuse unknown ones, skip fixed bits, then the
 * core's and netvsc's fix-ups (TSO needs SG and checksumming; netvsc_fix_features
 * drops LRO while an XDP program is attached).
 */
export function changeFeatures(state: FeatureState, wanted: Readonly<Record<string, boolean>>, context: FeatureContext): Result<FeatureChangeResult> {
	const requested = new Map<string, boolean>();
	for (const [name, on] of Object.entries(wanted)) {
		const targets = aliases[name] ?? (definitions.some(d => d.name === name) ? [name] : undefined);
		if (!targets) {
			return failWith('EOPNOTSUPP', 'bit name not found');
		}

		for (const target of targets) {
			requested.set(target, on);
		}
	}

	const active = new Set(state.active);
	for (const [name, on] of requested) {
		if (state.changeable.has(name)) {
			if (on) {
				active.add(name);
			} else {
				active.delete(name);
			}
		}
	}

	// net/core/dev.c:netdev_fix_features.
	const drop = (name: string): void => {
		active.delete(name);
	};

	if (!active.has('tx-scatter-gather')) {
		drop('tx-tcp-segmentation');
		drop('tx-tcp6-segmentation');
	}

	if (!active.has('tx-checksum-ipv4')) {
		drop('tx-tcp-segmentation');
	}

	if (!active.has('tx-checksum-ipv6')) {
		drop('tx-tcp6-segmentation');
	}

	if (context.xdpAttached) {
		drop('large-receive-offload');
	}

	const notChanged = [...requested].filter(([name, on]) => active.has(name) !== on).map(([name]) => name);
	const alsoChanged = definitions
		.map(d => d.name)
		.filter(name => !requested.has(name) && active.has(name) !== state.active.has(name));
	return {ok: true, value: {state: {changeable: state.changeable, active}, notChanged, alsoChanged}};
}
