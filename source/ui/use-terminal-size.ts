import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type TerminalSize = {readonly columns: number; readonly rows: number};

/**
 * The terminal's size, kept in state from 'resize' events: Ink re-lays out
 * width by itself but never height, and the frame must stay below the rows.
 */
export default function useTerminalSize(fixed?: Partial<TerminalSize>): TerminalSize {
	const {stdout} = useStdout();
	const read = (): TerminalSize => ({
		columns: fixed?.columns ?? (stdout.columns || 80),
		rows: fixed?.rows ?? (stdout.rows || 24),
	});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => {
			// A terminal reflows what is on screen when it resizes, so Ink's erase of
			// its last frame misses lines and leaves debris: start from a clean screen.
			if (stdout.isTTY) {
				stdout.write('\u001B[2J\u001B[H');
			}

			setSize(read());
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout, fixed?.columns, fixed?.rows]);
	return size;
}
