// Every key the dashboard gets, one at a time: Ink's input (a burst split key
// by key, keymap.ts oneByOne) and the function keys Ink does not name.
import {useInput} from 'ink';
import {oneByOne, type KeyFlags} from './keymap.js';
import useFunctionKeys from './use-function-keys.js';

export default function useKeys(handleKey: (input: string, key: KeyFlags) => void): void {
	useInput((input, key) => {
		for (const [one, flags] of oneByOne(input, key)) {
			handleKey(one, flags);
		}
	});
	useFunctionKeys(n => {
		handleKey('', {fn: n});
	});
}
