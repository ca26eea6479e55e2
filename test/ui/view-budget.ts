// The two terminal sizes every view is checked at, and the lines the lead's
// dashboard leaves a view: rows − 1 (Ink) − 4 (header) − 2 (status, hints).
export const sizes = [
	{columns: 100, rows: 30},
	{columns: 80, rows: 24},
] as const;

export const viewLines = (rows: number): number => rows - 1 - 4 - 2;

/** The frame's lines, checked against the budget by the caller. */
export const frameLines = (frame: string | undefined): string[] => (frame ?? '').split('\n');
