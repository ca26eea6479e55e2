// Vocabulary of a guarded change, shared by the state machine, the journal,
// the guard, the commands and the UI. Plain data only: it must survive a trip
// through the journal (JSON) and the guard's socket.
import type {OpError} from '../types.js';

// The kinds are those of the registry (kinds/index.ts): a new kind is one file there.
import type {ChangeKind} from './kinds/index.js';

export type {ChangeKind} from './kinds/index.js';

/**
 * The settings a change is about, as the device reads them. Channels use
 * `combined` (netvsc) or `rx`+`tx` (veth and other drivers with separate
 * channels); rings use `rx`/`tx`. Only the fields present take part in
 * comparisons; a field is a number, a word or a list of numbers, and how each
 * reads in messages is in plan.ts (fieldWords). A new kind adds its fields here.
 */
export type Values = {
	readonly combined?: number;
	readonly rx?: number;
	readonly tx?: number;
	/** MANA's CQE coalescing (`ethtool -C rx-cqe-frames`): 1 or 4. */
	readonly rxCqeFrames?: number;
	/** The RSS indirection table (`ethtool -x`): entry i → queue. */
	readonly table?: readonly number[];
	/** The RSS hash key, hex bytes joined by colons. */
	readonly key?: string;
	/** The RX rings the table is of (channels): a revert writes `default` only when it was the default over these. */
	readonly rssQueues?: number;
	/** `ethtool -N rx-flow-hash TYPE FIELDS`, one field per flow type: ethtool's letters ("sd", "sdfn"). */
	readonly flowHashTcp4?: string;
	readonly flowHashTcp6?: string;
	readonly flowHashUdp4?: string;
	readonly flowHashUdp6?: string;
	/** channel-cpu: the CPU each synthetic channel (by queue index) targets (VMBus `channels/<relid>/cpu`). */
	readonly channelCpus?: readonly number[];
	/** channel-cpu: each channel's VMBus relid (by queue index), when the source reads them. */
	readonly channelRelids?: readonly number[];
	/** irq-cpu: the VF queues' interrupts as `IRQ:cpulist` pairs in queue order (`/proc/irq/N/smp_affinity_list`). */
	readonly irqAffinity?: string;
};

export type ValueField = keyof Values;

/** One field's value: what JSON carries through the journal and the guard's socket. */
export type FieldValue = number | string | readonly number[];

/**
 * The VF a VF change is made on: its netdev name and its instance (the model's
 * epoch, the live VF's ifindex). Host servicing replaces the instance, and with
 * it every setting: a change whose instance is gone is lost, never reverted onto
 * the new VF.
 */
export type VfTarget = {
	readonly name: string;
	readonly instance: number;
};

export type ChangeState =
	| 'PLANNED'
	| 'JOURNALED'
	| 'ARMED'
	| 'APPLYING'
	| 'APPLY_FAILED'
	| 'VERIFYING'
	| 'AWAIT_CONFIRM'
	| 'KEPT'
	| 'REVERTING'
	| 'REVERTED'
	| 'REVERT_FAILED'
	/** The driver refused and the read-back equals `before`: nothing was changed. */
	| 'UNCHANGED'
	| 'DIVERGED'
	| 'SUPERSEDED'
	| 'ABORTED'
	/** The VF it was made on was removed or replaced (servicing) first: neither kept nor reverted. */
	| 'LOST';

export const terminalStates: ReadonlySet<ChangeState> = new Set<ChangeState>([
	'KEPT',
	'REVERTED',
	'REVERT_FAILED',
	'UNCHANGED',
	'DIVERGED',
	'SUPERSEDED',
	'ABORTED',
	'LOST',
]);

export const isTerminal = (state: ChangeState): boolean => terminalStates.has(state);

/** Why a change was (or is being) undone, or why it stopped. */
export type Reason =
	| 'deadline' // Nobody said keep in time
	| 'admin' // The admin said no
	| 'session-lost' // The terminal or SSH session went away
	| 'refused' // The driver refused and left the device changed
	| 'readback' // The read-back did not match the request
	| 'timeout' // Apply took longer than its budget; state unknown
	| 'recovery' // Found unfinished by a later hvtop start
	| 'cancelled' // Cancelled before anything was applied
	| 'journal' // The journal could not be written
	| 'guard' // The guard could not be armed
	| 'guard-lost' // The guard died and the device could not be decided from here
	| 'guard-missed' // The guard is alive but missed its deadline (stopped): hvtop took over
	| 'manual' // Someone else changed the device during the window
	| 'reboot' // A reboot already restored the driver defaults
	| 'device-gone' // The device disappeared or was re-created (ifindex)
	| 'vf-gone'; // The VF was removed or replaced by a new instance (host servicing)

/** What the UI and the plain-output command see of a change at one instant. */
export type ChangeView = {
	readonly id: string;
	readonly dev: string;
	readonly kind: ChangeKind;
	/** A VF change: the VF instance it is made on (`dev` is its netvsc device). */
	readonly vf?: VfTarget;
	readonly state: ChangeState;
	readonly before: Values;
	readonly after: Values;
	/** Last values read back from the device. */
	readonly readback?: Values;
	/** What the device read back when it did not match the request (kept after the revert's read-back). */
	readonly granted?: Values;
	/** Driver clamped a ring value (e.g. tx 5 → 10): accepted, shown as such. */
	readonly clamped?: boolean;
	/** Deadline for keep, in the monotonic clock (ms); only while AWAIT_CONFIRM. */
	readonly deadline?: number;
	readonly reason?: Reason;
	/** The driver's / ethtool's own message when something failed. */
	readonly error?: OpError;
	/** Revert attempts made so far. */
	readonly attempts?: number;
	/** While a failed revert waits to try again: when the next attempt starts (monotonic ms). */
	readonly retryAt?: number;
	/** Transitions so far, oldest first (monotonic ms). */
	readonly history: ReadonlyArray<{readonly state: ChangeState; readonly at: number}>;
};

/** What is sent to the source's set op: the kind's own fields (ChannelRequest, RingRequest, …). */
export type ChangeRequest = Readonly<Record<string, FieldValue | undefined>>;
