// Rebuilds a change from its journal records: the guard and recovery take
// their inputs from the journal, never from the memory of the hvtop process.
import type {ChannelRequest, RingRequest} from '../types.js';
import {nsToMs, type JournalRecord} from './journal.js';
import {fromMono, realClock, type Clock} from './runner.js';
import type {Change} from './states.js';

export type JournaledChange = {
	readonly change: Change;
	readonly request: ChannelRequest | RingRequest;
	/** Its newest record. */
	readonly record: JournalRecord;
};

/** Times come back on `clock` (the journal holds CLOCK_MONOTONIC). */
export function changeFromRecords(records: readonly JournalRecord[], id: string, clock: Clock = realClock): JournaledChange | undefined {
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
		history: own.map(r => ({state: r.state, at: fromMono(nsToMs(r.mono_ns), clock)})),
	};
	return {change, request: record.request, record};
}
