// The one reader of hvtop's subcommand arguments (`set`, `rollback`, `guard`):
// `--name VALUE`, `--name=VALUE`, flags and positionals, each command naming
// the options it takes. The machine flags (--sysfs-root, --procfs-root,
// --ethtool) are read here once, so every command addresses a machine the way
// the dashboard does and a change's journal, guard and rollback agree on it
// (scope.ts). Every problem is one sentence; nothing here throws.
import {statSync} from 'node:fs';
import {normalizeMachine, type Machine} from '../sources/machine.js';

export type ArgSpec = {
	/** Options that take a value. */
	readonly valued: readonly string[];
	/** Options that are flags (no value). */
	readonly flags: readonly string[];
	/** One-letter spellings, e.g. {'-y': 'yes'}. */
	readonly short?: Readonly<Record<string, string>>;
};

export type SplitArgs = {readonly positional: readonly string[]; readonly options: ReadonlyMap<string, string | true>};

export const machineOptions = ['sysfs-root', 'procfs-root', 'ethtool'] as const;

/** Positionals and options, or the sentence saying what is wrong. A repeated option keeps its last value. */
export function splitArgs(argv: readonly string[], spec: ArgSpec): SplitArgs | string {
	const positional: string[] = [];
	const options = new Map<string, string | true>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const short = spec.short?.[arg];
		if (short !== undefined) {
			options.set(short, true);
			continue;
		}

		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}

		const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
		if (spec.valued.includes(name)) {
			const value = inline ?? argv[++i];
			// `--sysfs-root --model` forgot the value: --model is not a path.
			if (value === undefined || (inline === undefined && value.startsWith('--'))) {
				return `--${name} needs a value`;
			}

			options.set(name, value);
		} else if (spec.flags.includes(name) && inline === undefined) {
			options.set(name, true);
		} else {
			return `unknown option ${arg}`;
		}
	}

	return {positional, options};
}

/** The machine the machine flags name (normalized), undefined when none is given, or why not. */
export function machineFrom(options: ReadonlyMap<string, string | true>): Machine | undefined | string {
	const given = machineOptions.filter(name => options.has(name));
	if (given.length === 0) {
		return undefined;
	}

	for (const name of given) {
		const value = options.get(name);
		if (typeof value !== 'string' || value === '' || value.includes('\0')) {
			return `--${name} needs a path`;
		}
	}

	const value = (name: string) => options.get(name) as string | undefined;
	return normalizeMachine({
		...(value('sysfs-root') === undefined ? {} : {sysfsRoot: value('sysfs-root')}),
		...(value('procfs-root') === undefined ? {} : {procfsRoot: value('procfs-root')}),
		...(value('ethtool') === undefined ? {} : {ethtool: value('ethtool')}),
	});
}

/** Why the machine cannot be read (its roots are not directories), or undefined. For commands people type. */
export function machineProblem(machine: Machine): string | undefined {
	for (const [flag, dir] of [['--sysfs-root', machine.sysfsRoot], ['--procfs-root', machine.procfsRoot]] as const) {
		let isDir = false;
		try {
			isDir = statSync(dir).isDirectory();
		} catch {}

		if (!isDir) {
			return `${flag} ${dir}: not a directory`;
		}
	}

	return undefined;
}

/** What `--model` does, in each command's words. */
const modelVerb = {set: 'changes', rollback: 'rolls back', export: 'reads', report: 'records'} as const;

/**
 * The world a `set` or `rollback` addresses: --live or --model (not both), and
 * the machine flags (never with --model; their roots must be directories).
 * The machine when the flags name one, undefined for this machine, or why not.
 */
export function worldFrom(options: ReadonlyMap<string, string | true>, verb: keyof typeof modelVerb): Machine | undefined | string {
	if (options.has('live') && options.has('model')) {
		return '--live and --model exclude each other';
	}

	const machine = machineFrom(options);
	if (typeof machine === 'string') {
		return machine;
	}

	if (machine && options.has('model')) {
		return `--model ${modelVerb[verb]} the model, which has no --sysfs-root, --procfs-root or --ethtool`;
	}

	return (machine && machineProblem(machine)) ?? machine;
}
