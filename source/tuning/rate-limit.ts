// The rate limit on changes that re-create the synthetic device (channels,
// rings): rapid repeated `ethtool -L` hung guests through a TX leak in the
// host's netvsp (https://github.com/microsoft/openvmm/issues/2854), so a second
// such change on a device within recreateIntervalMs is refused, unless forced.
// When the last re-creation was is read from the device's journal (its records
// carry CLOCK_MONOTONIC), so `set`, the dashboard and `rollback` agree across
// processes. A revert is a re-creation too and counts, but is never refused.
import {kindOf, isChangeKind} from './kinds/index.js';
import {nsToMs, type JournalRecord} from './journal.js';
import type {ChangeKind, ChangeState} from './types.js';

/**
 * 30 s: a netvsc detach and attach takes the host a second or two, so this leaves
 * it many times that to settle before the next one, and is as long as the default
 * keep window, so a change and its revert never come back to back from one hand.
 */
export const recreateIntervalMs = 30_000;

export const recreateBug = 'microsoft/openvmm#2854';

/** Why, in the words the plan, the dialog and `set` show. */
export const recreateReason = `a host bug hung guests after rapid repeated channel changes: ${recreateBug}`;

// Records written just before or after an ethtool set ran (the apply, its failure, a revert).
const setStates: ReadonlySet<ChangeState> = new Set<ChangeState>(['APPLYING', 'VERIFYING', 'APPLY_FAILED', 'UNCHANGED', 'REVERTING', 'REVERTED', 'REVERT_FAILED']);

/** True for a kind whose apply and revert re-create the synthetic device. */
export const recreatesDevice = (kind: ChangeKind | string): boolean => isChangeKind(kind) && kindOf(kind).recreates === 'device';

/** CLOCK_MONOTONIC ms of the device's newest re-creation in this boot, from its journal. */
export function lastRecreation(records: readonly JournalRecord[], boot: string): number | undefined {
	let last: number | undefined;
	for (const record of records) {
		// CLOCK_MONOTONIC starts again at boot: another boot's times mean nothing here.
		if (record.boot_id === boot && setStates.has(record.state) && recreatesDevice(record.kind)) {
			const at = nsToMs(record.mono_ns);
			last = last === undefined ? at : Math.max(last, at);
		}
	}

	return last;
}

export type RecreateWait = {
	/** How long ago the device was last re-created, ms. */
	readonly agoMs: number;
	/** How long until the next re-creation is allowed, ms (> 0). */
	readonly waitMs: number;
};

/** How long a new re-creating change must wait, or undefined when it may go now. */
export function recreateWait(records: readonly JournalRecord[], nowMono: number, boot: string, intervalMs = recreateIntervalMs): RecreateWait | undefined {
	const last = lastRecreation(records, boot);
	if (last === undefined) {
		return undefined;
	}

	const agoMs = Math.max(0, nowMono - last);
	return agoMs < intervalMs ? {agoMs, waitMs: intervalMs - agoMs} : undefined;
}

/** Whole seconds to wait, never 0 while waiting. */
export const waitSeconds = (wait: RecreateWait): number => Math.max(1, Math.ceil(wait.waitMs / 1000));

/** The refusal: which device, since when, how long to wait and why. */
export const recreateRefusal = (dev: string, kind: ChangeKind, wait: RecreateWait): string =>
	`${dev} was re-created ${Math.floor(wait.agoMs / 1000)} s ago: wait ${waitSeconds(wait)} s before the next ${kindOf(kind).noun} change (${recreateReason})`;
