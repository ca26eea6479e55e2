// Argument arrays for ethtool, to be passed to execFile/spawn without a shell.
// Builders validate everything they put on the command line and throw a
// RangeError only on programmer misuse (an invalid device name, a count that
// is not a non-negative integer ≤ 2^32-1, an empty set request): callers are
// expected to validate user input first, so a throw here is a bug, not a
// runtime condition.
import type {ChannelRequest, CoalesceRequest, RingRequest, RssRequest} from '../types.js';
import {isValidDeviceName} from './device-name.js';
import {flowHashLetters, isHashedFlowType} from './flow-hash.js';

// ethtool parses counts as u32 and refuses anything larger ('invalid value').
const maxCount = 0xFF_FF_FF_FF;

function device(dev: string): string {
	if (!isValidDeviceName(dev)) {
		throw new RangeError(`Invalid network device name: ${JSON.stringify(dev)}`);
	}

	return dev;
}

function count(label: string, value: number): string {
	if (!Number.isSafeInteger(value) || value < 0 || value > maxCount) {
		throw new RangeError(`Invalid ${label} count: ${String(value)}`);
	}

	return String(value);
}

function flowType(type: string): string {
	if (!isHashedFlowType(type)) {
		throw new RangeError(`Invalid flow type: ${JSON.stringify(type)}`);
	}

	return type;
}

function hashFields(fields: string): string {
	if (fields === '' || [...fields].some(letter => !flowHashLetters.includes(letter))) {
		throw new RangeError(`Invalid rx-flow-hash fields: ${JSON.stringify(fields)}`);
	}

	return fields;
}

/** Keyword/value pairs for the fields that are set, in the given (stable) order. */
function pairs(fields: ReadonlyArray<readonly [keyword: string, value: number | undefined]>): string[] {
	const out: string[] = [];
	for (const [keyword, value] of fields) {
		if (value !== undefined) {
			out.push(keyword, count(keyword, value));
		}
	}

	if (out.length === 0) {
		throw new RangeError('Empty set request: nothing to change');
	}

	return out;
}

export const argv = {
	channels: (dev: string): string[] => ['-l', device(dev)],
	rings: (dev: string): string[] => ['-g', device(dev)],
	/** Only when `ethtool --json -g` was probed to work (ethtool ≥ 6.2). */
	ringsJson: (dev: string): string[] => ['--json', '-g', device(dev)],
	stats: (dev: string): string[] => ['-S', device(dev)],
	features: (dev: string): string[] => ['-k', device(dev)],
	rss: (dev: string): string[] => ['-x', device(dev)],
	coalesce: (dev: string): string[] => ['-c', device(dev)],
	driverInfo: (dev: string): string[] => ['-i', device(dev)],
	/** `-d DEV`: the driver's register dump (hv_netvsc: its send table). */
	registers: (dev: string): string[] => ['-d', device(dev)],
	link: (dev: string): string[] => [device(dev)],
	/** `-n DEV rx-flow-hash TYPE` (tcp4 tcp6 udp4 udp6). */
	flowHash: (dev: string, type: string): string[] => ['-n', device(dev), 'rx-flow-hash', flowType(type)],
	/** `-N DEV rx-flow-hash TYPE FIELDS` (ethtool's letters, e.g. sd or sdfn). */
	setFlowHash: (dev: string, type: string, fields: string): string[] => ['-N', device(dev), 'rx-flow-hash', flowType(type), hashFields(fields)],
	version: (): string[] => ['--version'],
	/** `-L DEV [rx N] [tx N] [other N] [combined N]`, in ethtool's own order. */
	setChannels(dev: string, request: ChannelRequest): string[] {
		const name = device(dev);
		return ['-L', name, ...pairs([
			['rx', request.rx],
			['tx', request.tx],
			['other', request.other],
			['combined', request.combined],
		])];
	},
	/** `-G DEV [rx N] [tx N] [rx-mini N] [rx-jumbo N] [rx-buf-len N]`. */
	setRings(dev: string, request: RingRequest): string[] {
		const name = device(dev);
		return ['-G', name, ...pairs([
			['rx', request.rx],
			['tx', request.tx],
			['rx-mini', request.rxMini],
			['rx-jumbo', request.rxJumbo],
			['rx-buf-len', request.rxBufLen],
		])];
	},
	/** `-C DEV rx-cqe-frames N` (ethtool with ETHTOOL_A_COALESCE_RX_CQE_FRAMES; netlink only). */
	setCoalesce(dev: string, request: CoalesceRequest): string[] {
		const name = device(dev);
		return ['-C', name, ...pairs([['rx-cqe-frames', request.rxCqeFrames]])];
	},
	/** `-X DEV [equal N | weight W… | default] [hkey K]`: one table form and/or a key, as ethtool spells them. */
	setRxfh(dev: string, request: RssRequest): string[] {
		const name = device(dev);
		const forms = [request.equal !== undefined, request.weights !== undefined, request.reset === true].filter(Boolean).length;
		if (forms > 1 || (forms === 0 && request.key === undefined)) {
			throw new RangeError('ethtool -X takes one table form (equal, weight or default) and/or hkey');
		}

		const words = ['-X', name];
		if (request.equal !== undefined) {
			if (request.equal < 1) {
				throw new RangeError(`Invalid equal count: ${request.equal}`);
			}

			words.push('equal', count('equal', request.equal));
		} else if (request.weights !== undefined) {
			words.push('weight', ...request.weights.map(weight => count('weight', weight)));
		} else if (request.reset) {
			words.push('default');
		}

		if (request.key !== undefined) {
			if (!/^[\da-f]{2}(?::[\da-f]{2})*$/i.test(request.key)) {
				throw new RangeError(`Invalid hkey: ${JSON.stringify(request.key)}`);
			}

			words.push('hkey', request.key);
		}

		return words;
	},
} as const;
