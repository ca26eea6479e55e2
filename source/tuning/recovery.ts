// Crash recovery, at every hvtop start (and by `hvtop rollback`): a change
// whose last record is not terminal is resolved from the device itself.
//   other boot            → SUPERSEDED (the reboot restored driver defaults)
//   guard alive           → pending: reattach, show the countdown
//   never applied         → ABORTED
//   read-back == before   → REVERTED (nothing to undo)
//   read-back == after    → revert now
//   anything else         → DIVERGED: touch nothing, say so
import type {Source} from '../sources/source.js';
import {changeFromRecords} from './from-journal.js';
import {bootId, lastChange, nsToMs, type GuardIdentity, type Journal, type JournalRecord} from './journal.js';
import {acquireLock, releaseLock} from './lock.js';
import {isAlive, selfIdentity} from './proc.js';
import {describeScope, sameScope} from './scope.js';
import {createRunner, monoNow, readValues, realClock, recordOf, type Clock, type RunnerOptions, type Timers} from './runner.js';
import {revertDecision, step, type Change} from './states.js';
import {isTerminal, type ChangeView} from './types.js';

export type RecoveryOutcome =
	| {readonly kind: 'none'; readonly dev: string}
	/** Its guard is alive: the change is still running (show its countdown). */
	| {readonly kind: 'pending'; readonly dev: string; readonly record: JournalRecord; readonly secondsLeft?: number}
	/** Resolved now; `change` is its final state. */
	| {readonly kind: 'resolved'; readonly dev: string; readonly change: ChangeView}
	/** Could not decide (device unreadable); nothing was touched. */
	| {readonly kind: 'unresolved'; readonly dev: string; readonly record: JournalRecord; readonly message: string}
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
};

export const guardAlive = (guard: GuardIdentity | undefined): boolean => isAlive(guard);

export function secondsLeft(record: JournalRecord): number | undefined {
	return record.deadline_mono_ns === undefined ? undefined : Math.max(0, Math.ceil((nsToMs(record.deadline_mono_ns) - monoNow()) / 1000));
}

export async function recoverDevice(dev: string, options: RecoveryOptions): Promise<RecoveryOutcome> {
	const {journal, source} = options;
	const clock = options.clock ?? realClock;
	const records = await journal.read(dev);
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

	if ((options.isGuardAlive ?? guardAlive)(last.guard)) {
		const left = secondsLeft(last);
		return {kind: 'pending', dev, record: last, ...(left === undefined ? {} : {secondsLeft: left})};
	}

	const found = changeFromRecords(records, last.id, clock)!;
	const me: GuardIdentity = {...selfIdentity(), mode: 'in-process'};
	const base = {guard: me, ...(last.ifindex === undefined ? {} : {ifindex: last.ifindex})};
	const finish = async (change: Change): Promise<RecoveryOutcome> => {
		await journal.append(recordOf(change, base, last.source, clock, found.request));
		options.onUpdate?.(change);
		return {kind: 'resolved', dev, change};
	};

	// Recovering is itself a change of the device: hold its lock meanwhile.
	const locked = await acquireLock(options.stateDir, {id: last.id, dev, holders: [selfIdentity()]}, {reentrant: selfIdentity()});
	if (!locked.ok) {
		return {kind: 'pending', dev, record: last};
	}

	try {
		if (last.boot_id !== bootId()) {
			return await finish(step(found.change, {type: 'superseded'}, clock.now()));
		}

		if (last.state === 'JOURNALED' || last.state === 'ARMED' || last.state === 'PLANNED') {
			return await finish(step(found.change, {type: 'abort', reason: 'recovery'}, clock.now()));
		}

		if (last.ifindex !== undefined && options.readIfindex && (await options.readIfindex(dev)) !== last.ifindex) {
			return await finish(step(found.change, {type: 'diverged', reason: 'device-gone'}, clock.now()));
		}

		const current = await readValues(source, dev, last.kind, clock.now());
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
		runner.recover();
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
		outcomes.push(await recoverDevice(dev, options));
	}

	return outcomes;
}
