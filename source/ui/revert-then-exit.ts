// "Get me out" with a change waiting (Ctrl-C, or the terminal gone): revert
// it, then exit; within `graceMs` whatever the revert does, so a hung device
// never keeps hvtop on screen. One path for Ctrl-C (app.tsx) and a hang-up (use-hangup.ts).
import {timerScheduler, type Scheduler} from '../clock.js';

/** How long a revert may hold up the exit. */
export const exitGraceMs = 5000;

export function revertThenExit(revert: () => Promise<unknown>, exit: () => void, graceMs = exitGraceMs, schedule: Scheduler = timerScheduler): void {
	const cancel = schedule(exit, graceMs);
	void revert().catch(() => undefined).finally(() => {
		cancel();
		exit();
	});
}
