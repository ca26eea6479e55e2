// Waiting helpers for ink-testing-library: poll for a condition instead of
// sleeping a fixed time, so UI tests stay reliable on a loaded machine.
// How long a wait may take before it fails. Generous on purpose: a wait returns as soon as
// its condition holds, so the limit costs nothing unless something is wrong — and a machine
// with both cores busy (six busy loops, other test runs) must not turn slow into failed.
export const patience = 60_000;

export const delay = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = patience): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(5);
	}
}

/** Resolves with the first frame matching `pattern`. */
export async function waitForFrame(lastFrame: () => string | undefined, pattern: RegExp, timeoutMs = patience): Promise<string> {
	let frame = '';
	try {
		await waitUntil(() => pattern.test(frame = lastFrame() ?? ''), String(pattern), timeoutMs);
	} catch {
		throw new Error(`no frame matched ${String(pattern)}; last frame:\n${frame}`);
	}

	return frame;
}

type Loop = {readonly clock: {advance(ms: number): void}; readonly schedule: {pending(): number; runPending(): boolean}};

/**
 * The app's loop moved on by `count` ticks of a second on its injected clock:
 * each waits until the loop waits, advances the clock, runs the tick and waits
 * until the loop waits again (the tick's reading and frame are done).
 */
export function ticker({clock, schedule}: Loop): (count?: number) => Promise<void> {
	return async (count = 1) => {
		for (let i = 0; i < count; i++) {
			// eslint-disable-next-line no-await-in-loop
			await waitUntil(() => schedule.pending() === 1, 'the loop to wait');
			clock.advance(1000);
			schedule.runPending();
			// eslint-disable-next-line no-await-in-loop
			await waitUntil(() => schedule.pending() === 1, 'the tick to finish');
		}
	};
}
