// The changes made with ethtool, as SetOps for setWithReadback: channels
// (`-l`/`-L`), rings (`-g`/`-G`) and CQE coalescing (`-c`/`-C rx-cqe-frames`). A new ethtool change (`-X` RSS table,
// `-N` flow hash) is one more entry here: its argv, its parser, and when a
// request changes nothing.
import {argv, parseChannels, parseCoalesce, parseRings} from '../../ethtool/index.js';
import type {ChannelRequest, Channels, Coalesce, CoalesceRequest, FlowHash, FlowHashRequest, Result, RingRequest, Rings} from '../../types.js';
import {ethtoolRead, ethtoolSet} from './ethtool-call.js';
import {flowHashSetOp} from './flow-hash.js';
import type {RunOptions} from './run-ethtool.js';
import {checkCounts, type SetOp} from './set-with-readback.js';

export type EthtoolSetOps = {
	readonly channels: SetOp<ChannelRequest, Channels>;
	readonly rings: SetOp<RingRequest, Rings>;
	readonly coalesce: SetOp<CoalesceRequest, Coalesce>;
	readonly flowHash: SetOp<FlowHashRequest, FlowHash>;
};

const channelKeys = ['rx', 'tx', 'other', 'combined'] as const;

const channelsUnchanged = (current: Channels, request: ChannelRequest): boolean =>
	channelKeys.every(key => request[key] === undefined || request[key] === current[key]);

const ringsUnchanged = (current: Rings, request: RingRequest): boolean =>
	request.rxMini === undefined && request.rxJumbo === undefined && request.rxBufLen === undefined
	&& (request.rx === undefined || request.rx === current.rx)
	&& (request.tx === undefined || request.tx === current.tx);

/** `read` runs reads (`-l`, `-g`) and `set` runs writes (`-L`, `-G`, which take seconds on netvsc). */
export function ethtoolSetOps(options: {readonly read: RunOptions; readonly set: RunOptions}): EthtoolSetOps {
	return {
		channels: {
			slowKey: 'channels',
			check: request => checkCounts(request, channelKeys, 'channel'),
			read: async device => ethtoolRead(argv.channels(device.name), parseChannels, options.read),
			unchanged: channelsUnchanged,
			write: async (device, request) => ethtoolSet(argv.setChannels(device.name, request), options.set),
		},
		rings: {
			slowKey: 'rings',
			check: request => checkCounts(request, ['rx', 'tx', 'rxMini', 'rxJumbo', 'rxBufLen'], 'ring'),
			async read(device) {
				const parse = (stdout: string): Result<Rings> => parseRings(stdout, device.driver === undefined ? {} : {driver: device.driver});
				return ethtoolRead(argv.rings(device.name), parse, options.read);
			},
			unchanged: ringsUnchanged,
			write: async (device, request) => ethtoolSet(argv.setRings(device.name, request), options.set),
		},
		coalesce: {
			slowKey: 'coalesce',
			check: request => checkCounts(request, ['rxCqeFrames'], 'coalesce'),
			read: async device => ethtoolRead(argv.coalesce(device.name), parseCoalesce, options.read),
			unchanged: (current, request) => current.rxCqeFrames === request.rxCqeFrames,
			write: async (device, request) => ethtoolSet(argv.setCoalesce(device.name, request), options.set),
		},
		flowHash: flowHashSetOp(async (args, parse) => ethtoolRead(args, parse, options.read), async args => ethtoolSet(args, options.set)),
	};
}
