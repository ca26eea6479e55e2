// Words for states and reasons, shared by the banner and the plain output so
// both say the same thing.
import {describeValues} from './plan.js';
import type {ChangeState, ChangeView, Reason} from './types.js';

export const stateLabels: Readonly<Record<ChangeState, string>> = {
	PLANNED: 'planned',
	JOURNALED: 'journaled',
	ARMED: 'guard armed',
	APPLYING: 'applying',
	APPLY_FAILED: 'refused by the driver',
	VERIFYING: 'reading back',
	AWAIT_CONFIRM: 'waiting for keep',
	KEPT: 'kept',
	REVERTING: 'reverting',
	REVERTED: 'reverted',
	REVERT_FAILED: 'REVERT FAILED',
	UNCHANGED: 'refused, device unchanged',
	DIVERGED: 'diverged, left as found',
	SUPERSEDED: 'superseded',
	ABORTED: 'not applied',
};

export const reasonTexts: Readonly<Record<Reason, string>> = {
	deadline: 'the deadline passed without keep',
	admin: 'the admin said no',
	'session-lost': 'the terminal session was lost',
	refused: 'the driver refused',
	readback: 'the read-back did not match the request',
	timeout: 'the driver did not answer in time',
	recovery: 'found unfinished at start',
	cancelled: 'cancelled',
	journal: 'the journal could not be written',
	guard: 'the guard could not be armed',
	'guard-lost': 'the guard died',
	'guard-missed': 'the guard missed its deadline; hvtop took over',
	manual: 'someone else changed the device meanwhile',
	reboot: 'a reboot already restored the driver defaults',
	'device-gone': 'the device disappeared or was re-created',
};

export const secondsLeft = (change: ChangeView, now: number): number | undefined =>
	change.deadline === undefined ? undefined : Math.max(0, Math.ceil((change.deadline - now) / 1000));

/** One line saying where the change stands, for plain output and the banner. */
export function describeChange(change: ChangeView, now: number): string {
	const what = `${change.dev} ${change.kind}`;
	const target = describeValues(change.after);
	const had = describeValues(change.before);
	const why = change.reason ? ` (${reasonTexts[change.reason]})` : '';
	const driver = change.error?.message ? `: ${change.error.message}` : '';
	switch (change.state) {
		case 'PLANNED':
		case 'JOURNALED': {
			return `${what}: ${had} → ${target} journaled as change ${change.id}`;
		}

		case 'ARMED': {
			return `${what}: guard armed for change ${change.id}`;
		}

		case 'APPLYING': {
			return `${what}: applying ${target}`;
		}

		case 'APPLY_FAILED': {
			return `${what}: the driver refused${driver}; reading back`;
		}

		case 'VERIFYING': {
			return `${what}: reading back`;
		}

		case 'AWAIT_CONFIRM': {
			const clamped = change.clamped ? ' (clamped by the driver)' : '';
			return `${what}: now ${describeValues(change.readback)}${clamped}; keep? ${secondsLeft(change, now) ?? '?'} s left`;
		}

		case 'KEPT': {
			const clamped = change.clamped ? ' (clamped by the driver)' : '';
			return `${what}: kept ${describeValues(change.readback ?? change.after)}${clamped}${driver}`;
		}

		case 'REVERTING': {
			const attempt = change.attempts ? `, attempt ${change.attempts + 1}` : '';
			const seen = change.attempts && change.readback ? `; read back ${describeValues(change.readback)}` : '';
			return `${what}: reverting to ${had}${why}${attempt}${seen}`;
		}

		case 'REVERTED': {
			return `${what}: reverted to ${had}${why}${driver}`;
		}

		case 'REVERT_FAILED': {
			return `${what}: REVERT FAILED, still ${describeValues(change.readback)} instead of ${had}${why}${driver}`;
		}

		case 'UNCHANGED': {
			return `${what}: the driver refused ${target}${driver}; device unchanged at ${describeValues(change.readback ?? change.before)}`;
		}

		case 'DIVERGED': {
			return `${what}: ${describeValues(change.readback)} is neither ${had} nor ${target}${why}; not touched`;
		}

		case 'SUPERSEDED': {
			return `${what}: change ${change.id} superseded${why}`;
		}

		case 'ABORTED': {
			return `${what}: not applied${why}${driver}`;
		}
	}
}
