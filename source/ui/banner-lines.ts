// How many lines the change banner takes, so the body above it shrinks and the
// frame stays below the terminal's height.
import type {ChangeView} from '../tuning/types.js';
import {isTerminal} from '../tuning/types.js';

const wrapped = (text: string, columns: number): number => Math.max(1, Math.ceil(text.length / Math.max(20, columns)));

export function bannerLines(change: ChangeView | undefined, notices: readonly string[], columns: number): number {
	let lines = notices.reduce((sum, notice) => sum + wrapped(notice, columns), 0);
	if (change) {
		// Title, the path of states (which may wrap once), then the countdown or the outcome and its reason.
		lines += 2 + 1;
		lines += isTerminal(change.state) ? 2 + (change.error?.message ? 1 : 0) : 1;
	}

	return lines;
}
