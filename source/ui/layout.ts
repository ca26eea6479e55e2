// How many lines each part of the dashboard gets. Ink clears the whole
// terminal every frame once the output reaches the terminal's height, so the
// frame is kept at most rows − 1 lines tall.
import {queueWindow} from '../views/queues.js';

export const headerLines = 4;
export const maxErrorLines = 2;
/** Below the body: errors, the advice line, the status line and the key hints. */
export const footerLines = maxErrorLines + 1 + 1 + 1;

/** Lines left for the body (a view, the advice panel) under the header and above the footer. */
export function bodyLinesFor(rows: number, extraLines = 0): number {
	return Math.max(3, rows - 1 - headerLines - footerLines - extraLines);
}

export function queueRowsFor(rows: number, extraLines = 0): number {
	return queueWindow(bodyLinesFor(rows, extraLines));
}

export {clampScroll} from '../views/line.js';
