// Waiting helpers for ink-testing-library: poll for a condition instead of
// sleeping a fixed time, so UI tests stay reliable on a loaded machine.
export const delay = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
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
export async function waitForFrame(lastFrame: () => string | undefined, pattern: RegExp, timeoutMs = 3000): Promise<string> {
	let frame = '';
	try {
		await waitUntil(() => pattern.test(frame = lastFrame() ?? ''), String(pattern), timeoutMs);
	} catch {
		throw new Error(`no frame matched ${String(pattern)}; last frame:\n${frame}`);
	}

	return frame;
}
