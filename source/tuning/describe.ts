// Words for states and reasons, shared by the banner and the plain output so
// both say the same thing.
import {describeValues} from './plan.js';
import type {RecoveryOutcome} from './recovery.js';
import {isTerminal, type ChangeState, type ChangeView, type Reason} from './types.js';
import {changeSubject, kindOf, restoreCommand} from './kinds/index.js';

export {changeSubject, restoreCommand} from './kinds/index.js';

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
	LOST: 'lost with the VF',
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
	'vf-gone': 'the VF was removed or replaced (host servicing)',
};

export const secondsLeft = (change: ChangeView, now: number): number | undefined =>
	change.deadline === undefined ? undefined : Math.max(0, Math.ceil((change.deadline - now) / 1000));

/** What the device read back when it was not what was asked, in the kind's words when it has some. */
function shortfall(change: ChangeView): string {
	const {granted, after} = change;
	if (!granted) {
		return '';
	}

	return kindOf(change.kind).shortfall?.(granted, after) ?? `: read back ${describeValues(granted)}, asked ${describeValues(after)}`;
}

/** Why a change ended, with what was seen when the read-back is the reason. */
export const whyText = (change: ChangeView): string =>
	change.reason ? `${reasonTexts[change.reason]}${change.reason === 'readback' ? shortfall(change) : ''}` : '';

const waitText = (change: ChangeView, now: number): string => {
	if (!change.attempts) {
		return '';
	}

	const failed = `; attempt ${change.attempts} failed${change.error?.message ? ` (${change.error.message})` : ''}`;
	const next = change.retryAt === undefined ? '' : `, attempt ${change.attempts + 1} in ${Math.max(0, Math.ceil((change.retryAt - now) / 1000))} s`;
	const seen = change.readback ? `; the device reads ${describeValues(change.readback)}` : '';
	return `${failed}${next}${seen}`;
};

/** A revert that failed at least once and is trying again. */
export const retrying = (change: ChangeView): boolean => change.state === 'REVERTING' && (change.attempts ?? 0) > 0;

/** The banner's outcome line: the state's label, then the whole story (REVERT FAILED is said once, by the story). */
export const outcomeLine = (change: ChangeView, now: number): string =>
	change.state === 'REVERT_FAILED' || change.state === 'REVERTING' ? describeChange(change, now) : `${stateLabels[change.state]}: ${describeChange(change, now)}`;

/** One line saying where the change stands, for plain output and the banner. */
export function describeChange(change: ChangeView, now: number): string {
	const what = changeSubject(change);
	const target = describeValues(change.after);
	const had = describeValues(change.before);
	const why = change.reason ? ` (${whyText(change)})` : '';
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
			return `${what}: reverting to ${had}${why}${waitText(change, now)}`;
		}

		case 'REVERTED': {
			return `${what}: reverted to ${had}${why}${driver}`;
		}

		case 'REVERT_FAILED': {
			const now_ = change.readback ? `The device is at ${describeValues(change.readback)}` : 'The device could not be read back';
			return `${what}: REVERT FAILED${why}${driver}. ${now_}, it was ${had}. `
				+ `Recover by hand: ${restoreCommand(change)}, then check with: hvtop --device ${change.dev} --once`;
		}

		case 'UNCHANGED': {
			if (change.error?.code === 'ETIMEDOUT') {
				// netvsc stops TX before it drains the rings; a drain that times out leaves it stopped.
				return `${what}: the driver timed out draining the queues${driver}; still ${describeValues(change.readback ?? change.before)}, but TX is stopped: `
					+ `${change.dev} needs attention — check its traffic (hvtop --device ${change.dev}); ip link set ${change.dev} down, then up, restarts TX`;
			}

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

		case 'LOST': {
			// Said plainly: the setting went with the VF, and nothing was done to the one that came back.
			return `${what}: LOST, neither kept nor reverted${why}${driver}. The ${target} set on ${change.vf?.name ?? 'the VF'} left with it; `
				+ 'a VF that comes back starts from the driver\'s defaults, and hvtop changed nothing on it';
		}
	}
}

/** The line left in the terminal for each change when the dashboard quits (as `netplan try` does). */
export function quitLine(change: ChangeView, now: number): string {
	if (isTerminal(change.state)) {
		return `change ${change.id}: ${describeChange(change, now)}`;
	}

	const pending = `change ${change.id}: ${changeSubject(change)} ${describeValues(change.before)} → ${describeValues(change.after)} left pending (${stateLabels[change.state]})`;
	return `${pending}: its guard reverts it${change.deadline === undefined ? '' : ` in ${secondsLeft(change, now) ?? '?'} s`} unless kept; undo it now with: hvtop rollback ${change.dev}`;
}

/**
 * One line per recovery finding: at the start of `set` and `rollback` (`plain`), and in the
 * dashboard's banner (`dashboard`: keys answer a change still waiting).
 */
export function describeRecovery(outcome: RecoveryOutcome, now: number, audience: 'plain' | 'dashboard' = 'plain'): string | undefined {
	const dashboard = audience === 'dashboard';
	switch (outcome.kind) {
		case 'none': {
			return undefined;
		}

		case 'pending': {
			const left = outcome.secondsLeft === undefined ? '' : `, ${outcome.secondsLeft} s left`;
			return dashboard
				? `${outcome.dev}: change ${outcome.record.id} is still waiting (its guard is running${left}): y keeps it, n reverts it`
				: `${outcome.dev}: change ${outcome.record.id} is still pending (${outcome.record.state}${left})`;
		}

		case 'resolved': {
			return dashboard
				? `unfinished change found at start: ${describeChange(outcome.change, now)}`
				: `${outcome.dev}: found unfinished change ${outcome.change.id}: ${describeChange(outcome.change, now)}`;
		}

		case 'unresolved': {
			return `${outcome.dev}: ${outcome.record ? `unfinished change ${outcome.record.id} left alone: ` : ''}${outcome.message}`;
		}

		case 'alarm': {
			const {record} = outcome;
			return dashboard
				? `REVERT FAILED earlier on ${outcome.dev} (change ${record.id}, ${record.ts}): ${record.result?.message ?? 'unknown error'}`
				: `WARNING ${outcome.dev}: change ${record.id} FAILED TO REVERT at ${record.ts}: ${record.result?.message ?? 'unknown error'}; it was ${describeValues(record.before)}: ${restoreCommand({dev: outcome.dev, kind: record.kind, before: record.before, after: record.after, ...(record.vf ? {vf: record.vf} : {})})}`;
		}
	}
}
