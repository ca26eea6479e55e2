// Which CPU serves each netvsc queue. Each queue is a VMBus channel whose
// target CPU is in <root>/bus/vmbus/devices/<guid>/channels/<relid>/cpu (4.14+)
// and whose queue index is `subchannel_id` (4.16+; the primary channel is 0).
// Older kernels only have `channel_vp_mapping` (relid:cpu lines), ordered by
// relid. VMBus interrupts are not Linux IRQs, so /proc/interrupts can't tell.
import {join} from 'node:path';
import {listDir, readInt, readText} from './fs-read.js';

const guidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

type Channel = {relid: number; queue?: number; cpu: number};

async function channelsDir(sysfsRoot: string, guid: string | undefined, netDevice: string): Promise<string | undefined> {
	const candidates = [
		...(guid !== undefined && guidPattern.test(guid) ? [join(sysfsRoot, 'bus', 'vmbus', 'devices', guid)] : []),
		// Following the net device's own `device` link reaches the same directory.
		join(sysfsRoot, 'class', 'net', netDevice, 'device'),
	];
	for (const dir of candidates) {
		// eslint-disable-next-line no-await-in-loop -- at most two tries
		if ((await listDir(join(dir, 'channels'))) !== undefined || (await readText(join(dir, 'channel_vp_mapping'))) !== undefined) {
			return dir;
		}
	}

	return undefined;
}

async function fromChannels(dir: string): Promise<Channel[] | undefined> {
	const relids = (await listDir(join(dir, 'channels')))?.filter(entry => /^\d{1,9}$/.test(entry));
	if (relids === undefined || relids.length === 0) {
		return undefined;
	}

	const channels = await Promise.all(relids.map(async relid => {
		const [cpu, queue] = await Promise.all([
			readInt(join(dir, 'channels', relid, 'cpu')),
			readInt(join(dir, 'channels', relid, 'subchannel_id')),
		]);
		return cpu === undefined || cpu < 0 ? undefined : {relid: Number(relid), cpu, ...(queue === undefined || queue < 0 ? {} : {queue})};
	}));
	return channels.filter((channel): channel is Channel => channel !== undefined);
}

async function fromVpMapping(dir: string): Promise<Channel[] | undefined> {
	const text = await readText(join(dir, 'channel_vp_mapping'));
	if (text === undefined) {
		return undefined;
	}

	const channels: Channel[] = [];
	for (const line of text.split('\n')) {
		const match = /^\s*(\d{1,9}):(\d{1,6})\s*$/.exec(line);
		if (match) {
			channels.push({relid: Number(match[1]), cpu: Number(match[2])});
		}
	}

	return channels;
}

/** queue index → CPU and → relid (-1 where a queue's channel is missing), and the VMBus device directory. */
export type ChannelMap = {readonly cpus: number[]; readonly relids: number[]; readonly dir?: string};

const noChannels: ChannelMap = {cpus: [], relids: []};

/**
 * The channel map of a netvsc device; empty when the VMBus does not expose it
 * (not a VMBus device, old kernel, captured tree without it). A queue whose
 * channel is missing (mid re-creation) is -1.
 */
export async function readChannelMap(sysfsRoot: string, netDevice: string, guid?: string): Promise<ChannelMap> {
	if (netDevice.includes('/') || netDevice === '..' || netDevice === '.') {
		return noChannels;
	}

	const dir = await channelsDir(sysfsRoot, guid, netDevice);
	if (dir === undefined) {
		return noChannels;
	}

	const channels = (await fromChannels(dir)) ?? (await fromVpMapping(dir)) ?? [];
	if (channels.length === 0) {
		return {...noChannels, dir};
	}

	const byQueue = new Map<number, Channel>();
	if (channels.every(channel => channel.queue !== undefined)) {
		for (const channel of channels) {
			byQueue.set(channel.queue!, channel);
		}
	} else {
		// No subchannel_id: the primary is offered first, sub-channels follow by relid.
		for (const [index, channel] of channels.sort((a, b) => a.relid - b.relid).entries()) {
			byQueue.set(index, channel);
		}
	}

	// A queue index beyond 64 (VRSS_CHANNEL_MAX) can only be junk.
	const last = Math.min(Math.max(...byQueue.keys()), 63);
	const queues = Array.from({length: last + 1}, (_, index) => byQueue.get(index));
	return {cpus: queues.map(channel => channel?.cpu ?? -1), relids: queues.map(channel => channel?.relid ?? -1), dir};
}

/** queue index → CPU for a netvsc device (see readChannelMap). */
export async function readChannelCpus(sysfsRoot: string, netDevice: string, guid?: string): Promise<number[]> {
	return (await readChannelMap(sysfsRoot, netDevice, guid)).cpus;
}
