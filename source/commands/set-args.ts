// `hvtop set KIND DEV …` as data: the common options (--yes, --keep-timeout,
// --live/--model) here, the kind's own positionals and options from its entry
// in the change-kind registry, so a new kind brings its own arguments.
import {keepTimeoutRange} from '../cli-flags.js';
import {defaultKeepTimeoutMs} from '../tuning/controller.js';
import {isChangeKind, kindNames, kindOf, kinds, type ChangeKind, type KindInput} from '../tuning/kinds/index.js';
import {checkDevice} from '../tuning/plan.js';
import {machineOptions, splitArgs, worldFrom, type ArgSpec} from '../tuning/command-args.js';
import type {Machine} from '../tuning/scope.js';
import {modelWorldFrom, modelWorldOptions, type ModelWorld} from './model-world.js';

const common = '[--yes] [--force] [--measure SECONDS] [--json] [--persist [--sysconf-root DIR]] [--keep-timeout SECONDS] [--live|--model [--scenario NAME] [--seed N] [--kernel 6.8|6.17]] [--sysfs-root DIR] [--procfs-root DIR] [--ethtool PATH]';

export const setUsage = kindNames.map((kind, i) => `${i === 0 ? 'usage: ' : '       '}${kinds[kind].usage} ${common}`).join('\n');

export type SetArgs = {
	readonly kind: ChangeKind;
	readonly dev: string;
	/** What the kind was asked for (its own fields, e.g. count, or rx and tx), not yet checked. */
	readonly input: KindInput;
	readonly yes: boolean;
	/** Past the rate limit on changes that re-create the device (rate-limit.ts). */
	readonly force?: boolean;
	readonly keepTimeoutMs: number;
	readonly live?: boolean;
	/** The machine flags, when given: the machine to read and change instead of this one. */
	readonly machine?: Machine;
	/** With --model: the scenario and seed it opens (--scenario, --seed). */
	readonly world?: ModelWorld;
	/** --persist: once kept, make it last (hvtop persist DEV --kind KIND --yes) under this root. */
	readonly persistRoot?: string;
	/** --measure: how long the device is measured before the change and after it is kept, ms; 0: not at all; undefined: the default. */
	readonly measureMs?: number;
	/** --json: one JSON document on stdout at the end; the progress lines go to stderr. */
	readonly json: boolean;
};

/** --measure's default: long enough for a rate, short enough for a script (and a test) not to notice. */
export const defaultMeasureSeconds = 1;
export const maxMeasureSeconds = 600;

// Every kind's valued options are read as such (`--rx 5` consumes 5), so a kind can say its own "not for me".
const spec: ArgSpec = {
	valued: ['keep-timeout', 'measure', ...machineOptions, ...modelWorldOptions, 'sysconf-root', ...kindNames.flatMap(kind => kindOf(kind).valuedOptions)],
	flags: ['yes', 'force', 'live', 'model', 'persist', 'json'],
	short: {'-y': 'yes'},
};
const commonValued = new Set<string>(['keep-timeout', 'measure', ...machineOptions, ...modelWorldOptions, 'sysconf-root']);

function keepTimeout(value: string | true | undefined): number | string {
	if (typeof value !== 'string') {
		return defaultKeepTimeoutMs;
	}

	const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
	if (!(seconds >= keepTimeoutRange.min && seconds <= keepTimeoutRange.max)) {
		return `--keep-timeout must be whole seconds from ${keepTimeoutRange.min} to ${keepTimeoutRange.max}, got ${JSON.stringify(value)}`;
	}

	return seconds * 1000;
}

// NaN: not given.
function measure(value: string | true | undefined): number | string {
	if (typeof value !== 'string') {
		return Number.NaN;
	}

	const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
	if (!(seconds <= maxMeasureSeconds)) {
		return `--measure must be whole seconds from 0 (do not measure) to ${maxMeasureSeconds}, got ${JSON.stringify(value)}`;
	}

	return seconds * 1000;
}

const kindList = (): string => kindNames.join(kindNames.length === 2 ? ' or ' : ', ');

// The root --persist writes under, undefined without --persist; a problem comes back prefixed with "--".
function persistRootFrom(options: ReadonlyMap<string, string | true>): string | undefined {
	const root = options.get('sysconf-root');
	if (!options.has('persist')) {
		return root === undefined ? undefined : '----sysconf-root goes with --persist';
	}

	const value = typeof root === 'string' ? root : '/';
	return value.startsWith('/') ? value : `----sysconf-root must be an absolute path, got ${JSON.stringify(value)}`;
}

export function parseSetArgs(argv: readonly string[]): SetArgs | string {
	const parts = splitArgs(argv, spec);
	if (typeof parts === 'string') {
		return parts;
	}

	const {positional, options} = parts;
	const [kind, dev, ...rest] = positional;
	if (kind === undefined || !isChangeKind(kind)) {
		return kind === undefined ? `say what to set: ${kindList()}` : `cannot set ${JSON.stringify(kind)}: only ${kindList()}`;
	}

	if (dev === undefined) {
		return 'name the device';
	}

	const badDev = checkDevice(dev);
	if (badDev) {
		return badDev;
	}

	const kindOptions = new Map([...options].flatMap(([name, value]) => (typeof value === 'string' && !commonValued.has(name) ? [[name, value] as const] : [])));
	const input = kindOf(kind).parseArgs(rest, kindOptions);
	if (typeof input === 'string') {
		return input;
	}

	// Another kind's option (--rx-cqe-frames to vf-rings) is a mistake, not something to ignore.
	const foreign = [...kindOptions.keys()].find(name => !kindOf(kind).valuedOptions.includes(name));
	if (foreign) {
		return `--${foreign} is not an option of ${kind}`;
	}

	const machine = worldFrom(options, 'set');
	if (typeof machine === 'string') {
		return machine;
	}

	const world = modelWorldFrom(options);
	if (typeof world === 'string') {
		return world;
	}

	const keepTimeoutMs = keepTimeout(options.get('keep-timeout'));
	if (typeof keepTimeoutMs === 'string') {
		return keepTimeoutMs;
	}

	const measureMs = measure(options.get('measure'));
	if (typeof measureMs === 'string') {
		return measureMs;
	}

	const persistRoot = persistRootFrom(options);
	if (persistRoot?.startsWith('--')) {
		return persistRoot.slice(2);
	}

	return {
		...(persistRoot === undefined ? {} : {persistRoot}),
		kind,
		dev,
		input,
		yes: options.has('yes'),
		...(options.has('force') ? {force: true} : {}),
		keepTimeoutMs,
		...(Number.isNaN(measureMs) ? {} : {measureMs}),
		json: options.has('json'),
		...(options.has('live') ? {live: true} : options.has('model') ? {live: false} : {}),
		...(machine ? {machine} : {}),
		...(Object.keys(world).length > 0 ? {world} : {}),
	};
}
