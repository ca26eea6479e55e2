// The runner's side effects on the device: apply and read back with the
// settle delays, revert with retries, and the loud report of a failed revert.
// Each takes the runner's state (runner-state.ts) and moves it only through dispatch.
import {appendFile} from 'node:fs/promises';
import {fail, type OpError, type Result} from '../types.js';
import {failWith, opError} from '../errors.js';
import {describeValues} from './plan.js';
import {kindOf, readValues, toRequest} from './kinds/index.js';
import {dispatch, stillCurrent, type RunnerState} from './runner-state.js';
import {revertDecision, verifyValues} from './states.js';
import type {ChangeRequest, Values} from './types.js';

const sleep = async (s: RunnerState, ms: number) => new Promise<void>(resolve => {
	s.timers.setTimeout(resolve, ms);
});

// A VF change reads its own VF instance only: another one is EVFLOST.
const read = async (s: RunnerState) => readValues(s.options.source, s.change.dev, s.change.kind, s.clock.now(), s.change.vf);

const isLost = (result: Result<unknown>): boolean => !result.ok && result.error.code === 'EVFLOST';

/** A VF change whose VF left or was replaced ends here, as LOST (never touching the new one); true when it did. */
function endedLost(s: RunnerState, result: Result<unknown>): boolean {
	if (result.ok || !isLost(result)) {
		return false;
	}

	dispatch(s, {type: 'lost', error: result.error});
	return true;
}

/** For a VF change: why its VF instance is gone now, or undefined while it is still there. */
export async function vfGone(s: RunnerState): Promise<OpError | undefined> {
	if (!s.change.vf) {
		return undefined;
	}

	const now = await read(s);
	return !now.ok && isLost(now) ? now.error : undefined;
}

/** A VF change waiting for keep whose VF instance is gone ends as lost now, with the countdown. */
export async function checkVf(s: RunnerState): Promise<void> {
	if (s.change.state !== 'AWAIT_CONFIRM' || !(await stillCurrent(s))) {
		return;
	}

	const gone = await vfGone(s);
	if (gone && s.change.state === 'AWAIT_CONFIRM' && !s.stale) {
		dispatch(s, {type: 'lost', error: gone});
	}
}

// One set operation, capped by the apply budget: a driver that never answers must not hold the change.
async function setValues(s: RunnerState, request: ChangeRequest): Promise<Result<unknown>> {
	const {budget, timers} = s;
	let timer: unknown;
	const timeout = new Promise<Result<unknown>>(resolve => {
		timer = timers.setTimeout(() => {
			resolve(failWith('ETIMEDOUT', `no answer from the driver within ${Math.round(budget / 1000)} s`));
		}, budget);
	});
	const call = (async (): Promise<Result<unknown>> => {
		try {
			// Never set anything on a VF instance other than the one the change was made on.
			const gone = await vfGone(s);
			if (gone) {
				return {ok: false, error: gone};
			}

			return await kindOf(s.change.kind).apply(s.options.source, s.change.vf?.name ?? s.change.dev, request, s.clock.now());
		} catch (error) {
			return failWith('EIO', (error as Error).message);
		}
	})();
	try {
		return await Promise.race([call, timeout]);
	} finally {
		timers.clearTimeout(timer);
	}
}

export async function applyChange(s: RunnerState): Promise<void> {
	if (s.change.state !== 'ARMED' || !(await stillCurrent(s))) {
		return;
	}

	// Not ARMED any more (aborted or lost while we checked): nothing to apply.
	if (dispatch(s, {type: 'apply'}).state !== 'APPLYING') {
		return;
	}

	// Journal first, enforced: ethtool runs only once APPLYING is on disk.
	if ((await s.writes) !== true) {
		const why = s.writeError ?? opError('EIO', 'cannot write the change journal');
		dispatch(s, {type: 'abort', reason: 'journal', error: {...why, message: `${why.message}; nothing was applied`}});
		return;
	}

	const result = await setValues(s, s.request);
	if (endedLost(s, result)) {
		return;
	}

	if (!result.ok) {
		dispatch(s, {type: 'apply-failed', error: result.error});
		const back = await read(s);
		if (endedLost(s, back)) {
			return;
		}

		// Cannot even read it back: assume the worst and restore.
		dispatch(s, back.ok ? {type: 'readback', values: back.value} : {type: 'readback-failed', error: back.error});
		return;
	}

	dispatch(s, {type: 'applied'});
	let back = await read(s);
	for (const delay of s.verifyDelays) {
		if ((back.ok && verifyValues(s.change, back.value) !== 'mismatch') || isLost(back)) {
			break;
		}

		// eslint-disable-next-line no-await-in-loop -- a read-back waits for the driver to settle
		await sleep(s, delay);
		// eslint-disable-next-line no-await-in-loop -- in turn, as above
		back = await read(s);
	}

	if (endedLost(s, back)) {
		return;
	}

	dispatch(s, back.ok ? {type: 'readback', values: back.value} : {type: 'readback-failed', error: back.error});
}

/** Before undoing a change whose wait ended, see whether the device is gone, already back, or changed by hand. */
async function settledBeforeRevert(s: RunnerState): Promise<boolean> {
	if (await ifindexChanged(s)) {
		dispatch(s, {type: 'diverged', reason: 'device-gone'});
		return true;
	}

	const now = await read(s);
	if (endedLost(s, now)) {
		return true;
	}

	if (!now.ok) {
		if (now.error.code === 'ENODEV') {
			dispatch(s, {type: 'diverged', reason: 'device-gone'});
			return true;
		}

		return false;
	}

	const decision = revertDecision(s.change, now.value);
	if (decision === 'already-before') {
		dispatch(s, {type: 'readback', values: now.value});
		return true;
	}

	if (decision === 'diverged') {
		dispatch(s, {type: 'diverged', reason: 'manual', values: now.value});
		return true;
	}

	return false;
}

export async function runRevert(s: RunnerState, checkFirst: boolean): Promise<void> {
	s.reverting = true;
	if (checkFirst && (await settledBeforeRevert(s))) {
		return;
	}

	const beforeRequest = toRequest(s.change.before);
	for (let attempt = 0; attempt <= s.revertDelays.length; attempt++) {
		// eslint-disable-next-line no-await-in-loop -- each attempt sets, then reads back, before the next
		const result = await setValues(s, beforeRequest);
		// eslint-disable-next-line no-await-in-loop -- in turn, as above
		const back = !result.ok && isLost(result) ? fail<Values>(result.error) : await read(s);
		if (endedLost(s, back)) {
			return;
		}

		if (back.ok && (dispatch(s, {type: 'readback', values: back.value}).state === 'REVERTED')) {
			return;
		}

		const error: OpError = result.ok
			? back.ok
				? opError('EIO', `read back ${describeValues(back.value)}, not ${describeValues(s.change.before)}`)
				: back.error
			: result.error;
		const delay = s.revertDelays[attempt];
		if (delay === undefined) {
			dispatch(s, {type: 'revert-failed', error});
			// eslint-disable-next-line no-await-in-loop -- the failure is reported before the loop ends
			await reportLoudly(s, error);
			return;
		}

		dispatch(s, {type: 'revert-attempt-failed', error, retryAt: s.clock.now() + delay});
		// eslint-disable-next-line no-await-in-loop -- retries wait their turn
		await sleep(s, delay);
	}
}

async function ifindexChanged(s: RunnerState): Promise<boolean> {
	const {options} = s;
	if (options.ifindex === undefined || !options.readIfindex) {
		return false;
	}

	const now = await options.readIfindex(s.change.dev).catch(() => undefined);
	return now !== options.ifindex;
}

async function reportLoudly(s: RunnerState, error: OpError) {
	const {options, change} = s;
	// Only a real device's failure belongs in the kernel log: the model's device is a simulation.
	if (options.kmsg === false || !options.source.needs.kernelLog) {
		return;
	}

	// <3> = KERN_ERR; the console (Azure serial console) shows it even when nobody runs hvtop.
	const line = `<3>hvtop: REVERT FAILED on ${change.dev}: change ${change.id} could not restore ${change.kind} ${describeValues(change.before)}: ${error.message}\n`;
	await appendFile(options.kmsg ?? '/dev/kmsg', line).catch(() => undefined);
}
