// A VF's ethtool settings (channels, rings, RSS, CQE coalescing) and the
// checks each set meets: first the ethtool core's (shared with netvsc:
// ../channels.ts, ../rings.ts, ../rss.ts), then the VF driver's own, read
// from its facts (source/drivers/mana.ts, mlx5.ts). Pure: a set returns the
// new settings or the errno the kernel would return, as data.
import type {VfDriverFacts} from '../../drivers/index.js';
import {failWith} from '../../errors.js';
import type {ChannelRequest, RingRequest, Result} from '../../types.js';
import {channelsView, checkChannelsCore} from '../channels.js';
import {checkRingsCore} from '../rings.js';
import {checkRxfhCore, defaultTable, maxEntry, type RxfhRequest} from '../rss.js';
import {roundUpPowerOfTwo} from '../../drivers/vf-driver.js';

/** What the VM and host give a VF at probe: it sizes the defaults. */
export type VfHost = {
	readonly vcpus: number;
	/** The indirection table size the host offers (MANA's num_indirection_ent); undefined: none. */
	readonly hostTableEntries?: number;
	/** The boot's RSS key (netdev_rss_key_fill: one random key per boot, so a re-added VF gets it again). */
	readonly key: readonly number[];
};

export type VfSettings = {
	readonly maxChannels: number;
	readonly channels: number;
	readonly rxRing: number;
	readonly txRing: number;
	/** `rx-cqe-frames`; 0 when the driver has no CQE coalescing. */
	readonly rxCqeFrames: number;
	readonly table: readonly number[];
	readonly key: readonly number[];
	readonly hfunc: string;
	/** IFF_RXFH_CONFIGURED: a table the user set survives channel changes. */
	readonly tableConfigured: boolean;
};

/** What the driver's port is doing, beyond its settings. */
export type VfPortState = {
	/** MANA: an RDMA user holds the vport (vport_use_count > 0); it blocks a channel change while the port is down. */
	readonly rdmaHoldsPort: boolean;
	readonly portUp: boolean;
};

export function maxVfChannels(facts: VfDriverFacts, vcpus: number): number {
	return Math.max(1, Math.min(facts.hwMaxChannels, vcpus));
}

/** The settings a freshly probed VF has: what every re-add returns to. */
export function defaultVfSettings(facts: VfDriverFacts, host: VfHost): VfSettings {
	const maxChannels = maxVfChannels(facts, host.vcpus);
	const channels = Math.min(maxChannels, facts.defaultChannels);
	const size = facts.rssTableSize(maxChannels, host.hostTableEntries);
	return {
		maxChannels,
		channels,
		rxRing: facts.rxRing.default,
		txRing: facts.txRing.default,
		rxCqeFrames: facts.rxCqeFrames[0] ?? 0,
		table: defaultTable(size, channels),
		key: [...host.key],
		hfunc: facts.hashFunctions[0] ?? 'toeplitz',
		tableConfigured: false,
	};
}

/** `ethtool -L`: the core's checks, then the driver's (MANA: -EBUSY while RDMA holds the port). */
export function setVfChannels(facts: VfDriverFacts, current: VfSettings, request: ChannelRequest, port: VfPortState): Result<VfSettings> {
	const view = channelsView(current.maxChannels, current.channels);
	const verdict = checkChannelsCore(view, request, current.tableConfigured ? maxEntry(current.table) : 0);
	if (!verdict.ok) {
		return verdict;
	}

	if (!verdict.value.change) {
		return {ok: true, value: current};
	}

	// Mana_set_channels: -EBUSY before anything is torn down.
	if (facts.busyWhileRdma && port.rdmaHoldsPort && !port.portUp) {
		return failWith('EBUSY', 'the vport is held by RDMA');
	}

	const {combined} = verdict.value.counts;
	// A table the user did not set follows the channel count (ethtool_rxfh_indir_default).
	const table = current.tableConfigured ? current.table : defaultTable(current.table.length, combined);
	return {ok: true, value: {...current, channels: combined, table}};
}

/** `ethtool -G`: the core's checks, then the driver's minimum (-EINVAL) and its rounding up to a power of two. */
export function setVfRings(facts: VfDriverFacts, current: VfSettings, request: RingRequest): Result<VfSettings> {
	const view = {rxMax: facts.rxRing.max, txMax: facts.txRing.max, rx: current.rxRing, tx: current.txRing, unit: 'descriptors' as const};
	const verdict = checkRingsCore(view, request);
	if (!verdict.ok) {
		return verdict;
	}

	if (!verdict.value.change) {
		return {ok: true, value: current};
	}

	const {rx, tx} = verdict.value;
	// Mana_set_ringparam checks tx first; the message is the driver's extack text.
	if (tx < facts.txRing.min) {
		return failWith('EINVAL', `tx:${tx} less than the min:${facts.txRing.min}`);
	}

	if (rx < facts.rxRing.min) {
		return failWith('EINVAL', `rx:${rx} less than the min:${facts.rxRing.min}`);
	}

	return {ok: true, value: {...current, rxRing: roundUpPowerOfTwo(rx), txRing: roundUpPowerOfTwo(tx)}};
}

/** `ethtool -C rx-cqe-frames N`: MANA takes 1 or 4; a driver without CQE coalescing refuses the parameter. */
export function setVfCoalesce(facts: VfDriverFacts, current: VfSettings, rxCqeFrames: number): Result<VfSettings> {
	if (facts.rxCqeFrames.length === 0) {
		// Ethnl_set_coalesce_validate: a parameter outside supported_coalesce_params.
		return failWith('EOPNOTSUPP', 'unsupported parameter: rx-cqe-frames');
	}

	if (!facts.rxCqeFrames.includes(rxCqeFrames)) {
		return failWith('EINVAL', `rx-frames must be 1 or ${facts.rxCqeFrames.at(-1)!}, got ${rxCqeFrames}`);
	}

	return {ok: true, value: {...current, rxCqeFrames}};
}

/** `ethtool -X`: the core's checks (entries below the channel count, 40-byte key), then the driver's hash functions. */
export function setVfRxfh(facts: VfDriverFacts, current: VfSettings, request: RxfhRequest, port: VfPortState): Result<VfSettings> {
	const param = checkRxfhCore(request, current.table.length, current.channels);
	if (!param.ok) {
		return param;
	}

	// Mana_set_rxfh: refused while the port is down, and for any hash but Toeplitz.
	if (facts.rxfhNeedsPortUp && !port.portUp) {
		return failWith('EOPNOTSUPP');
	}

	const {hfunc, table, key, configured} = param.value;
	if (hfunc !== 'no-change' && !facts.hashFunctions.includes(hfunc)) {
		return failWith('EOPNOTSUPP');
	}

	return {
		ok: true,
		value: {
			...current,
			hfunc: hfunc === 'no-change' ? current.hfunc : hfunc,
			table: table ?? current.table,
			key: key ? [...key] : current.key,
			tableConfigured: configured === 'keep' ? current.tableConfigured : configured === 'set',
		},
	};
}

export type VfSettingName = 'channels' | 'rx-ring' | 'tx-ring' | 'rx-cqe-frames' | 'rss-table' | 'rss-key' | 'hfunc';

/** The settings that differ from the driver's defaults: what the next servicing will lose. */
export function changedFromDefaults(current: VfSettings, defaults: VfSettings): VfSettingName[] {
	const changed: VfSettingName[] = [];
	const differs = (a: readonly number[], b: readonly number[]): boolean => a.length !== b.length || a.some((value, i) => value !== b[i]);
	if (current.channels !== defaults.channels) {
		changed.push('channels');
	}

	if (current.rxRing !== defaults.rxRing) {
		changed.push('rx-ring');
	}

	if (current.txRing !== defaults.txRing) {
		changed.push('tx-ring');
	}

	if (current.rxCqeFrames !== defaults.rxCqeFrames) {
		changed.push('rx-cqe-frames');
	}

	if (current.tableConfigured) {
		changed.push('rss-table');
	}

	if (differs(current.key, defaults.key)) {
		changed.push('rss-key');
	}

	if (current.hfunc !== defaults.hfunc) {
		changed.push('hfunc');
	}

	return changed;
}
