// `hvtop rollback [DEV]`: undo the last unconfirmed or unfinished change from
// the journal. A change still waiting for keep is reverted by its own guard
// (over its socket, or SIGUSR2); one whose guard is gone is resolved by
// reading the device back (revert, or leave a diverged device alone).
import {connectGuard} from '../tuning/arm.js';
import {describeChange} from '../tuning/describe.js';
import {readIfindex} from '../tuning/device.js';
import {lastChange, openJournal, type JournalRecord} from '../tuning/journal.js';
import {scopedStateDir} from '../tuning/state-place.js';
import {currentNetns, describeScope, realMachine, sameScope, type Scope} from '../tuning/scope.js';
import {isAlive} from '../tuning/proc.js';
import {defaultGuardGraceMs, guardAlive, missedBy, recoverDevice} from '../tuning/recovery.js';
import {realClock} from '../tuning/runner.js';
import {checkDevice} from '../tuning/plan.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';
import {exitCodes} from './exit-codes.js';
import {describeRecovery, type CommandIo, type CommandOptions} from './set.js';
import {visibleLines} from '../visible.js';

export const rollbackUsage = 'usage: hvtop rollback [DEV] [--live|--model]';

// Long enough for the guard's retries (2 + 5 + 10 s) and a slow driver.
const guardAnswerMs = 60_000;

// Worse outcomes win when several devices are rolled back.
const severity = [exitCodes.ok, exitCodes.locked, exitCodes.diverged, exitCodes.internal, exitCodes.revertFailed];
const worse = (a: number, b: number): number => (severity.indexOf(b as never) > severity.indexOf(a as never) ? b : a);

function codeFor(change: ChangeView): number {
	switch (change.state) {
		case 'REVERTED':
		case 'ABORTED':
		case 'SUPERSEDED':
		case 'UNCHANGED': {
			return exitCodes.ok;
		}

		case 'REVERT_FAILED': {
			return exitCodes.revertFailed;
		}

		case 'DIVERGED': {
			return exitCodes.diverged;
		}

		default: {
			return exitCodes.internal;
		}
	}
}

/** Ask a live guard to revert now and wait for its verdict. */
async function revertThroughGuard(record: JournalRecord): Promise<ChangeView | string> {
	const socket = record.guard?.socket;
	let final: ChangeView | undefined;
	let resolveFinal!: (c: ChangeView | undefined) => void;
	const done = new Promise<ChangeView | undefined>(resolve => {
		resolveFinal = resolve;
	});
	if (socket) {
		const link = await connectGuard(socket, 2000, change => {
			if (isTerminal(change.state)) {
				final = change;
				resolveFinal(change);
			}
		});
		if (link.ok) {
			link.value.onClose(() => {
				resolveFinal(final);
			});
			await link.value.send({type: 'revert'});
			const timer = setTimeout(() => {
				resolveFinal(undefined);
			}, guardAnswerMs);
			const result = await done;
			clearTimeout(timer);
			link.value.close();
			return result ?? `the guard of change ${record.id} did not answer`;
		}
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

	const flags = argv.filter(a => a.startsWith('-'));
	const positional = argv.filter(a => !a.startsWith('-'));
	const unknown = flags.find(f => f !== '--live' && f !== '--model');
	if (unknown || positional.length > 1 || (flags.includes('--live') && flags.includes('--model'))) {
		complain(unknown ? `unknown option ${unknown}` : 'at most one device');
		complain(rollbackUsage);
		return exitCodes.usage;
	}

	const [dev] = positional;
	if (dev !== undefined && checkDevice(dev)) {
		complain(checkDevice(dev)!);
		return exitCodes.usage;
	}

	const live = flags.includes('--live') ? true : flags.includes('--model') ? false : undefined;
	// This namespace's state only: a change waiting in another one is not ours to touch.
	const scoped = options.controller?.stateDir === undefined ? scopedStateDir(io.env, {kind: 'live'}) : undefined;
	if (scoped && !scoped.ok) {
		complain(scoped.error.message);
		return exitCodes.usage;
	}

	const stateDir = options.controller?.stateDir ?? (scoped?.ok ? scoped.value.dir : '');
	const journal = openJournal(stateDir);
	const netns = currentNetns();
	const clock = options.controller?.clock ?? realClock;
	const devices = dev === undefined ? await journal.devices() : [dev];
	let code: number = exitCodes.ok;
	let acted = false;

	for (const name of devices) {
		const loaded = await journal.load(name);
		if (!loaded.ok) {
			complain(`${name}: ${loaded.error.message}`);
			code = worse(code, exitCodes.internal);
			acted = true;
			continue;
		}

		const last = lastChange(loaded.value);
		if (!last || isTerminal(last.state)) {
			if (last?.state === 'REVERT_FAILED') {
				say(`${name}: change ${last.id} already FAILED TO REVERT (${last.result?.message ?? 'unknown'}); fix it by hand: ethtool ${last.kind === 'channels' ? '-L' : '-G'} ${name} …`);
				code = worse(code, exitCodes.revertFailed);
			}

			continue;
		}

		acted = true;
		const scope: Scope = last.source === 'live' ? {netns, machine: realMachine} : {netns};
		if (!sameScope(last, scope)) {
			complain(`${name}: change ${last.id} belongs to ${describeScope(last)}, not to this one (${netns}); not touching it`);
			code = worse(code, exitCodes.internal);
			continue;
		}

		// A guard past its deadline (stopped) would never answer: recovery takes over below.
		if (guardAlive(last.guard) && missedBy(last, options.controller?.guardGraceMs ?? defaultGuardGraceMs) === undefined) {
			if (last.guard?.mode !== 'process') {
				complain(`${name}: change ${last.id} is held by hvtop (pid ${last.guard?.pid ?? '?'}); answer it there`);
				code = worse(code, exitCodes.locked);
				continue;
			}

			const result = await revertThroughGuard(last);
			if (typeof result === 'string') {
				say(`${name}: ${result}`);
				code = worse(code, isAlive(last.guard) ? exitCodes.locked : exitCodes.internal);
			} else {
				say(describeChange(result, clock.now()));
				code = worse(code, codeFor(result));
			}

			continue;
		}

		const made = await options.createSource({device: name, live: live ?? last.source === 'live'});
		if (!made.ok) {
			complain(`${name}: ${made.error.message}`);
			code = worse(code, exitCodes.internal);
			continue;
		}

		try {
			if (made.value.kind === 'live' && !(options.isRoot ?? (() => process.getuid?.() === 0))()) {
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
				...(options.controller?.readIfindex ?? made.value.kind === 'live' ? {readIfindex: options.controller?.readIfindex ?? (async (name_: string) => readIfindex(name_, made.value.origin?.sysfsRoot))} : {}),
			});
			const line = describeRecovery(outcome, clock.now());
			if (line) {
				say(line);
			}

			code = worse(code, outcome.kind === 'resolved' ? codeFor(outcome.change) : outcome.kind === 'pending' ? exitCodes.locked : outcome.kind === 'unresolved' ? exitCodes.internal : exitCodes.ok);
		} finally {
			await made.value.close();
		}
	}

	if (!acted && code === exitCodes.ok) {
		say(dev === undefined ? 'nothing to roll back' : `nothing to roll back on ${dev}`);
	}

	return code;
}
