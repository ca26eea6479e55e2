// `hvtop set KIND DEV …` as data: the common options (--yes, --keep-timeout,
// --live/--model) here, the kind's own positionals and options from its entry
// in the change-kind registry, so a new kind brings its own arguments.
import {keepTimeoutRange} from '../cli-flags.js';
import {defaultKeepTimeoutMs} from '../tuning/controller.js';
import {isChangeKind, kindNames, kindOf, kinds, type ChangeKind, type KindInput} from '../tuning/kinds/index.js';
import {checkDevice} from '../tuning/plan.js';

const common = '[--yes] [--keep-timeout SECONDS] [--live|--model]';

export const setUsage = kindNames.map((kind, i) => `${i === 0 ? 'usage: ' : '       '}${kinds[kind].usage} ${common}`).join('\n');

export type SetArgs = {
	readonly kind: ChangeKind;
	readonly dev: string;
	/** What the kind was asked for (its own fields, e.g. count, or rx and tx), not yet checked. */
	readonly input: KindInput;
	readonly yes: boolean;
	readonly keepTimeoutMs: number;
	readonly live?: boolean;
};

type Split = {readonly positional: string[]; readonly options: Map<string, string | true>};

// Every kind's valued options are read as such (`--rx 5` consumes 5), so a kind can say its own "not for me".
const valued = new Set(['keep-timeout', ...kindNames.flatMap(kind => kindOf(kind).valuedOptions)]);

function split(argv: readonly string[]): Split | string {
	const positional: string[] = [];
	const options = new Map<string, string | true>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '-y') {
			options.set('yes', true);
			continue;
		}

		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}

		const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
		if (valued.has(name)) {
			const value = inline ?? argv[++i];
			if (value === undefined) {
				return `--${name} needs a value`;
			}

			options.set(name, value);
		} else if (['yes', 'live', 'model'].includes(name) && inline === undefined) {
			options.set(name, true);
		} else {
			return `unknown option ${arg}`;
		}
	}

	return {positional, options};
}

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

const kindList = (): string => kindNames.join(kindNames.length === 2 ? ' or ' : ', ');

export function parseSetArgs(argv: readonly string[]): SetArgs | string {
	const parts = split(argv);
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

	const kindOptions = new Map([...options].flatMap(([name, value]) => (typeof value === 'string' && name !== 'keep-timeout' ? [[name, value] as const] : [])));
	const input = kindOf(kind).parseArgs(rest, kindOptions);
	if (typeof input === 'string') {
		return input;
	}

	if (options.has('live') && options.has('model')) {
		return '--live and --model exclude each other';
	}

	const keepTimeoutMs = keepTimeout(options.get('keep-timeout'));
	if (typeof keepTimeoutMs === 'string') {
		return keepTimeoutMs;
	}

	return {
		kind,
		dev,
		input,
		yes: options.has('yes'),
		keepTimeoutMs,
		...(options.has('live') ? {live: true} : options.has('model') ? {live: false} : {}),
	};
}
