// Moving synthetic channels on a live guest: `echo CPU > <vmbus device>/
// channels/<relid>/cpu` for each channel whose CPU differs from the request
// (drivers/hv/vmbus_drv.c target_cpu_store, Linux ≥ 5.8), then the map read
// back. The kernel's refusals are given their reasons here, once.
import {stat} from 'node:fs/promises';
import {join} from 'node:path';
import {opError} from '../../errors.js';
import {fail, type OpError, type Result} from '../../types.js';
import {channelMoves} from '../channel-cpu-request.js';
import type {ChannelCpuRequest} from '../source.js';
import {writeAttribute} from './attribute-write.js';
import type {SetOp} from './set-with-readback.js';
import type {SysfsDevice} from './sysfs.js';
import {readChannelMap, type ChannelMap} from './vmbus.js';

const kernelWords = 'drivers/hv/vmbus_drv.c target_cpu_store';

/** The kernel's errno for one write, with what it means for a channel's CPU. */
async function explain(error: OpError, path: string, cpu: number): Promise<OpError> {
	switch (error.code) {
		case 'ENOENT': {
			return opError('EOPNOTSUPP', `${path} does not exist: this kernel does not expose channel CPUs (Linux 4.14 or later does)`);
		}

		case 'EACCES':
		case 'EPERM': {
			const mode = await stat(path).then(s => s.mode, () => undefined);
			return mode !== undefined && (mode & 0o222) === 0
				? opError('EOPNOTSUPP', `${path} is read-only: moving a channel needs Linux 5.8 or later`)
				: error;
		}

		case 'EINVAL': {
			return opError('EINVAL', `the kernel refused CPU ${cpu} (EINVAL): it is not online, or not a housekeeping CPU (${kernelWords})`);
		}

		case 'EIO': {
			return opError('EIO', `the kernel refused (EIO): the host's VMBus protocol is older than WIN10 v4.1, the channel is not open, or the host did not confirm the move (${kernelWords})`);
		}

		default: {
			return error;
		}
	}
}

export function channelCpuSetOp(sysfsRoot: string, timeoutMs: number): SetOp<ChannelCpuRequest, ChannelMap> {
	return {
		check: request => (Array.isArray(request.channelCpus) ? undefined : opError('EINVAL', 'a channel-cpu request names every channel\'s CPU')),
		async read(device: SysfsDevice): Promise<Result<ChannelMap>> {
			const map = await readChannelMap(sysfsRoot, device.name, device.busDevice);
			return map.cpus.length > 0 && map.dir !== undefined
				? {ok: true, value: map}
				: fail(opError('EOPNOTSUPP', `${device.name} has no readable VMBus channels (not a VMBus device, or a kernel older than 4.14)`));
		},
		unchanged: (current, request) => {
			const moves = channelMoves(request, current.cpus, current.relids);
			return moves.ok && moves.value.length === 0;
		},
		async write(device, request) {
			const map = await readChannelMap(sysfsRoot, device.name, device.busDevice);
			const moves = channelMoves(request, map.cpus, map.relids);
			if (!moves.ok) {
				return moves;
			}

			for (const {queue, cpu} of moves.value) {
				const path = join(map.dir!, 'channels', String(map.relids[queue]!), 'cpu');
				// eslint-disable-next-line no-await-in-loop -- one channel after another, as an admin's echos; the first refusal stops the rest
				const written = await writeAttribute(path, `${cpu}\n`, timeoutMs);
				if (!written.ok) {
					// eslint-disable-next-line no-await-in-loop -- the loop ends here
					return fail(await explain(written.error, path, cpu));
				}
			}

			return {ok: true, value: undefined};
		},
	};
}

