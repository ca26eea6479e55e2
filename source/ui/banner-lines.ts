// How many lines the change banner takes, so the body above it shrinks and the
// frame stays below the terminal's height. Mirrors ChangeBanner's lines and
// their wrapping (the banner's box also clips to this height).
import {outcomeLine, retrying, stateLabels} from '../tuning/describe.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';

const wrapped = (text: string, columns: number): number => Math.max(1, Math.ceil([...text].length / Math.max(20, columns)));

export function bannerLines(change: ChangeView | undefined, notices: readonly string[], columns: number, now: number): number {
	let lines = notices.reduce((sum, notice) => sum + wrapped(notice, columns), 0);
	if (!change) {
		return lines;
	}

	const done = isTerminal(change.state);
	const path = change.history.map(h => stateLabels[h.state]).join(' → ');
	lines += 1 + wrapped(`  ${path}`, columns);
	if (change.state === 'AWAIT_CONFIRM') {
		lines += 1;
	}

	if (done || retrying(change)) {
		lines += wrapped(outcomeLine(change, now), columns);
	}

	return lines;
}
