// Crash recovery, at every hvtop start (and by `hvtop rollback`): a change
// whose last record is not terminal is resolved from the device itself.
//   other boot            → SUPERSEDED (the reboot restored driver defaults)
//   guard alive           → pending: reattach, show the countdown
//   guard alive, but past its deadline by the grace → it is stopped or hung:
//                           kill it (pid + start time), then resolve as below
//   read-back == before   → ABORTED (never applied) or REVERTED (nothing to undo)
//   read-back == after    → revert now, whatever the last record says
//                           (JOURNALED and ARMED too: a record may have failed)
//   anything else         → DIVERGED: touch nothing, say so
//   a VF change whose VF instance is gone → LOST (applied) or ABORTED: touch nothing
import type {Source} from '../sources/source.js';
import type {OpError} from '../types.js';
import {opError} from '../errors.js';
import {changeFromRecords, recordOf} from './journal-codec.js';
import {bootId, lastChange, nsToMs, type GuardIdentity, type Journal, type JournalRecord} from './journal.js';
import {acquireLock, releaseLock} from './lock.js';
import {isAlive, selfIdentity} from './proc.js';
import {describeScope, sameScope} from './scope.js';
import {monoNow, monotonicClock, realTimers, type Clock, type Timers} from '../clock.js';
import {createRunner, type RunnerOptions} from './runner.js';
import {readValues} from './kinds/index.js';
import {revertDecision, step, type Change} from './states.js';
import {isTerminal, type ChangeView} from './types.js';

export type RecoveryOutcome =
	| {readonly kind: 'none'; readonly dev: string}
	/** Its guard is alive: the change is still running (show its countdown). */
	| {readonly kind: 'pending'; readonly dev: string; readonly record: JournalRecord; readonly secondsLeft?: number}
	/** Resolved now; `change` is its final state. */
	| {readonly kind: 'resolved'; readonly dev: string; readonly change: ChangeView}
	/** Could not decide (device or journal unreadable); nothing was touched. */
	| {readonly kind: 'unresolved'; readonly dev: string; readonly record?: JournalRecord; readonly message: string}
	/** The last change ended in REVERT_FAILED: a sticky alarm until a later change. */
	| {readonly kind: 'alarm'; readonly dev: string; readonly record: JournalRecord};

export type RecoveryOptions = {
	readonly journal: Journal;
	readonly stateDir: string;
	readonly source: Source;
	readonly clock?: Clock;
	readonly timers?: Timers;
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
	readonly revertDelaysMs?: readonly number[];
	readonly applyBudgetMs?: number;
	readonly kmsg?: string | false;
	/** Overridable for tests: is this guard still running? */
	readonly isGuardAlive?: (guard: GuardIdentity | undefined) => boolean;
	readonly onUpdate?: (change: ChangeView) => void;
	/** How far past its deadline a live guard may be before hvtop takes over (default 5 s). */
	readonly guardGraceMs?: number;
};

export const defaultGuardGraceMs = 5000;

export const guardAlive = (guard: GuardIdentity | undefined): boolean => isAlive(guard);

export function secondsLeft(record: JournalRecord): number | undefined {
	return record.deadline_mono_ns === undefined ? undefined : Math.max(0, Math.ceil((nsToMs(record.deadline_mono_ns) - monoNow()) / 1000));
}

/** How many ms a waiting change is past its deadline plus the grace, or undefined when it is not. */
export function missedBy(record: JournalRecord, graceMs: number, now = monoNow()): number | undefined {
	if (record.state !== 'AWAIT_CONFIRM' || record.deadline_mono_ns === undefined) {
		return undefined;
	}

	const late = now - nsToMs(record.deadline_mono_ns);
	return late > graceMs ? late : undefined;
}

/** Stop a guard for good (it is the same process: pid and start time) and wait until it is gone. */
async function stopGuard(guard: GuardIdentity, timers: Timers): Promise<boolean> {
	try {
		process.kill(guard.pid, 'SIGKILL');
	} catch {}

	for (let i = 0; i < 50 && isAlive(guard); i++) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise<void>(resolve => {
			timers.setTimeout(resolve, 20);
		});
	}

	return !isAlive(guard);
}

export async function recoverDevice(dev: string, options: RecoveryOptions): Promise<RecoveryOutcome> {
	const {journal, source} = options;
	const clock = options.clock ?? monotonicClock;
	const loaded = await journal.load(dev);
	if (!loaded.ok) {
		return {kind: 'unresolved', dev, message: loaded.error.message};
	}

	const records = loaded.value;
	const last = lastChange(records);
	if (!last) {
		return {kind: 'none', dev};
	}

	if (isTerminal(last.state)) {
		return last.state === 'REVERT_FAILED' ? {kind: 'alarm', dev, record: last} : {kind: 'none', dev};
	}

	// A model journal means nothing to a live device of the same name, and back.
	if (last.source !== source.kind) {
		return {kind: 'unresolved', dev, record: last, message: `change ${last.id} was made on the ${last.source} source; not touching it from ${source.kind}`};
	}

	// Nor does a change of another network namespace or machine: its device is not the one here.
	if (journal.scope && !sameScope(last, journal.scope)) {
		return {kind: 'unresolved', dev, record: last, message: `change ${last.id} belongs to ${describeScope(last)}, not to ${describeScope(journal.scope)}; not touching it from here`};
	}

	let takeover: OpError | undefined;
	if ((options.isGuardAlive ?? guardAlive)(last.guard)) {
		// Only a guard process is ever stopped by us; an hvtop guarding in-process is its own master.
		const late = last.guard?.mode === 'process' ? missedBy(last, options.guardGraceMs ?? defaultGuardGraceMs) : undefined;
		if (late === undefined) {
			const left = secondsLeft(last);
			return {kind: 'pending', dev, record: last, ...(left === undefined ? {} : {secondsLeft: left})};
		}

		// Alive but not acting (SIGSTOP, hung): it must never wake up and act after us.
		const guard = last.guard!;
		if (!(await stopGuard(guard, options.timers ?? realTimers))) {
			return {kind: 'unresolved', dev, record: last, message: `the guard (pid ${guard.pid}) of change ${last.id} is ${Math.round(late / 1000)} s past its deadline and cannot be stopped`};
		}

		takeover = opError('EGUARD', `its guard (pid ${guard.pid}) was ${Math.round(late / 1000)} s past the deadline and was stopped`);
	}

	const found = changeFromRecords(records, last.id, clock)!;
	const me: GuardIdentity = {...selfIdentity(), mode: 'in-process'};
	const base = {guard: me, ...(last.ifindex === undefined ? {} : {ifindex: last.ifindex})};
	const finish = async (change: Change): Promise<RecoveryOutcome> => {
		await journal.append(recordOf(change, base, last.source, clock, found.request));
		options.onUpdate?.(change);
		return {kind: 'resolved', dev, change};
	};

	// Recovering is itself a change of the device: hold its lock meanwhile (one taker wins).
	const locked = await acquireLock(options.stateDir, {id: last.id, dev, holders: [selfIdentity()]}, {reentrant: selfIdentity()});
	if (!locked.ok) {
		return {kind: 'pending', dev, record: last};
	}

	try {
		if (last.boot_id !== bootId()) {
			return await finish(step(found.change, {type: 'superseded'}, clock.now()));
		}

		if (last.ifindex !== undefined && options.readIfindex && (await options.readIfindex(dev)) !== last.ifindex) {
			return await finish(step(found.change, {type: 'diverged', reason: 'device-gone'}, clock.now()));
		}

		// Whatever the journal last says, the device decides: a record may have failed to be written.
		// A VF change reads only its own VF: one that left or came back anew has lost it (never reverted onto the new one).
		const current = await readValues(source, dev, last.kind, clock.now(), last.vf);
		if (!current.ok && current.error.code === 'EVFLOST') {
			return await finish(step(found.change, {type: 'lost', error: current.error}, clock.now()));
		}

		if (!current.ok) {
			if (current.error.code === 'ENODEV') {
				return await finish(step(found.change, {type: 'diverged', reason: 'device-gone'}, clock.now()));
			}

			return {kind: 'unresolved', dev, record: last, message: `cannot read ${dev} back: ${current.error.message}`};
		}

		const decision = revertDecision(found.change, current.value);
		if (decision === 'diverged') {
			return await finish(step(found.change, {type: 'diverged', reason: 'manual', values: current.value}, clock.now()));
		}

		if (decision === 'already-before') {
			if (last.state === 'JOURNALED' || last.state === 'ARMED' || last.state === 'PLANNED') {
				return await finish(step(found.change, {type: 'abort', reason: 'recovery'}, clock.now()));
			}

			// Undone already (the driver restored it, or the crash came before the apply).
			const reverting = step(found.change, {type: 'recover'}, clock.now());
			return await finish(step(reverting, {type: 'readback', values: current.value}, clock.now()));
		}

		const runner = createRunner(found.change, found.request, {
			source,
			journal,
			clock,
			...(options.timers ? {timers: options.timers} : {}),
			guard: me,
			...(last.ifindex === undefined ? {} : {ifindex: last.ifindex}),
			...pick(options),
			onUpdate: change => options.onUpdate?.(change),
		});
		runner.recover(takeover ? 'guard-missed' : 'recovery', takeover);
		const final = await runner.done;
		return {kind: 'resolved', dev, change: final};
	} finally {
		await releaseLock(options.stateDir, dev, last.id);
	}
}

function pick(options: RecoveryOptions): Partial<RunnerOptions> {
	return {
		...(options.readIfindex ? {readIfindex: options.readIfindex} : {}),
		...(options.revertDelaysMs ? {revertDelaysMs: options.revertDelaysMs} : {}),
		...(options.applyBudgetMs ? {applyBudgetMs: options.applyBudgetMs} : {}),
		...(options.kmsg === undefined ? {} : {kmsg: options.kmsg}),
	};
}

/** Recovery for every device that has a journal (or the ones named). */
export async function recoverAll(options: RecoveryOptions, devices?: readonly string[]): Promise<RecoveryOutcome[]> {
	const names = devices ?? (await options.journal.devices());
	const outcomes: RecoveryOutcome[] = [];
	for (const dev of names) {
		// eslint-disable-next-line no-await-in-loop
		outcomes.push(await recoverDevice(dev, options));
	}

	return outcomes;
}
