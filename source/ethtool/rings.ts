// `ethtool -g DEV` (text) and `ethtool --json -g DEV` (ethtool ≥ 6.2). The
// text layout gained lines and changed its TAB alignment (5.17, 6.2, 6.4), so
// only the RX/TX labels of each block are read. `n/a`, ioctl `0` and a JSON
// key that is absent all mean "not reported" and become 0.
//
// Unit: ethtool cannot tell what a ring counts. For hv_netvsc they are receive
// and send buffer *sections*; pass `{driver}` (from `ethtool -i`) to get
// unit 'sections' for it, otherwise the unit is 'descriptors'. Section sizes
// are not in this output, so rxSectionBytes/txSectionBytes are left unset.
import {driverFacts} from '../drivers/index.js';
import {ok, type Result, type Rings} from '../types.js';
import {blockKey, readBlocks, type Block} from './blocks.js';
import {firstJsonObject, jsonCount, looksLikeJson, parseFailure} from './text.js';

export type RingsOptions = {
	/** The driver name from `ethtool -i`, e.g. 'hv_netvsc'. */
	readonly driver?: string;
};

type Counts = Pick<Rings, 'rxMax' | 'txMax' | 'rx' | 'tx'>;

export function parseRings(stdout: string, options: RingsOptions = {}): Result<Rings> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -g: no output');
	}

	const counts = looksLikeJson(stdout) ? fromJson(stdout) : fromText(stdout);
	if (!counts.ok) {
		return counts;
	}

	const unit = driverFacts(options?.driver).ringUnit;
	return ok({...counts.value, unit});
}

function fromText(stdout: string): Result<Counts> {
	const values = readBlocks(stdout, new Set(['RX', 'TX']));
	const missing: string[] = [];
	const get = (block: Block, label: string): number => {
		const value = values.get(blockKey(block, label));
		if (typeof value === 'number') {
			return value;
		}

		missing.push(`${block === 'max' ? 'maximum' : 'current'} ${label} (${value ?? 'missing'})`);
		return 0;
	};

	const counts = {rxMax: get('max', 'RX'), txMax: get('max', 'TX'), rx: get('current', 'RX'), tx: get('current', 'TX')};
	return missing.length > 0
		? parseFailure(`ethtool -g: unreadable ring parameters: ${missing.join(', ')}`)
		: ok(counts);
}

function fromJson(stdout: string): Result<Counts> {
	// On a netlink error ethtool still prints `[ ]`: that is a failure, not "no rings".
	const object = firstJsonObject(stdout);
	if (!object) {
		return parseFailure('ethtool --json -g: no device object in the JSON output');
	}

	const invalid: string[] = [];
	const get = (key: string): number => {
		const raw = object[key];
		if (raw === undefined) {
			return 0;
		}

		const value = jsonCount(raw);
		if (value === undefined) {
			invalid.push(key);
			return 0;
		}

		return value;
	};

	const counts = {rxMax: get('rx-max'), txMax: get('tx-max'), rx: get('rx'), tx: get('tx')};
	return invalid.length > 0
		? parseFailure(`ethtool --json -g: invalid ${invalid.join(', ')}`)
		: ok(counts);
}
