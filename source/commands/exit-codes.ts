// Exit statuses of `hvtop set` and `hvtop rollback`: scripts (Ansible, ssh
// loops) branch on these, so they never change meaning.
import type {ChangeView} from '../tuning/types.js';

export const exitCodes = {
	/** Kept (or nothing to change / nothing to roll back / rolled back). */
	ok: 0,
	/** A bug or an unexpected failure. */
	internal: 1,
	/** Bad usage or a bad value (0, above max, not a number, no such device). */
	usage: 2,
	/** The driver refused; the device is unchanged. */
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
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export const exitCodeTable: ReadonlyArray<readonly [code: number, meaning: string]> = [
	[0, 'kept; or nothing to change; rollback: rolled back or nothing to roll back'],
	[1, 'internal error'],
	[2, 'usage error or bad value (0, above max, not a number, unknown device)'],
	[3, 'refused by the driver; device unchanged'],
	[4, 'applied, then reverted (deadline, admin said no, read-back mismatch, session lost)'],
	[5, 'revert failed: look at the device now'],
	[6, 'another change is pending on the device'],
	[7, 'not permitted (run as root)'],
	[8, 'diverged: someone else changed the device; left as found'],
	[9, 'not applied: journal not writable or guard not armed'],
];

/** How a finished change ends the process. */
export function exitCodeForChange(change: ChangeView): number {
	switch (change.state) {
		case 'KEPT': {
			return exitCodes.ok;
		}

		case 'UNCHANGED': {
			return change.error?.code === 'EPERM' || change.error?.code === 'EACCES' ? exitCodes.notPermitted : exitCodes.refused;
		}

		case 'REVERTED': {
			return exitCodes.reverted;
		}

		case 'REVERT_FAILED': {
			return exitCodes.revertFailed;
		}

		case 'DIVERGED': {
			return exitCodes.diverged;
		}

		case 'ABORTED': {
			return exitCodes.notStarted;
		}

		default: {
			return exitCodes.internal;
		}
	}
}
