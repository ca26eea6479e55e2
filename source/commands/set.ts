// `hvtop set channels DEV N`, `hvtop set rings DEV [--rx N] [--tx M]` and the
// VF kinds (`vf-channels`, `vf-rings`, `vf-coalesce`; see kinds/index.ts):
// the dashboard's guarded change on plain output, one line per state, for
// people at a prompt and for scripts. See exit-codes.ts for the statuses.
//
// Keep is asked on the terminal ("keep? [y/N]"); `--yes` keeps as soon as
// the read-back matches. Policy for a lost terminal: SIGHUP, SIGTERM, EOF on
// stdin or a failed write to stdout count as "session lost" and the guard
// reverts at once. So `hvtop set … </dev/null` reverts right after the
// read-back; pipe an answer (`echo y |`) or use --yes in scripts.
import type {DeviceSnapshot, Source} from '../sources/source.js';
import type {Result} from '../types.js';
import {createController, type Controller, type ControllerOptions} from '../tuning/controller.js';
import {describeRecovery} from '../tuning/describe.js';
import {changeSubject, kindOf, planChange, type PlanContext} from '../tuning/kinds/index.js';
import {figuresOf, type BeforeAfter, type Figures} from '../stats/before-after.js';
import type {ChangeView, Values} from '../tuning/types.js';
import {describeValues, type Plan} from '../tuning/plan.js';
import {isRoot} from '../tuning/proc.js';
import type {Machine} from '../tuning/scope.js';
import type {ModelWorld} from './model-world.js';
import {visibleLines} from '../visible.js';
import {monotonicClock, realTimers} from '../clock.js';
import {drive, safeWrite} from './drive.js';
import {exitCodeForError, exitCodes} from './exit-codes.js';
import {parseSetArgs, setUsage, type SetArgs} from './set-args.js';
import {persistDevice} from './persist.js';
import {driverFrom, worldLine} from './world-line.js';
import {journalPair, measureAfter, measureMsOf, measureWindow, pairJson, pairLine} from './set-measure.js';

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
	/** The machine flags (--sysfs-root, --procfs-root, --ethtool); undefined: this machine. */
	readonly machine?: Machine;
	/** With --model: the scenario and seed to open (--scenario, --seed); the dashboard's defaults otherwise. */
	readonly world?: ModelWorld;
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
	/** How long a kind that plans from rates (a CPU move) measures before planning, ms (default 1000). */
	readonly measureMs?: number;
	/** `--measure` when not given, ms (default set-args.ts defaultMeasureSeconds; tests on virtual time: 0). */
	readonly defaultMeasureMs?: number;
};

export {parseSetArgs, setUsage, type SetArgs} from './set-args.js';

export async function runSetCommand(argv: readonly string[], io: CommandIo, options: CommandOptions): Promise<number> {
	// With --json the progress lines go to stderr: stdout carries the one JSON document.
	let progress: NodeJS.WritableStream = io.stdout;
	const say = (line: string) => {
		safeWrite(progress, `${visibleLines(line)}\n`);
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
		// One line: what is wrong, and where the usage is.
		complain(`${args} (see hvtop set --help)`);
		return exitCodes.usage;
	}

	if (args.json) {
		progress = io.stderr;
	}

	const made = await options.createSource({device: args.dev, ...(args.live === undefined ? {} : {live: args.live}), ...(args.machine ? {machine: args.machine} : {}), ...(args.world ? {world: args.world} : {})});
	if (!made.ok) {
		complain(made.error.message);
		return exitCodeForError(made.error);
	}

	const source = made.value;
	try {
		const first = await source.snapshot(args.dev, (options.controller?.clock ?? monotonicClock).now());
		say(worldLine(source, args.dev, driverFrom(first)));
		// A live change needs CAP_NET_ADMIN: say so before anything is attempted.
		if (source.needs.needsRoot && !(options.isRoot ?? isRoot)()) {
			complain(`changing ${args.dev} needs root (CAP_NET_ADMIN); nothing was attempted. Try: sudo hvtop set ${argv.join(' ')}`);
			return exitCodes.notPermitted;
		}

		if (args.persistRoot !== undefined && source.kind !== 'live') {
			complain(`--persist: ${args.dev} is the model's; no boot applies its settings. Nothing was attempted`);
			return exitCodes.usage;
		}

		const controller = createController({
			source,
			env: io.env,
			keepTimeoutMs: args.keepTimeoutMs,
			...(options.guardCommand ? {guardCommand: options.guardCommand} : {}),
			...options.controller,
		});
		const outcome: SetOutcome = {device: args.dev, kind: args.kind};
		try {
			const code = await setWith({controller, source, args, say, complain, io, options, outcome}, first);
			// Kept (or already so): make it last, as `hvtop persist DEV --kind KIND --yes` would.
			const final = code === exitCodes.ok && args.persistRoot !== undefined
				? await persistDevice(source, {dev: args.dev, root: args.persistRoot, only: [args.kind], yes: true, dryRun: false, dropIn: false, ...(options.guardCommand ? {self: options.guardCommand.slice(0, -1)} : {})}, {say, complain, io})
				: code;
			if (args.json) {
				safeWrite(io.stdout, `${JSON.stringify({...outcome, exit: final})}\n`);
			}

			return final;
		} finally {
			await controller.close();
		}
	} finally {
		await source.close();
	}
}

/** What `--json` prints: filled in as the run goes. */
export type SetOutcome = {
	readonly device: string;
	readonly kind: string;
	state?: string;
	message?: string;
	before?: Values;
	after?: Values;
	readback?: Values;
	measured?: BeforeAfter;
};

/** What one `hvtop set` run carries through its steps (planning, then drive.ts). */
export type SetContext = {
	readonly outcome: SetOutcome;
	readonly controller: Controller;
	readonly source: Source;
	readonly args: SetArgs;
	readonly say: (line: string) => void;
	readonly complain: (line: string) => void;
	readonly io: CommandIo;
	readonly options: CommandOptions;
};

async function setWith(context: SetContext, first: Result<DeviceSnapshot>): Promise<number> {
	const {controller, source, args, options, say, complain} = context;
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
		return exitCodeForError(snap.error);
	}

	const measureMs = measureMsOf(args.measureMs, options.defaultMeasureMs);
	const measured = kindOf(args.kind).measures || measureMs > 0 ? await measure(context, snap.value, measureMs) : undefined;
	const planned = planChange(args.kind, args.dev, measured?.snapshot ?? snap.value, args.input, measured?.context);
	if (!planned.ok) {
		const {problem} = planned;
		context.outcome.state = problem.kind === 'unchanged' ? 'UNCHANGED' : 'NOT_STARTED';
		context.outcome.message = problem.message;
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
	Object.assign(context.outcome, {before: plan.before, after: plan.after});
	const code = await drive(context, plan);
	const final = controller.current();
	if (final) {
		Object.assign(context.outcome, {state: final.state, ...(final.readback ? {readback: final.readback} : {})});
	}

	if (code === exitCodes.ok && final?.state === 'KEPT' && measured && measureMs > 0) {
		await measureKept(context, final, figuresOf(measured.context.rates!), measureMs);
	}

	return code;
}

/** After keep: the figures since, the pair printed, in --json and in the journal. A failed measurement is said, not fatal: the change was kept. */
async function measureKept(context: SetContext, kept: ChangeView, before: Figures, ms: number): Promise<void> {
	const {controller, source, args, options, say, complain} = context;
	say(`measuring ${args.dev} for ${ms / 1000} s after the change…`);
	const after = await measureAfter(source, args.dev, ms, controller.clock, options.controller?.timers ?? realTimers);
	if (typeof after === 'string') {
		complain(`${after}; the change is kept`);
		return;
	}

	const pair = {before, after};
	say(pairLine(pair));
	context.outcome.measured = pairJson(pair);
	const problem = await journalPair(controller, kept, pair);
	if (problem) {
		complain(problem);
	}
}

/**
 * A CPU move's plan shows each CPU's load now and estimated after, as the dashboard's dialog does:
 * the device is read again after `measureMs` and the rates of that interval go to the plan
 * (with whether irqbalance runs, for an IRQ move). A second reading that fails leaves the plan without them.
 */
async function measure(context: SetContext, first: DeviceSnapshot, measureMs: number): Promise<{snapshot: DeviceSnapshot; context: PlanContext} | undefined> {
	const {controller, source, args, options} = context;
	const timers = options.controller?.timers ?? realTimers;
	// A kind that plans from rates measures for its own time; the same rates are the "before" figures.
	const ms = kindOf(args.kind).measures ? options.measureMs ?? 1000 : measureMs;
	context.say(`measuring ${args.dev}'s load for ${ms / 1000} s…`);
	const [window, irqbalance] = await Promise.all([
		measureWindow(source, args.dev, first, ms, controller.clock, timers),
		args.kind === 'irq-cpu' ? source.irqBalancer?.() : undefined,
	]);
	if (!window) {
		return undefined;
	}

	return {snapshot: window.snapshot, context: {rates: window.rates, ...(irqbalance === undefined ? {} : {irqbalance})}};
}

function printPlan(plan: Plan, args: SetArgs, say: (line: string) => void): void {
	say(`${changeSubject(plan)}: ${describeValues(plan.before)} → ${describeValues(plan.after)}`);
	for (const effect of plan.effects) {
		say(`  - ${effect}`);
	}

	for (const warning of plan.warnings) {
		say(`  ! ${warning}`);
	}

	say(args.yes ? '  kept at once if the read-back matches (--yes)' : `  reverted unless kept within ${args.keepTimeoutMs / 1000} s`);
}

