// How many lines each part of the dashboard gets. Ink clears the whole
// terminal every frame once the output reaches the terminal's height, so the
// frame is kept at most rows − 1 lines tall.

export const headerLines = 4;
export const maxErrorLines = 2;
/** Below the body: errors, the advice line, the status line and the key hints. */
export const footerLines = maxErrorLines + 1 + 1 + 1;

/** Lines left for the body (a view, the advice panel) under the header and above the footer. */
export function bodyLinesFor(rows: number, extraLines = 0): number {
	return Math.max(3, rows - 1 - headerLines - footerLines - extraLines);
}

/** The queue table's own lines around its rows: column header, totals, notes. */
export const queueTableChrome = 3;

export function queueRowsFor(rows: number, extraLines = 0): number {
	return Math.max(1, bodyLinesFor(rows, extraLines) - queueTableChrome);
}

/** Clamp a scroll offset so the window stays within the list. */
export function clampScroll(offset: number, total: number, window: number): number {
	return Math.max(0, Math.min(offset, Math.max(0, total - window)));
}
