// The journal codec: a change to its journal record (recordOf) and back from
// its records (changeFromRecords). The guard and recovery take their inputs
// from the journal, never from the memory of the hvtop process. Times go to
// the journal as CLOCK_MONOTONIC and come back on the reader's clock.
import type {Source} from '../sources/source.js';
import {fromMono, monoOf, monotonicClock, toMono, type Clock} from '../clock.js';
import {msToNs, nsToMs, type GuardIdentity, type JournalRecord} from './journal.js';
import type {Change} from './states.js';
import type {ChangeRequest} from './types.js';

/** The fields a change's records repeat that the change itself does not hold. */
export type RecordBase = {
	readonly guard: GuardIdentity;
	readonly ifindex?: number;
	readonly actor?: JournalRecord['actor'];
};


export type JournaledChange = {
	readonly change: Change;
	readonly request: ChangeRequest;
	/** Its newest record. */
	readonly record: JournalRecord;
};

/** Times come back on `clock` (the journal holds CLOCK_MONOTONIC). */
export function changeFromRecords(records: readonly JournalRecord[], id: string, clock: Clock = monotonicClock): JournaledChange | undefined {
	const own = records.filter(r => r.id === id);
	const record = own.at(-1);
	if (!record) {
		return undefined;
	}

	const {result} = record;
	const change: Change = {
		id: record.id,
		dev: record.dev,
		kind: record.kind,
		...(record.vf ? {vf: record.vf} : {}),
		state: record.state,
		before: record.before,
		after: record.after,
		max: record.max,
		...(record.floor === undefined ? {} : {floor: record.floor}),
		keepTimeoutMs: record.keep_timeout_ms,
		...(record.keep_at_once ? {keepAtOnce: true} : {}),
		...(result?.readback ? {readback: result.readback} : {}),
		...(record.clamped ? {clamped: true} : {}),
		...(record.deadline_mono_ns ? {deadline: fromMono(nsToMs(record.deadline_mono_ns), clock)} : {}),
		...(record.reason ? {reason: record.reason} : {}),
		...(record.attempts ? {attempts: record.attempts} : {}),
		...(result?.code ? {error: {code: result.code, errno: result.errno ?? 0, message: result.message ?? ''}} : {}),
		// A kept change's measurement is a further KEPT record (v2), not a new state.
		history: own.filter((r, i) => !(r.state === 'KEPT' && own[i - 1]?.state === 'KEPT')).map(r => ({state: r.state, at: fromMono(nsToMs(r.mono_ns), clock)})),
	};
	return {change, request: record.request, record};
}

/** The journal record of a change; times go to the journal as CLOCK_MONOTONIC. */
export function recordOf(change: Change, options: RecordBase, source: Source['kind'], clock: Clock, request: ChangeRequest) {
	return {
		id: change.id,
		state: change.state,
		mono_ns: msToNs(monoOf(clock)),
		dev: change.dev,
		...(options.ifindex === undefined ? {} : {ifindex: options.ifindex}),
		source,
		kind: change.kind,
		...(change.vf ? {vf: change.vf} : {}),
		before: change.before,
		after: change.after,
		request,
		max: change.max,
		...(change.floor === undefined ? {} : {floor: change.floor}),
		keep_timeout_ms: change.keepTimeoutMs,
		...(change.keepAtOnce ? {keep_at_once: true} : {}),
		...(change.deadline === undefined ? {} : {deadline_mono_ns: msToNs(toMono(change.deadline, clock))}),
		guard: options.guard,
		...(change.reason ? {reason: change.reason} : {}),
		...(change.attempts ? {attempts: change.attempts} : {}),
		...(change.clamped ? {clamped: true} : {}),
		...(change.error || change.readback
			? {
				result: {
					...(change.error ? {code: change.error.code, errno: change.error.errno, message: change.error.message} : {}),
					...(change.readback ? {readback: change.readback} : {}),
				},
			}
			: {}),
		...(options.actor ? {actor: options.actor} : {}),
	};
}
