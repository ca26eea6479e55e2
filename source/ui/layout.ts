// How many lines each part of the dashboard gets. Ink clears the whole
// terminal every frame once the output reaches the terminal's height, so the
// frame is kept at most rows − 1 lines tall.

export const headerLines = 4;
export const fixedLines = headerLines + 1 /* table header */ + 1 /* totals */ + 1 /* table notes */ + 1 /* status */ + 1 /* key hints */;
export const maxErrorLines = 2;

export function queueRowsFor(rows: number, extraLines = 0): number {
	return Math.max(1, rows - 1 - fixedLines - maxErrorLines - extraLines);
}

/** Clamp a scroll offset so the window stays within the list. */
export function clampScroll(offset: number, total: number, window: number): number {
	return Math.max(0, Math.min(offset, Math.max(0, total - window)));
}
