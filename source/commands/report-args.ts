// `hvtop report FILE …` as data: where the archive goes, which device, how
// many intervals the recording holds, and the world it reads.
import {machineOptions, splitArgs, worldFrom, type ArgSpec} from '../tuning/command-args.js';
import {checkDevice} from '../tuning/plan.js';
import type {Machine} from '../tuning/scope.js';
import {modelWorldFrom, modelWorldOptions, type ModelWorld} from './model-world.js';

export const reportUsage = 'usage: hvtop report FILE [--device DEV] [--intervals N] [--live|--model [--scenario NAME] [--seed N]] [--sysfs-root DIR] [--procfs-root DIR] [--ethtool PATH]\n'
	+ '  writes FILE (a .tar.gz) for a support ticket: a short recording, the raw ethtool outputs of each\n'
	+ '  device and its VF, the sysfs/proc files hvtop reads, and the versions. It changes nothing.\n'
	+ '  Re-read it: tar -xzf FILE, then hvtop --sysfs-root DIR/sys --procfs-root DIR/proc --ethtool DIR/ethtool/ethtool,\n'
	+ '  or hvtop --replay DIR/recording.hvtop.gz';

export const defaultIntervals = 3;
export const maxIntervals = 60;

export type ReportArgs = {
	readonly file: string;
	readonly device?: string;
	/** Intervals of one second the recording holds (the first reading, then one per interval). */
	readonly intervals: number;
	readonly live?: boolean;
	readonly machine?: Machine;
	readonly world?: ModelWorld;
};

const spec: ArgSpec = {
	valued: ['device', 'intervals', ...machineOptions, ...modelWorldOptions],
	flags: ['live', 'model'],
	short: {},
};

export function parseReportArgs(argv: readonly string[]): ReportArgs | string {
	const parts = splitArgs(argv, spec);
	if (typeof parts === 'string') {
		return parts;
	}

	const {positional, options} = parts;
	const [file, ...rest] = positional;
	if (file === undefined || file === '') {
		return 'name the archive to write (FILE)';
	}

	if (rest.length > 0) {
		return `one FILE only; what is ${JSON.stringify(rest[0])}?`;
	}

	const device = options.get('device');
	if (device !== undefined) {
		const bad = typeof device === 'string' ? checkDevice(device) : '--device needs a name';
		if (bad) {
			return bad;
		}
	}

	const intervalsGiven = options.get('intervals');
	const intervals = intervalsGiven === undefined ? defaultIntervals : (typeof intervalsGiven === 'string' && /^\d{1,3}$/.test(intervalsGiven) ? Number(intervalsGiven) : Number.NaN);
	if (!(intervals >= 1 && intervals <= maxIntervals)) {
		return `--intervals must be a whole number from 1 to ${maxIntervals}, got ${JSON.stringify(intervalsGiven)}`;
	}

	const machine = worldFrom(options, 'report');
	if (typeof machine === 'string') {
		return machine;
	}

	const world = modelWorldFrom(options);
	if (typeof world === 'string') {
		return world;
	}

	return {
		file,
		...(typeof device === 'string' ? {device} : {}),
		intervals,
		...(options.has('live') ? {live: true} : options.has('model') ? {live: false} : {}),
		...(machine ? {machine} : {}),
		...(Object.keys(world).length > 0 ? {world} : {}),
	};
}
