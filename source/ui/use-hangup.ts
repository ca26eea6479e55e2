import {useEffect, useRef} from 'react';

/**
 * When the terminal goes away (SIGHUP: the SSH session died) or hvtop is told
 * to stop (SIGTERM), a change that waits for keep must not wait for its
 * deadline: `onHangup` reverts it at once, then the app exits. A second
 * signal, or a revert that takes longer than `graceMs`, exits regardless.
 */
export default function useHangup(onHangup: () => Promise<void>, exit: () => void, graceMs = 5000): void {
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
			const timer = setTimeout(exit, graceMs);
			void latest.current().catch(() => undefined).finally(() => {
				clearTimeout(timer);
				exit();
			});
		};

		process.on('SIGHUP', handler);
		process.on('SIGTERM', handler);
		return () => {
			process.off('SIGHUP', handler);
			process.off('SIGTERM', handler);
		};
	}, [exit, graceMs]);
}
