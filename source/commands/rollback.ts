// `hvtop rollback [DEV]`: undo the last unconfirmed or unfinished change from
// the journal. A change still waiting for keep is reverted by its own guard
// (over its socket, or SIGUSR2); one whose guard is gone is resolved by
// reading the device back (revert, or leave a diverged device alone).
import {revertThroughSocket} from '../tuning/guard-handle.js';
import {describeChange, describeRecovery} from '../tuning/describe.js';
import {kindOf} from '../tuning/kinds/index.js';
import {lastChange, openJournal, type Journal, type JournalRecord} from '../tuning/journal.js';
import {scopedStateDir} from '../tuning/state-place.js';
import {currentNetns, describeScope, isRealMachine, sameScope, type Machine, type Scope} from '../tuning/scope.js';
import {isAlive, isRoot} from '../tuning/proc.js';
import {defaultGuardGraceMs, guardAlive, missedBy, recoverDevice} from '../tuning/recovery.js';
import {monotonicClock, type Clock} from '../clock.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';
import {exitCodeForChange, exitCodes} from './exit-codes.js';
import type {CommandIo, CommandOptions} from './set.js';
import {driverFrom, worldLine} from './world-line.js';
import {visibleLines} from '../visible.js';
import {otherMachineLine, parseRollbackArgs, pendingElsewhere, rollbackUsage, sameMachine} from './rollback-args.js';
import type {ModelWorld} from './model-world.js';

export {rollbackUsage} from './rollback-args.js';

// Long enough for the guard's retries (2 + 5 + 10 s) and a slow driver.
const guardAnswerMs = 60_000;

// Worse outcomes win when several devices are rolled back.
const severity = [exitCodes.ok, exitCodes.locked, exitCodes.lost, exitCodes.diverged, exitCodes.internal, exitCodes.revertFailed];
const worse = (a: number, b: number): number => (severity.indexOf(b as never) > severity.indexOf(a as never) ? b : a);

const codeFor = (change: ChangeView): number => exitCodeForChange(change, 'rollback');

/** Ask a live guard to revert now and wait for its verdict. */
async function revertThroughGuard(record: JournalRecord): Promise<ChangeView | string> {
	const socket = record.guard?.socket;
	const result = socket ? await revertThroughSocket(socket, guardAnswerMs) : 'unreachable';
	if (result !== 'unreachable') {
		return result ?? `the guard of change ${record.id} did not answer`;
	}

	// No socket: the guard's fallback is a signal.
	try {
		process.kill(record.guard!.pid, 'SIGUSR2');
	} catch (error) {
		return `cannot signal the guard (pid ${record.guard?.pid ?? '?'}): ${(error as Error).message}`;
	}

	return `asked the guard (pid ${record.guard?.pid ?? '?'}) to revert change ${record.id}; see the journal`;
}

export async function runRollbackCommand(argv: readonly string[], io: CommandIo, options: CommandOptions): Promise<number> {
	const say = (line: string) => {
		io.stdout.write(`${visibleLines(line)}\n`);
	};

	const complain = (line: string) => {
		io.stderr.write(`hvtop rollback: ${visibleLines(line)}\n`);
	};

	if (argv.includes('--help') || argv.includes('-h')) {
		say(rollbackUsage);
		return exitCodes.ok;
	}

	const args = parseRollbackArgs(argv);
	if (typeof args === 'string') {
		// One line: what is wrong, and where the usage is.
		complain(`${args} (see hvtop rollback --help)`);
		return exitCodes.usage;
	}

	const {dev, model, machine, world} = args;
	// This namespace's and machine's state only: a change waiting in another one is not ours to touch.
	const scoped = options.controller?.stateDir === undefined ? scopedStateDir(io.env, {netns: currentNetns(), machine}) : undefined;
	if (scoped && !scoped.ok) {
		complain(scoped.error.message);
		return exitCodes.usage;
	}

	const stateDir = options.controller?.stateDir ?? (scoped?.ok ? scoped.value.dir : '');
	const journal = openJournal(stateDir);
	const netns = currentNetns();
	const clock = options.controller?.clock ?? monotonicClock;
	const devices = dev === undefined ? await journal.devices() : [dev];
	let code: number = exitCodes.ok;
	let acted = false;

	for (const name of devices) {
		// eslint-disable-next-line no-await-in-loop
		const loaded = await journal.load(name);
		if (!loaded.ok) {
			complain(`${name}: ${loaded.error.message}`);
			code = worse(code, exitCodes.internal);
			acted = true;
			continue;
		}

		const last = lastChange(loaded.value);
		const ours = last !== undefined && (last.source === 'model') === model;
		if (ours && !model && !isTerminal(last.state) && !sameMachine(last.machine, machine)) {
			complain(otherMachineLine(name, last, machine));
			return exitCodes.usage;
		}

		if (last && !ours && !isTerminal(last.state)) {
			say(`${name}: change ${last.id} was made on ${last.source === 'model' ? 'the model: roll it back with --model' : 'this machine: roll it back without --model'}`);
			continue;
		}

		if (!last || !ours || isTerminal(last.state)) {
			if (dev !== undefined) {
				// Nothing pending on a named device: it must still be a device, here or in the model.
				// eslint-disable-next-line no-await-in-loop
				const found = await nameTheWorld(name, {model, machine, world}, options, clock, say);
				if (!found.ok) {
					complain(found.message);
					return exitCodes.usage;
				}
			}

			if (ours && last?.state === 'REVERT_FAILED') {
				say(`${name}: change ${last.id} already FAILED TO REVERT (${last.result?.message ?? 'unknown'}); fix it by hand: ethtool ${kindOf(last.kind).ethtoolSet} ${last.vf?.name ?? name} …`);
				code = worse(code, exitCodes.revertFailed);
			}

			continue;
		}

		acted = true;
		// eslint-disable-next-line no-await-in-loop
		code = worse(code, await rollBackOne(name, last, {model, machine, world, netns, journal, stateDir, clock, options, say, complain}));
	}

	if (!acted && code === exitCodes.ok) {
		// Nothing here: a change waiting on another machine of this namespace is named with its flags.
		const elsewhere = scoped?.ok && !model ? await pendingElsewhere(scoped.value.base, netns, stateDir, dev) : undefined;
		if (elsewhere) {
			complain(otherMachineLine(elsewhere.dev, elsewhere.record, machine));
			return exitCodes.usage;
		}

		say(dev === undefined ? 'nothing to roll back' : `nothing to roll back on ${dev}`);
	}

	return code;
}

type Context = {
	readonly model: boolean;
	readonly machine: Machine;
	readonly world?: ModelWorld | undefined;
	readonly netns: string;
	readonly journal: Journal;
	readonly stateDir: string;
	readonly clock: Clock;
	readonly options: CommandOptions;
	readonly say: (line: string) => void;
	readonly complain: (line: string) => void;
};

// This machine is the CLI's default; another one is passed on to the source.
const machineRequest = (machine: Machine): {machine?: Machine} => (isRealMachine(machine) ? {} : {machine});

// The model's scenario and seed, when --model was given them.
const worldRequest = (world: ModelWorld | undefined): {world?: ModelWorld} => (world ? {world} : {});

/** Opens the device's world and prints the first line (MODEL or LIVE, the driver); a name in neither world fails. */
async function nameTheWorld(name: string, where: Pick<Context, 'model' | 'machine' | 'world'>, options: CommandOptions, clock: Clock, say: (line: string) => void): Promise<{ok: true} | {ok: false; message: string}> {
	const made = await options.createSource({device: name, ...(where.model ? {live: false} : {}), ...machineRequest(where.machine), ...worldRequest(where.world)});
	if (!made.ok) {
		return {ok: false, message: made.error.message};
	}

	try {
		say(worldLine(made.value, name, driverFrom(await made.value.snapshot(name, clock.now()))));
		return {ok: true};
	} finally {
		await made.value.close();
	}
}

async function rollBackOne(name: string, last: JournalRecord, context: Context): Promise<number> {
	const {stateDir, clock, options, say, complain} = context;
	const made = await options.createSource({device: name, live: !context.model, ...machineRequest(context.machine), ...worldRequest(context.world)});
	if (!made.ok) {
		// Gone since the change (a VF hot-removed, a veth deleted): the journal still says what to restore.
		say(`LIVE ${name}: not on this machine now (${made.error.message})`);
	} else {
		say(worldLine(made.value, name, driverFrom(await made.value.snapshot(name, clock.now()))));
	}

	const scope: Scope = last.source === 'live' ? {netns: context.netns, machine: context.machine} : {netns: context.netns};
	if (!sameScope(last, scope)) {
		await (made.ok ? made.value.close() : undefined);
		complain(`${name}: change ${last.id} belongs to ${describeScope(last)}, not to this one (${context.netns}); not touching it`);
		return exitCodes.internal;
	}

	// A guard past its deadline (stopped) would never answer: recovery takes over below.
	if (guardAlive(last.guard) && missedBy(last, options.controller?.guardGraceMs ?? defaultGuardGraceMs) === undefined) {
		await (made.ok ? made.value.close() : undefined);
		if (last.guard?.mode !== 'process') {
			complain(`${name}: change ${last.id} is held by hvtop (pid ${last.guard?.pid ?? '?'}); answer it there`);
			return exitCodes.locked;
		}

		const result = await revertThroughGuard(last);
		if (typeof result === 'string') {
			say(`${name}: ${result}`);
			return isAlive(last.guard) ? exitCodes.locked : exitCodes.internal;
		}

		say(describeChange(result, clock.now()));
		return codeFor(result);
	}

	if (!made.ok) {
		complain(`${name}: ${made.error.message}`);
		return exitCodes.internal;
	}

	try {
		const {needs} = made.value;
		if (needs.needsRoot && !(options.isRoot ?? isRoot)()) {
			complain(`rolling back ${name} needs root (CAP_NET_ADMIN); nothing was attempted`);
			return exitCodes.notPermitted;
		}

		const outcome = await recoverDevice(name, {
			journal: openJournal(stateDir, scope),
			stateDir,
			source: made.value,
			clock,
			...(options.controller?.timers ? {timers: options.controller.timers} : {}),
			...(options.controller?.revertDelaysMs ? {revertDelaysMs: options.controller.revertDelaysMs} : {}),
			...(options.controller?.kmsg === undefined ? {} : {kmsg: options.controller.kmsg}),
			...(options.controller?.guardGraceMs === undefined ? {} : {guardGraceMs: options.controller.guardGraceMs}),
			...(options.controller?.readIfindex ?? needs.readIfindex ? {readIfindex: options.controller?.readIfindex ?? needs.readIfindex} : {}),
		});
		const line = describeRecovery(outcome, clock.now());
		if (line) {
			say(line);
		}

		return outcome.kind === 'resolved' ? codeFor(outcome.change) : outcome.kind === 'pending' ? exitCodes.locked : outcome.kind === 'unresolved' ? exitCodes.internal : exitCodes.ok;
	} finally {
		await made.value.close();
	}
}
