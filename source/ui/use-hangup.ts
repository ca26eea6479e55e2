// Reverts a waiting change and exits when the terminal goes away.
import process from 'node:process';
import {useEffect, useRef} from 'react';
import {exitGraceMs, revertThenExit} from './revert-then-exit.js';

/**
 * When the terminal goes away (SIGHUP: the SSH session died) or hvtop is told
 * to stop (SIGTERM), a change that waits for keep must not wait for its
 * deadline: `onHangup` reverts it at once, then the app exits. A second
 * signal, or a revert that takes longer than `graceMs`, exits regardless.
 */
// One process listener per signal, however many dashboards are mounted (tests
// render dozens at once): more would trip Node's MaxListeners warning.
const handlers = new Set<() => void>();
const dispatch = (): void => {
	for (const handler of handlers) {
		handler();
	}
};

function listen(handler: () => void): () => void {
	if (handlers.size === 0) {
		process.on('SIGHUP', dispatch);
		process.on('SIGTERM', dispatch);
	}

	handlers.add(handler);
	return () => {
		handlers.delete(handler);
		if (handlers.size === 0) {
			process.off('SIGHUP', dispatch);
			process.off('SIGTERM', dispatch);
		}
	};
}

export default function useHangup(onHangup: () => Promise<void>, exit: () => void, graceMs = exitGraceMs): void {
	const latest = useRef(onHangup);
	latest.current = onHangup;
	useEffect(() => {
		let handling = false;
		const handler = () => {
			if (handling) {
				exit();
				return;
			}

			handling = true;
			revertThenExit(latest.current, exit, graceMs);
		};

		return listen(handler);
	}, [exit, graceMs]);
}
