// RSS: the indirection table, the key, the hash function and the TX hash
// level (rx-flow-hash). `ethtool -X` goes through the ioctl core
// (net/ethtool/ioctl.c:ethtool_set_rxfh), then netvsc_set_rxfh;
// `ethtool -N rx-flow-hash` reaches netvsc_set_rxfh_fields.
import type {Result} from '../types.js';
import {failWith} from '../errors.js';
import {equalTable, weightTable} from '../ethtool/rxfh.js';
import {rssKeyLength} from './toeplitz.js';

/** ITAB_NUM: the table size when the host gives none (or an invalid one). */
export const defaultTableSize = 128;
export const maxTableSize = 256;

/** include/linux/ethtool.h:ethtool_rxfh_indir_default. */
export function defaultTable(size: number, channels: number): number[] {
	return Array.from({length: size}, (_, i) => i % Math.max(1, channels));
}

/** rndis_filter_device_add: the host's num_indirect_tabent when 1…256, else 128. */
export function tableSizeFromHost(hostEntries: number | undefined): number {
	return hostEntries !== undefined && hostEntries >= 1 && hostEntries <= maxTableSize ? hostEntries : defaultTableSize;
}

/** Highest queue referenced by a table (what the channels core check compares against). */
export function maxEntry(table: readonly number[]): number {
	let max = 0;
	for (const entry of table) {
		max = Math.max(max, entry);
	}

	return max;
}

export const hashFunctions = ['toeplitz', 'xor', 'crc32'] as const;
export type HashFunction = (typeof hashFunctions)[number];

/** What `ethtool -X` was asked to do (its command-line options, before userspace turns them into a table). */
export type RxfhRequest = {
	readonly equal?: number;
	readonly weights?: readonly number[];
	/** `ethtool -X DEV default`: reset the table, clear "user configured". */
	readonly reset?: boolean;
	readonly start?: number;
	/** An explicit table (as the ioctl receives it). */
	readonly table?: readonly number[];
	readonly key?: readonly number[];
	readonly hfunc?: string;
	/** `context new` or a context number. */
	readonly context?: number | 'new';
	readonly inputXfrm?: 'symmetric-xor' | 'symmetric-or-xor' | 'none';
};

/** ethtool userspace (rxfh fill_indir_table): `equal N` and `weight W…` become a full table. */
export function tableFromOptions(size: number, request: RxfhRequest): Result<number[] | 'reset' | 'no-change'> {
	const start = request.start ?? 0;
	const modes = [request.equal !== undefined, request.weights !== undefined, request.reset === true, request.table !== undefined]
		.filter(Boolean).length;
	if (modes > 1) {
		return failWith('EINVAL', 'Equal, weight, default and table options are mutually exclusive');
	}

	if (request.equal !== undefined) {
		if (!Number.isInteger(request.equal) || request.equal < 1) {
			return failWith('EINVAL', `invalid equal value: ${request.equal}`);
		}

		return {ok: true, value: equalTable(size, request.equal, start)};
	}

	if (request.weights !== undefined) {
		const sum = request.weights.reduce((a, b) => a + b, 0);
		if (sum === 0) {
			return failWith('EINVAL', 'At least one weight must be non-zero');
		}

		if (sum > size) {
			return failWith('EINVAL', 'Total weight exceeds the size of the indirection table');
		}

		return {ok: true, value: weightTable(size, request.weights, start)};
	}

	if (request.reset) {
		return {ok: true, value: 'reset'};
	}

	if (request.table !== undefined) {
		return {ok: true, value: [...request.table]};
	}

	return {ok: true, value: 'no-change'};
}

/** What the core hands to the driver after its checks. */
export type RxfhParam = {
	/** Full table to install (a reset has already been turned into the default table). */
	readonly table?: readonly number[];
	readonly key?: Uint8Array;
	readonly hfunc: HashFunction | 'no-change';
	/** How IFF_RXFH_CONFIGURED changes if the driver succeeds. */
	readonly configured: 'set' | 'clear' | 'keep';
};

/**
 * net/ethtool/ioctl.c:ethtool_set_rxfh for netvsc (no RSS contexts, no input
 * transformation, table size `tableSize`, key 40): contexts → EOPNOTSUPP,
 * xfrm → EOPNOTSUPP, wrong sizes → EINVAL, nothing requested → EINVAL,
 * an entry ≥ the RX ring count → EINVAL.
 */
export function checkRxfhCore(request: RxfhRequest, tableSize: number, rxRings: number): Result<RxfhParam> {
	if (request.context !== undefined && request.context !== 0) {
		return failWith('EOPNOTSUPP');
	}

	if (request.inputXfrm !== undefined && request.inputXfrm !== 'none') {
		return failWith('EOPNOTSUPP');
	}

	let hfunc: HashFunction | 'no-change' = 'no-change';
	if (request.hfunc !== undefined) {
		if (!(hashFunctions as readonly string[]).includes(request.hfunc)) {
			return failWith('EINVAL', `Unknown hash function: ${request.hfunc}`);
		}

		hfunc = request.hfunc as HashFunction;
	}

	if (request.key !== undefined && request.key.length !== rssKeyLength) {
		return failWith('EINVAL');
	}

	if (tableSize === 0 && (request.equal !== undefined || request.weights !== undefined || request.table !== undefined || request.reset)) {
		return failWith('EOPNOTSUPP');
	}

	const options = tableFromOptions(tableSize, request);
	if (!options.ok) {
		return options;
	}

	const wanted = options.value;
	if (Array.isArray(wanted) && wanted.length !== tableSize) {
		return failWith('EINVAL');
	}

	if (wanted === 'no-change' && request.key === undefined && hfunc === 'no-change') {
		return failWith('EINVAL');
	}

	let table: readonly number[] | undefined;
	let configured: RxfhParam['configured'] = 'keep';
	if (wanted === 'reset') {
		table = defaultTable(tableSize, rxRings);
		configured = 'clear';
	} else if (Array.isArray(wanted)) {
		if (wanted.some(entry => !Number.isInteger(entry) || entry < 0 || entry >= rxRings)) {
			return failWith('EINVAL');
		}

		table = wanted;
		configured = 'set';
	}

	return {
		ok: true,
		value: {
			hfunc,
			configured,
			...(table ? {table} : {}),
			...(request.key ? {key: Uint8Array.from(request.key)} : {}),
		},
	};
}

// TX hash level per flow type (net_device_context.l4_hash), HV_*_L4HASH bits.
export const flowTypeBits = {tcp4: 1, tcp6: 2, udp4: 4, udp6: 8} as const;
export const defaultL4Hash = 0xf;
export const flowTypes = ['tcp4', 'udp4', 'sctp4', 'ah4', 'esp4', 'tcp6', 'udp6', 'sctp6', 'ah6', 'esp6', 'ip4', 'ip6', 'ether'] as const;
export type FlowType = (typeof flowTypes)[number];

/**
 * netvsc_get_rxfh_fields: ethtool field letters — "sd" = IP SA + IP DA,
 * "fn" = L4 ports; "" prints as "None".
 */
export function flowHashFields(l4Hash: number, flowType: FlowType): string {
	if (flowType in flowTypeBits) {
		return (l4Hash & flowTypeBits[flowType as keyof typeof flowTypeBits]) ? 'sdfn' : 'sd';
	}

	return flowType === 'ip4' || flowType === 'ip6' ? 'sd' : '';
}

/** netvsc_set_rxfh_fields: exactly "sdfn" or "sd", and only for tcp4/tcp6/udp4/udp6. */
export function setFlowHashFields(l4Hash: number, flowType: FlowType, fields: string): Result<number> {
	const normalized = [...fields].sort().join('');
	if (!(flowType in flowTypeBits) || (normalized !== 'dfns' && normalized !== 'ds')) {
		return failWith('EOPNOTSUPP');
	}

	const bit = flowTypeBits[flowType as keyof typeof flowTypeBits];
	return {ok: true, value: normalized === 'dfns' ? l4Hash | bit : l4Hash & ~bit};
}
