// The changes made with ethtool, as SetOps for setWithReadback: channels
// (`-l`/`-L`), rings (`-g`/`-G`), CQE coalescing (`-c`/`-C rx-cqe-frames`), the RSS
// table and key (`-x`/`-X`) and the flow hash (`-n`/`-N`). A new ethtool change is one
// more entry here: its argv, its parser, and when a request changes nothing.
import {argv, equalTable, parseChannels, parseCoalesce, parseRings, parseRss, weightTable} from '../../ethtool/index.js';
import {opError} from '../../errors.js';
import type {ChannelRequest, Channels, Coalesce, CoalesceRequest, FlowHash, FlowHashRequest, OpError, Result, RingRequest, Rings, Rss, RssRequest} from '../../types.js';
import {ethtoolRead, ethtoolSet} from './ethtool-call.js';
import {flowHashSetOp} from './flow-hash.js';
import type {RunOptions} from './run-ethtool.js';
import {checkCounts, type SetOp} from './set-with-readback.js';

export type EthtoolSetOps = {
	readonly channels: SetOp<ChannelRequest, Channels>;
	readonly rings: SetOp<RingRequest, Rings>;
	readonly coalesce: SetOp<CoalesceRequest, Coalesce>;
	readonly rss: SetOp<RssRequest, Rss>;
	readonly flowHash: SetOp<FlowHashRequest, FlowHash>;
};

const channelKeys = ['rx', 'tx', 'other', 'combined'] as const;

const channelsUnchanged = (current: Channels, request: ChannelRequest): boolean =>
	channelKeys.every(key => request[key] === undefined || request[key] === current[key]);

const ringsUnchanged = (current: Rings, request: RingRequest): boolean =>
	request.rxMini === undefined && request.rxJumbo === undefined && request.rxBufLen === undefined
	&& (request.rx === undefined || request.rx === current.rx)
	&& (request.tx === undefined || request.tx === current.tx);

/** One table form and/or a key, each well formed; the kernel checks the entries against the rings. */
function checkRss(request: RssRequest): OpError | undefined {
	const forms = [request.equal !== undefined, request.weights !== undefined, request.reset === true].filter(Boolean).length;
	if (forms > 1) {
		return opError('EINVAL', 'equal, weight and default exclude each other');
	}

	if (forms === 0 && request.key === undefined) {
		return opError('EINVAL', 'empty RSS request: nothing to change');
	}

	const counts = [...(request.equal === undefined ? [] : [request.equal]), ...(request.weights ?? [])];
	if (counts.some(value => !Number.isSafeInteger(value) || value < 0 || value > 0xFF_FF_FF_FF) || request.equal === 0) {
		return opError('EINVAL', 'equal and weights must be whole numbers (equal at least 1)');
	}

	return request.key === undefined || /^[\da-f]{2}(?::[\da-f]{2})*$/i.test(request.key) ? undefined : opError('EINVAL', 'hkey must be hex bytes joined by colons');
}

/** A table form that gives the table already there (a key too): `default` is never taken as unchanged (the "user set" flag is not read). */
function rssUnchanged(current: Rss, request: RssRequest): boolean {
	const size = current.table.length;
	const wanted = request.equal === undefined ? (request.weights === undefined ? undefined : weightTable(size, request.weights)) : equalTable(size, request.equal);
	const sameTable = request.reset !== true && (wanted === undefined || wanted.every((entry, i) => entry === current.table[i]));
	return sameTable && (request.key === undefined || request.key.toLowerCase() === current.key);
}

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
		rss: {
			slowKey: 'rss',
			check: checkRss,
			read: async device => ethtoolRead(argv.rss(device.name), parseRss, options.read),
			unchanged: rssUnchanged,
			write: async (device, request) => ethtoolSet(argv.setRxfh(device.name, request), options.set),
		},
		flowHash: flowHashSetOp(async (args, parse) => ethtoolRead(args, parse, options.read), async args => ethtoolSet(args, options.set)),
	};
}
