// `hvtop rollback [DEV] …` as data, through the same reader as `hvtop set`
// (tuning/command-args.ts), and which machine a journaled change belongs to:
// a change made with --sysfs-root/--procfs-root/--ethtool is rolled back with
// the same flags, and one made on another machine is refused with the flags
// that reach it.
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {machineOptions, splitArgs, worldFrom, type ArgSpec} from '../tuning/command-args.js';
import {lastChange, openJournal, type JournalRecord} from '../tuning/journal.js';
import {checkDevice} from '../tuning/plan.js';
import {isRealMachine, machineArgs, realMachine, scopeName, type Machine} from '../tuning/scope.js';
import {isTerminal} from '../tuning/types.js';
import {modelWorldFrom, modelWorldOptions, type ModelWorld} from './model-world.js';

export const rollbackUsage = 'usage: hvtop rollback [DEV] [--live|--model [--scenario NAME] [--seed N] [--kernel 6.8|6.17]] [--sysfs-root DIR] [--procfs-root DIR] [--ethtool PATH]';

export type RollbackArgs = {
	readonly dev?: string;
	readonly model: boolean;
	/** The machine flags, normalized; this machine when none is given. */
	readonly machine: Machine;
	/** With --model: the scenario and seed it opens (--scenario, --seed). */
	readonly world?: ModelWorld;
};

const spec: ArgSpec = {valued: [...machineOptions, ...modelWorldOptions], flags: ['live', 'model']};

export function parseRollbackArgs(argv: readonly string[]): RollbackArgs | string {
	const parts = splitArgs(argv, spec);
	if (typeof parts === 'string') {
		return parts;
	}

	const {positional, options} = parts;
	if (positional.length > 1) {
		return 'at most one device';
	}

	const machine = worldFrom(options, 'rollback');
	if (typeof machine === 'string') {
		return machine;
	}

	const world = modelWorldFrom(options);
	if (typeof world === 'string') {
		return world;
	}

	const [dev] = positional;
	const badDev = dev === undefined ? undefined : checkDevice(dev);
	if (badDev) {
		return badDev;
	}

	return {...(dev === undefined ? {} : {dev}), model: options.has('model'), machine: machine ?? realMachine, ...(Object.keys(world).length > 0 ? {world} : {})};
}

const machineKey = (machine: Machine | undefined): string => JSON.stringify(machineArgs(machine ?? realMachine));

export const sameMachine = (a: Machine | undefined, b: Machine | undefined): boolean => machineKey(a) === machineKey(b);

const nameOf = (machine: Machine | undefined): string =>
	machine === undefined || isRealMachine(machine) ? 'this machine' : `the machine ${machineArgs(machine).join(' ')}`;

/** One line refusing a change of another machine, saying how to reach it. */
export function otherMachineLine(dev: string, record: Pick<JournalRecord, 'id' | 'machine'>, given: Machine): string {
	const how = record.machine === undefined || isRealMachine(record.machine) ? 'without the machine flags' : 'with those flags';
	return `${dev}: change ${record.id} was made on ${nameOf(record.machine)}, not on ${nameOf(given)}; roll it back ${how}`;
}

/**
 * A change still waiting on `dev` (any device when undefined) in another machine's
 * state dir of this network namespace: the one to name when the given machine has none.
 */
export async function pendingElsewhere(base: string, netns: string, ownDir: string, dev: string | undefined): Promise<{dev: string; record: JournalRecord} | undefined> {
	const sibling = new RegExp(`^${scopeName({netns})}(?:-m[\\da-f]{12})?$`);
	let entries: string[] = [];
	try {
		entries = readdirSync(base).filter(name => sibling.test(name) && path.join(base, name) !== ownDir).sort();
	} catch {
		return undefined;
	}

	for (const entry of entries) {
		const journal = openJournal(path.join(base, entry));
		// eslint-disable-next-line no-await-in-loop
		for (const name of dev === undefined ? await journal.devices() : [dev]) {
			// eslint-disable-next-line no-await-in-loop
			const loaded = await journal.load(name);
			const last = loaded.ok ? lastChange(loaded.value) : undefined;
			if (last?.source === 'live' && !isTerminal(last.state)) {
				return {dev: name, record: last};
			}
		}
	}

	return undefined;
}
