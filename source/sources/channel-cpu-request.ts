// What a channel-CPU request asks of a source, checked once for the model and
// the live source: the whole queue → CPU map wanted (and the relids it was
// planned on), turned into the writes that make the device match it.
import {failWith} from '../errors.js';
import type {Result} from '../types.js';
import type {ChannelCpuRequest} from './source.js';

export type ChannelMove = {readonly queue: number; readonly cpu: number};

// VRSS_CHANNEL_MAX is 64; CPU numbers stay below the kernel's NR_CPUS maximum (8192).
const maxQueues = 64;
const maxCpu = 8191;

const isList = (value: unknown, max: number): value is readonly number[] =>
	Array.isArray(value) && value.length > 0 && value.length <= maxQueues && value.every(entry => Number.isSafeInteger(entry) && entry >= 0 && entry <= max);

/**
 * The channels to move so that the device (`cpus`, `relids` now) matches the
 * request. A map of another length, or relids that changed, means the channels
 * were re-created since the plan: refused (EIO), nothing written.
 */
export function channelMoves(request: ChannelCpuRequest, cpus: readonly number[], relids: readonly number[] | undefined): Result<ChannelMove[]> {
	const wanted = request.channelCpus;
	if (!isList(wanted, maxCpu)) {
		return failWith('EINVAL', 'a channel-cpu request names every channel\'s CPU (channelCpus: a list of CPU numbers)');
	}

	const plannedRelids = request.channelRelids;
	if (plannedRelids !== undefined && !isList(plannedRelids, 0xFF_FF_FF_FF)) {
		return failWith('EINVAL', 'channelRelids must be a list of relids');
	}

	const recreated = wanted.length !== cpus.length
		|| (plannedRelids !== undefined && relids !== undefined && plannedRelids.some((relid, queue) => relids[queue] !== relid));
	if (recreated) {
		return failWith('EIO', 'the channels were re-created since the plan (another channel count or other relids): nothing moved');
	}

	return {ok: true, value: wanted.flatMap((cpu, queue) => (cpus[queue] === cpu ? [] : [{queue, cpu}]))};
}
