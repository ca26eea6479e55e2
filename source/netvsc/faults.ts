// Host and driver failures a change can meet, injected per device. A fault is
// consumed by the next change that reaches the driver's detach/attach (a
// channel, ring or MTU change; no-ops do not consume it) unless it was armed
// as persistent, in which case it applies to every change until cleared.
import type {ErrnoName} from '../errors.js';

export type Fault =
	/** The host grants only this many sub-channels (success; combined reads back 1 + N). */
	| {readonly kind: 'grant-fewer'; readonly subChannels: number}
	/** The host refuses the sub-channel request: success, combined 1, max 1 until the next add. */
	| {readonly kind: 'refuse-subchannels'}
	/** Attach with the new config fails; the driver restores the old one (error returned, counters reset). */
	| {readonly kind: 'attach-fails'; readonly errno?: ErrnoName}
	/** Attach and the restore both fail: the device is left detached, every ethtool op → ENODEV. */
	| {readonly kind: 'attach-and-restore-fail'; readonly errno?: ErrnoName}
	/** Rings do not drain within ~10 s on detach: ETIMEDOUT, old channels kept, TX stays stopped (10.8). */
	| {readonly kind: 'drain-timeout'; readonly durationMs?: number}
	/** The change takes this long (carrier off and RTNL held for the whole time). */
	| {readonly kind: 'slow'; readonly durationMs: number}
	/** The request fails with this errno before the driver detaches anything: the device is unchanged. */
	| {readonly kind: 'fail'; readonly errno: ErrnoName}
	/**
	 * The request never returns (ethtool blocked until its caller's timeout). The
	 * device is left as it was; the model source's promise never settles, so the
	 * caller's own timeout is what ends it.
	 */
	| {readonly kind: 'hang'};

export type FaultKind = Fault['kind'];

export const faultKinds: readonly FaultKind[] = [
	'grant-fewer',
	'refuse-subchannels',
	'attach-fails',
	'attach-and-restore-fail',
	'drain-timeout',
	'slow',
	'fail',
	'hang',
];

export type ArmedFault = {readonly fault: Fault; readonly persistent: boolean};

/** The faults that apply to one change, at most one of each kind. */
export type ChangeFaults = {readonly [K in FaultKind]?: Extract<Fault, {kind: K}>};

/** Take the faults for the next change: one-shot ones are removed from `armed`. */
export function takeFaults(armed: ArmedFault[]): ChangeFaults {
	const taken: Partial<Record<FaultKind, Fault>> = {};
	for (let i = 0; i < armed.length;) {
		const entry = armed[i]!;
		const fresh = taken[entry.fault.kind] === undefined;
		if (fresh) {
			taken[entry.fault.kind] = entry.fault;
		}

		// A second one-shot fault of the same kind waits for the change after.
		if (fresh && !entry.persistent) {
			armed.splice(i, 1);
		} else {
			i++;
		}
	}

	return taken as ChangeFaults;
}

export function isFault(value: unknown): value is Fault {
	if (typeof value !== 'object' || value === null) {
		return false;
	}

	const kind = (value as {kind?: unknown}).kind;
	return typeof kind === 'string' && (faultKinds as readonly string[]).includes(kind);
}
