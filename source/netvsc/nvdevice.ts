// struct netvsc_device: what rndis_filter_device_add (and, for more than one
// channel, rndis_set_subchannel) builds at every add, and what the next
// detach throws away — channels, buffer sections, indirection table, TX send
// table, sub-channel CPUs and the per-queue counters.
import {createAccumulator, type Accumulator} from './accumulator.js';
import {maxChannels, supportsVrss, type RssCapability} from './channels.js';
import type {CpuAllocator} from './cpu-allocator.js';
import type {HostSpec} from './device-spec.js';
import type {ChangeFaults} from './faults.js';
import {nvspVersion2, receiveBufferMax, receiveBufferMaxLegacy, sectionsGranted, sendBufferMax} from './rings.js';
import {defaultTable, tableSizeFromHost} from './rss.js';
import {queueStatCount} from './stats.js';
import {rssKeyLength} from './toeplitz.js';

export const vrssSendTableSize = 16;

/** netvsc_device_info: what a re-add is asked to build. */
export type DeviceInfo = {
	readonly channels: number;
	readonly recvSections: number;
	readonly sendSections: number;
	readonly rssKey: Uint8Array;
	readonly mtu: number;
};

/** struct netvsc_device (+ the per-add parts of the context): rebuilt by each add. */
export type NvDevice = {
	channels: number;
	maxChannels: number;
	readonly recvSections: number;
	readonly sendSections: number;
	/** ndc->rx_table (size 0 without vRSS). */
	readonly rxTable: number[];
	/** rndis_device->rss_key: zero until RSS parameters are programmed. */
	rssKey: Uint8Array;
	/** What the host was last told; undefined → no RSS on the host. */
	hostRss?: {key: Uint8Array; table: number[]};
	readonly txTable: number[];
	readonly channelCpu: number[];
	readonly queues: Accumulator;
};

export type AddContext = {
	readonly host: HostSpec;
	readonly onlineCpus: number;
	readonly allocator: CpuAllocator;
	/** The primary channel's CPU: it keeps it across re-adds. */
	readonly primaryCpu: number;
	/** IFF_RXFH_CONFIGURED (lives in the net_device, survives the add). */
	readonly rxfhConfigured: boolean;
};

/** rndis_filter_device_add (+ rndis_set_subchannel): a fresh netvsc_device. */
export function addNetvscDevice(info: DeviceInfo, context: AddContext, faults: ChangeFaults): NvDevice {
	const {host} = context;
	const cap: RssCapability = {nvspVersion: host.nvspVersion, numRecvQueues: host.numRecvQueues, onlineCpus: context.onlineCpus};
	let maxChn = maxChannels(cap);
	const requested = Math.min(maxChn, info.channels);
	const tableSize = supportsVrss(cap) ? tableSizeFromHost(host.indirectionTableSize) : 0;
	// The table is re-allocated zeroed; only an unconfigured one is refilled (source-derived, ≥ 6.5).
	const rxTable = context.rxfhConfigured ? Array.from({length: tableSize}, () => 0) : defaultTable(tableSize, requested);
	const channelCpu = [context.primaryCpu];
	const txTable = Array.from({length: vrssSendTableSize}, () => 0);
	let rssKey = new Uint8Array(rssKeyLength);
	let hostRss: NvDevice['hostRss'];
	let channels = requested;
	if (requested > 1) {
		if (faults['refuse-subchannels']) {
			// Attach does not fail: one queue, and max 1 until the next add.
			maxChn = 1;
			channels = 1;
		} else {
			channels = 1 + Math.min(requested - 1, faults['grant-fewer']?.subChannels ?? Number.POSITIVE_INFINITY);
			for (let i = 1; i < channels; i++) {
				channelCpu.push(context.allocator.allocate(channelCpu, i));
			}

			for (let i = 0; i < vrssSendTableSize; i++) {
				txTable[i] = i % channels;
			}

			// RSS parameters go to the host with the key carried in device_info.
			rssKey = Uint8Array.from(info.rssKey);
			hostRss = {key: Uint8Array.from(info.rssKey), table: [...rxTable]};
		}
	}

	const bufferMax = host.nvspVersion <= nvspVersion2 ? receiveBufferMaxLegacy : receiveBufferMax;
	return {
		channels,
		maxChannels: maxChn,
		recvSections: sectionsGranted(info.recvSections, host.sections.recv, bufferMax),
		sendSections: sectionsGranted(info.sendSections, host.sections.send, sendBufferMax),
		rxTable,
		rssKey,
		...(hostRss ? {hostRss} : {}),
		txTable,
		channelCpu,
		queues: createAccumulator(channels * queueStatCount),
	};
}

/** Sub-channels are rescinded on detach: their CPUs go back to the allocator; the primary stays. */
export function releaseSubChannels(nv: NvDevice, allocator: CpuAllocator): void {
	for (const cpu of nv.channelCpu.slice(1)) {
		allocator.release(cpu);
	}
}
