// `hvtop set channels DEV N` and `hvtop set rings DEV [--rx N] [--tx M]`:
// the dashboard's guarded change on plain output, one line per state, for
// people at a prompt and for scripts. See exit-codes.ts for the statuses.
//
// Keep is asked on the terminal ("keep? [y/N]"); `--yes` keeps as soon as
// the read-back matches. Policy for a lost terminal: SIGHUP, SIGTERM, EOF on
// stdin or a failed write to stdout count as "session lost" and the guard
// reverts at once. So `hvtop set … </dev/null` reverts right after the
// read-back; pipe an answer (`echo y |`) or use --yes in scripts.
import {keepTimeoutRange} from '../cli-flags.js';
import type {DeviceSnapshot, Source} from '../sources/source.js';
import type {Result} from '../types.js';
import {createController, defaultKeepTimeoutMs, type Controller, type ControllerOptions} from '../tuning/controller.js';
import {describeChange, restoreCommand} from '../tuning/describe.js';
import {checkDevice, describeValues, planChannels, planRings, type Plan, type PlanResult} from '../tuning/plan.js';
import type {RecoveryOutcome} from '../tuning/recovery.js';
import {visibleLines} from '../visible.js';
import {realClock} from '../tuning/runner.js';
import {drive} from './drive.js';
import {exitCodes} from './exit-codes.js';
import {driverFrom, worldLine} from './world-line.js';

export type CommandIo = {
	readonly stdin: NodeJS.ReadableStream & {readonly isTTY?: boolean};
	readonly stdout: NodeJS.WritableStream & {readonly isTTY?: boolean};
	readonly stderr: NodeJS.WritableStream;
	readonly env: Readonly<Record<string, string | undefined>>;
};

export type SourceRequest = {
	readonly device: string;
	/** true: --live, false: --model, undefined: the CLI's usual choice. */
	readonly live?: boolean;
};

export type CommandOptions = {
	/** The CLI decides model vs live (model by default, live when a hv_netvsc device exists or --live). */
	readonly createSource: (request: SourceRequest) => Promise<Result<Source>>;
	/** argv that runs `hvtop guard`; default re-runs this program with `guard`. */
	readonly guardCommand?: readonly string[];
	/** Default: effective uid is 0. */
	readonly isRoot?: () => boolean;
	/** Overrides for the controller (tests: clock, delays, state dir, kmsg). */
	readonly controller?: Omit<Partial<ControllerOptions>, 'source'>;
	/** Listen for SIGHUP/SIGINT/SIGTERM (default true). */
	readonly handleSignals?: boolean;
};

export const setUsage = `usage: hvtop set channels DEV N [--yes] [--keep-timeout SECONDS] [--live|--model]
       hvtop set rings DEV [--rx N] [--tx M] [--yes] [--keep-timeout SECONDS] [--live|--model]`;

export type SetArgs = {
	kind: 'channels' | 'rings';
	dev: string;
	count?: string;
	rx?: string;
	tx?: string;
	yes: boolean;
	keepTimeoutMs: number;
	live?: boolean;
};


export function parseSetArgs(argv: readonly string[]): SetArgs | string {
	const positional: string[] = [];
	const flags = new Map<string, string | true>();
	const valued = new Set(['rx', 'tx', 'keep-timeout']);
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '-y') {
			flags.set('yes', true);
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

			flags.set(name, value);
		} else if (['yes', 'live', 'model'].includes(name) && inline === undefined) {
			flags.set(name, true);
		} else {
			return `unknown option ${arg}`;
		}
	}

	const [kind, dev, count, ...extra] = positional;
	if (kind !== 'channels' && kind !== 'rings') {
		return kind === undefined ? 'say what to set: channels or rings' : `cannot set ${JSON.stringify(kind)}: only channels or rings`;
	}

	if (dev === undefined) {
		return 'name the device';
	}

	const badDev = checkDevice(dev);
	if (badDev) {
		return badDev;
	}

	if (kind === 'channels' && count === undefined) {
		return 'give the channel count: hvtop set channels DEV N';
	}

	if ((kind === 'rings' && count !== undefined) || extra.length > 0) {
		return `unexpected argument ${JSON.stringify(kind === 'rings' ? count : extra[0])}`;
	}

	if (kind === 'channels' && (flags.has('rx') || flags.has('tx'))) {
		return '--rx/--tx are for rings; channels take one count';
	}

	if (flags.has('live') && flags.has('model')) {
		return '--live and --model exclude each other';
	}

	let keepTimeoutMs = defaultKeepTimeoutMs;
	const keep = flags.get('keep-timeout');
	if (typeof keep === 'string') {
		const seconds = /^\d+$/.test(keep) ? Number(keep) : Number.NaN;
		if (!(seconds >= keepTimeoutRange.min && seconds <= keepTimeoutRange.max)) {
			return `--keep-timeout must be whole seconds from ${keepTimeoutRange.min} to ${keepTimeoutRange.max}, got ${JSON.stringify(keep)}`;
		}

		keepTimeoutMs = seconds * 1000;
	}

	const rx = flags.get('rx');
	const tx = flags.get('tx');
	return {
		kind,
		dev,
		...(count === undefined ? {} : {count}),
		...(typeof rx === 'string' ? {rx} : {}),
		...(typeof tx === 'string' ? {tx} : {}),
		yes: flags.has('yes'),
		keepTimeoutMs,
		...(flags.has('live') ? {live: true} : flags.has('model') ? {live: false} : {}),
	};
}

const defaultIsRoot = (): boolean => process.getuid?.() === 0;

/** One line per recovery finding, for the start of `set` and `rollback`. */
export function describeRecovery(outcome: RecoveryOutcome, now: number): string | undefined {
	switch (outcome.kind) {
		case 'none': {
			return undefined;
		}

		case 'pending': {
			return `${outcome.dev}: change ${outcome.record.id} is still pending (${outcome.record.state}${outcome.secondsLeft === undefined ? '' : `, ${outcome.secondsLeft} s left`})`;
		}

		case 'resolved': {
			return `${outcome.dev}: found unfinished change ${outcome.change.id}: ${describeChange(outcome.change, now)}`;
		}

		case 'unresolved': {
			return `${outcome.dev}: ${outcome.record ? `unfinished change ${outcome.record.id} left alone: ` : ''}${outcome.message}`;
		}

		case 'alarm': {
			return `WARNING ${outcome.dev}: change ${outcome.record.id} FAILED TO REVERT at ${outcome.record.ts}: ${outcome.record.result?.message ?? 'unknown error'}; it was ${describeValues(outcome.record.before)}: ${restoreCommand({dev: outcome.dev, kind: outcome.record.kind, before: outcome.record.before})}`;
		}
	}
}

export async function runSetCommand(argv: readonly string[], io: CommandIo, options: CommandOptions): Promise<number> {
	const say = (line: string) => {
		safeWrite(io.stdout, `${visibleLines(line)}\n`);
	};

	const complain = (line: string) => {
		safeWrite(io.stderr, `hvtop set: ${visibleLines(line)}\n`);
	};

	if (argv.includes('--help') || argv.includes('-h')) {
		say(setUsage);
		return exitCodes.ok;
	}

	const args = parseSetArgs(argv);
	if (typeof args === 'string') {
		complain(args);
		complain(setUsage);
		return exitCodes.usage;
	}

	const made = await options.createSource({device: args.dev, ...(args.live === undefined ? {} : {live: args.live})});
	if (!made.ok) {
		complain(made.error.message);
		return made.error.code === 'ENODEV' ? exitCodes.usage : made.error.code === 'EPERM' ? exitCodes.notPermitted : exitCodes.internal;
	}

	const source = made.value;
	try {
		const first = await source.snapshot(args.dev, (options.controller?.clock ?? realClock).now());
		say(worldLine(source, args.dev, driverFrom(first)));
		// A live change needs CAP_NET_ADMIN: say so before anything is attempted.
		if (source.kind === 'live' && !(options.isRoot ?? defaultIsRoot)()) {
			complain(`changing ${args.dev} needs root (CAP_NET_ADMIN); nothing was attempted. Try: sudo hvtop set ${argv.join(' ')}`);
			return exitCodes.notPermitted;
		}

		const controller = createController({
			source,
			env: io.env,
			keepTimeoutMs: args.keepTimeoutMs,
			...(options.guardCommand ? {guardCommand: options.guardCommand} : {}),
			...options.controller,
		});
		try {
			return await setWith(controller, source, args, first, say, complain, io, options);
		} finally {
			await controller.close();
		}
	} finally {
		await source.close();
	}
}

async function setWith(
	controller: Controller,
	source: Source,
	args: SetArgs,
	first: Result<DeviceSnapshot>,
	say: (line: string) => void,
	complain: (line: string) => void,
	io: CommandIo,
	options: CommandOptions,
): Promise<number> {
	const {clock} = controller;
	// Plain output does not reattach: a change still waiting belongs to its own terminal.
	let recovered = false;
	for (const outcome of await controller.recover([args.dev], {reattach: false})) {
		const line = describeRecovery(outcome, clock.now());
		if (line) {
			say(line);
			recovered = true;
		}
	}

	// Recovery may have moved the device: plan from what it is now.
	const snap = recovered ? await source.snapshot(args.dev, clock.now()) : first;
	if (!snap.ok) {
		complain(`cannot read ${args.dev}: ${snap.error.message}`);
		return snap.error.code === 'ENODEV' ? exitCodes.usage : snap.error.code === 'EPERM' ? exitCodes.notPermitted : exitCodes.internal;
	}

	const planned: PlanResult = args.kind === 'channels'
		? planChannels(args.dev, snap.value.channels, args.count ?? '')
		: planRings(args.dev, snap.value.rings, {...(args.rx === undefined ? {} : {rx: args.rx}), ...(args.tx === undefined ? {} : {tx: args.tx})});
	if (!planned.ok) {
		const {problem} = planned;
		if (problem.kind === 'unchanged') {
			say(problem.message);
			return exitCodes.ok;
		}

		complain(problem.message);
		if (problem.kind === 'usage') {
			return exitCodes.usage;
		}

		return problem.error?.code === 'EPERM' ? exitCodes.notPermitted : exitCodes.refused;
	}

	const {plan} = planned;
	printPlan(plan, args, say);
	return drive(controller, plan, args, io, options, say, complain);
}

function printPlan(plan: Plan, args: SetArgs, say: (line: string) => void): void {
	say(`${plan.dev} ${plan.kind}: ${describeValues(plan.before)} → ${describeValues(plan.after)}`);
	for (const effect of plan.effects) {
		say(`  - ${effect}`);
	}

	for (const warning of plan.warnings) {
		say(`  ! ${warning}`);
	}

	say(args.yes ? '  kept at once if the read-back matches (--yes)' : `  reverted unless kept within ${args.keepTimeoutMs / 1000} s`);
}

export function safeWrite(stream: NodeJS.WritableStream, text: string): void {
	try {
		stream.write(text);
	} catch {
		// The terminal is gone; the journal still has every state.
	}
}
