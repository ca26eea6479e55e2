// `hvtop persist DEV | --remove DEV | --status [DEV]` as data, through the
// same reader as `hvtop set` (tuning/command-args.ts).
import {machineOptions, splitArgs, worldFrom, type ArgSpec} from '../tuning/command-args.js';
import {isChangeKind, type ChangeKind} from '../tuning/kinds/index.js';
import {checkDevice} from '../tuning/plan.js';
import type {Machine} from '../tuning/scope.js';

export const persistUsage = [
	'usage: hvtop persist DEV [--yes] [--dry-run] [--drop-in] [--kind KIND[,KIND]] [--sysconf-root DIR] [--sysfs-root DIR] [--procfs-root DIR] [--ethtool PATH]',
	'       hvtop persist --remove DEV [--yes] [--dry-run] [--sysconf-root DIR]',
	'       hvtop persist --status [DEV] [--json] [--sysconf-root DIR] [--sysfs-root DIR] [--procfs-root DIR] [--ethtool PATH]',
].join('\n');

export type PersistArgs = {
	readonly mode: 'write' | 'remove' | 'status';
	readonly dev?: string;
	readonly yes: boolean;
	readonly dryRun: boolean;
	readonly dropIn: boolean;
	/** --status as one JSON object on stdout. */
	readonly json: boolean;
	readonly only?: readonly ChangeKind[];
	/** Where /etc, /run and /usr/lib are: `/` but for tests and images. */
	readonly root: string;
	readonly machine?: Machine;
};

const spec: ArgSpec = {valued: [...machineOptions, 'sysconf-root', 'kind'], flags: ['yes', 'dry-run', 'drop-in', 'remove', 'status', 'json', 'live'], short: {'-y': 'yes'}};

/** `--sysconf-root`: an absolute directory; `/` when not given. */
export function rootFrom(value: string | true | undefined): string {
	return typeof value === 'string' ? value : '/';
}

export function parsePersistArgs(argv: readonly string[]): PersistArgs | string {
	const parts = splitArgs(argv, spec);
	if (typeof parts === 'string') {
		return parts;
	}

	const {positional, options} = parts;
	if (options.has('remove') && options.has('status')) {
		return '--remove and --status exclude each other';
	}

	const mode = options.has('remove') ? 'remove' : (options.has('status') ? 'status' : 'write');
	if (options.has('json') && mode !== 'status') {
		return '--json is for --status';
	}

	if (positional.length > 1) {
		return 'one device at a time';
	}

	const [dev] = positional;
	if (dev === undefined && mode !== 'status') {
		return 'name the device';
	}

	const badDev = dev === undefined ? undefined : checkDevice(dev);
	if (badDev) {
		return badDev;
	}

	const root = rootFrom(options.get('sysconf-root'));
	if (!root.startsWith('/')) {
		return `--sysconf-root must be an absolute path, got ${JSON.stringify(root)}`;
	}

	const kinds = options.get('kind');
	const only = typeof kinds === 'string' ? kinds.split(',') : undefined;
	const unknown = only?.find(kind => !isChangeKind(kind));
	if (unknown !== undefined) {
		return `--kind: no kind ${JSON.stringify(unknown)}`;
	}

	const machine = worldFrom(options, 'set');
	if (typeof machine === 'string') {
		return machine;
	}

	return {
		mode,
		...(dev === undefined ? {} : {dev}),
		yes: options.has('yes'),
		dryRun: options.has('dry-run'),
		dropIn: options.has('drop-in'),
		json: options.has('json'),
		...(only ? {only: only as ChangeKind[]} : {}),
		root,
		...(machine ? {machine} : {}),
	};
}
