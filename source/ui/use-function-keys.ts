// Function keys for the htop habits (F1 help, F10 quit). Ink's useInput hands
// F1–F12 over as an empty input with no key named, so this hook reads the
// same raw input Ink parsed and names the key by its escape sequence.
import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';

// xterm and VT220 (ESC O P … / ESC [ 11 ~ …) and the Linux console's F1–F5 (ESC [ [ A …).
const sequences: ReadonlyMap<string, number> = new Map([
	...['P', 'Q', 'R', 'S'].map((letter, i) => [`\u001BO${letter}`, i + 1] as const),
	...['A', 'B', 'C', 'D', 'E'].map((letter, i) => [`\u001B[[${letter}`, i + 1] as const),
	...[11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24].map((code, i) => [`\u001B[${code}~`, i + 1] as const),
]);

/** The function key a chunk of terminal input is, when it is exactly one. */
export const functionKeyOf = (data: string): number | undefined => sequences.get(data);

/** Calls `onKey(n)` for each function key Fn typed while `isActive`. */
export default function useFunctionKeys(onKey: (n: number) => void, isActive = true): void {
	const {internal_eventEmitter: input} = useStdin();
	// The newest callback, without re-subscribing on every render.
	const latest = useRef(onKey);
	latest.current = onKey;
	useEffect(() => {
		if (!isActive) {
			return;
		}

		const listener = (data: unknown) => {
			const n = typeof data === 'string' ? functionKeyOf(data) : undefined;
			if (n !== undefined) {
				latest.current(n);
			}
		};

		input.on('input', listener);
		return () => {
			input.removeListener('input', listener);
		};
	}, [input, isActive]);
}
