// Exit statuses of `hvtop set` and `hvtop rollback`: scripts (Ansible, ssh
// loops) branch on these, so they never change meaning.
import type {Refusal} from '../tuning/controller.js';
import type {ChangeState, ChangeView} from '../tuning/types.js';

export const exitCodes = {
	/** Kept (or nothing to change / nothing to roll back / rolled back). */
	ok: 0,
	/** A bug or an unexpected failure. */
	internal: 1,
	/** Bad usage or a bad value (0, above max, not a number, no such device). */
	usage: 2,
	/** The driver refused, or the rate limit on re-creating the device did (wait, or --force); the device is unchanged. */
	refused: 3,
	/** Applied, then reverted (deadline, admin said no, read-back mismatch, session lost). */
	reverted: 4,
	/** The revert failed: the device is neither before nor after as intended. */
	revertFailed: 5,
	/** Another change is pending on the device (lock held). */
	locked: 6,
	/** Not permitted (not root / no CAP_NET_ADMIN). */
	notPermitted: 7,
	/** The device was changed by someone else meanwhile; hvtop left it as found. */
	diverged: 8,
	/** Not applied: the journal could not be written or the guard could not be armed. */
	notStarted: 9,
	/** A VF change whose VF was removed or replaced (host servicing) first: neither kept nor reverted. */
	lost: 10,
	/** Persist: the configuration could not be written (read-only /etc, permission, a file hvtop did not write); nothing changed. */
	notWritten: 11,
	/** Persist: a .link file that sorts first matches the device and would shadow hvtop's; nothing written (--drop-in). */
	shadowed: 12,
	/** Persist --status: what the next boot or VF re-add applies differs from what runs now. */
	drift: 13,
	/** Persist: no udev on this machine: nothing would apply a file; what to do by hand was printed. */
	noUdev: 14,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export const exitCodeTable: ReadonlyArray<readonly [code: number, meaning: string]> = [
	[0, 'kept; or nothing to change; rollback: rolled back or nothing to roll back'],
	[1, 'internal error'],
	[2, 'usage error or bad value (0, above max, not a number, unknown device)'],
	[3, 'refused by the driver, or by the rate limit on re-creating the device (wait, or --force); device unchanged'],
	[4, 'applied, then reverted (deadline, admin said no, read-back mismatch, session lost)'],
	[5, 'revert failed: look at the device now'],
	[6, 'another change is pending on the device'],
	[7, 'not permitted (run as root)'],
	[8, 'diverged: someone else changed the device; left as found'],
	[9, 'not applied: journal not writable or guard not armed'],
	[10, 'lost: the VF was removed or replaced (host servicing) before keep or revert; neither kept nor reverted'],
	[11, 'persist: not written (read-only /etc, permission, a file hvtop did not write); nothing changed'],
	[12, 'persist: a .link file that sorts first matches the device and would shadow hvtop\'s; nothing written'],
	[13, 'persist --status: the next boot or VF re-add applies something other than what runs now (drift)'],
	[14, 'persist: no udev on this machine; what to do by hand was printed, nothing written'],
];

type Command = 'set' | 'rollback';

// What a change's final state means to each command: for `set` a revert is a failure to keep
// (4), for `rollback` it is the success asked for (0). Unlisted states are internal errors.
const byState: Partial<Record<ChangeState, Readonly<Record<Command, number>>>> = {
	KEPT: {set: exitCodes.ok, rollback: exitCodes.internal},
	UNCHANGED: {set: exitCodes.refused, rollback: exitCodes.ok},
	REVERTED: {set: exitCodes.reverted, rollback: exitCodes.ok},
	REVERT_FAILED: {set: exitCodes.revertFailed, rollback: exitCodes.revertFailed},
	DIVERGED: {set: exitCodes.diverged, rollback: exitCodes.diverged},
	ABORTED: {set: exitCodes.notStarted, rollback: exitCodes.ok},
	SUPERSEDED: {set: exitCodes.internal, rollback: exitCodes.ok},
	// The new VF has the driver's defaults, not necessarily `before`: neither a keep nor a rollback.
	LOST: {set: exitCodes.lost, rollback: exitCodes.lost},
};

const deniedCodes = new Set(['EPERM', 'EACCES']);

/** How a finished change ends the process: the one mapping of change states to exit statuses. */
export function exitCodeForChange(change: ChangeView, command: Command = 'set'): number {
	// A driver that refused for want of privilege is a permission problem, not a refusal.
	if (command === 'set' && change.state === 'UNCHANGED' && deniedCodes.has(change.error?.code ?? '')) {
		return exitCodes.notPermitted;
	}

	return byState[change.state]?.[command] ?? exitCodes.internal;
}

/** A failure to open or read a device: no such device is a usage error, no permission is 7. */
export const exitCodeForError = (error: {readonly code: string}): number =>
	error.code === 'ENODEV' ? exitCodes.usage : error.code === 'EPERM' ? exitCodes.notPermitted : exitCodes.internal;

/** Why the controller would not start a change. */
export const exitCodeForRefusal: Readonly<Record<Refusal['kind'], number>> = {
	locked: exitCodes.locked,
	busy: exitCodes.locked,
	source: exitCodes.usage,
	permission: exitCodes.notPermitted,
	journal: exitCodes.notStarted,
	guard: exitCodes.notStarted,
	// Refused before anything ran, the device unchanged: as a driver's refusal, the wait in the message.
	rate: exitCodes.refused,
};
