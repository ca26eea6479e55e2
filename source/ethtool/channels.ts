// `ethtool -l DEV`. Both paths print the same eight lines; the netlink path
// says `n/a` where the ioctl path says `0` for a field the driver does not
// report, and both become 0 here (Channels documents 0 as "none").
import {ok, type Channels, type Result} from '../types.js';
import {blockKey, readBlocks, type Block} from './blocks.js';
import {parseFailure} from './text.js';

const labels = ['RX', 'TX', 'Other', 'Combined'] as const;

/**
 * Channels are queues (or their interrupts), and the kernel refuses a device
 * more than 4096 queues (rtnetlink: "Invalid number of transmit queues"): a
 * larger count is garbage, and it would size arrays (RSS spread, dialogs).
 */
export const maxChannelCount = 4096;
type Label = typeof labels[number];

export function parseChannels(stdout: string): Result<Channels> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -l: no output');
	}

	const values = readBlocks(stdout, new Set(labels));
	const missing: string[] = [];
	const get = (block: Block, label: Label): number => {
		const value = values.get(blockKey(block, label));
		if (typeof value === 'number' && value <= maxChannelCount) {
			return value;
		}

		const why = typeof value === 'number' ? `${value}, above the kernel's ${maxChannelCount} queues` : (value ?? 'missing');
		missing.push(`${block === 'max' ? 'maximum' : 'current'} ${label} (${why})`);
		return 0;
	};

	const channels: Channels = {
		maxRx: get('max', 'RX'),
		maxTx: get('max', 'TX'),
		maxOther: get('max', 'Other'),
		maxCombined: get('max', 'Combined'),
		rx: get('current', 'RX'),
		tx: get('current', 'TX'),
		other: get('current', 'Other'),
		combined: get('current', 'Combined'),
	};
	return missing.length > 0
		? parseFailure(`ethtool -l: unreadable channel parameters: ${missing.join(', ')}`)
		: ok(channels);
}
