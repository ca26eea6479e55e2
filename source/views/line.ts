// The line type the CPU, RSS, VF and advice views are built from: plain text
// (what --once prints and tests read) plus optional coloured segments. One
// <Text> per line keeps Ink fast (see queue-lines.ts).

/** 'warn-dim': a hot queue that is also idle (a tiny total); 'accent': what asks for an answer (the keep countdown). */
export type Tone = 'normal' | 'dim' | 'bold' | 'hot' | 'warn' | 'warn-dim' | 'good' | 'alert' | 'accent';

export type Segment = {
	readonly text: string;
	readonly tone?: Tone;
	/** Colour the segment by this queue's palette colour (the RSS grid). */
	readonly queue?: number;
};

export type ViewLine = {
	/** The whole line as plain text, already fitted to the width. */
	readonly text: string;
	readonly tone?: Tone;
	/** When given, their texts concatenate to `text`. */
	readonly segments?: readonly Segment[];
};

export const line = (text: string, tone?: Tone): ViewLine => (tone ? {text, tone} : {text});

export function segmentsLine(segments: readonly Segment[], tone?: Tone): ViewLine {
	return {text: segments.map(s => s.text).join(''), segments, ...(tone ? {tone} : {})};
}

/** Cut a line to `columns` characters, marking the cut with "…". */
export function fit(text: string, columns: number): string {
	if (text.length <= columns) {
		return text;
	}

	return columns <= 1 ? text.slice(0, Math.max(0, columns)) : `${text.slice(0, columns - 1)}…`;
}

/** Greedy word wrap; words longer than the width are cut. */
export function wrap(text: string, columns: number, indent = ''): string[] {
	const width = Math.max(8, columns - indent.length);
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (current && current.length + 1 + word.length > width) {
			lines.push(current);
			current = '';
		}

		current = current ? `${current} ${word}` : fit(word, width);
	}

	if (current) {
		lines.push(current);
	}

	return lines.map(l => `${indent}${l}`);
}

/** Lines of a list that windowLines shows at once (the last line is its position note). */
export const windowSize = (total: number, maxLines: number): number => (total <= maxLines ? total : Math.max(1, maxLines - 1));

/** A window of `lines` that fits `maxLines`, with a last line saying what was left out. */
export function windowLines(lines: readonly ViewLine[], maxLines: number, scroll = 0, what = 'lines'): ViewLine[] {
	if (lines.length <= maxLines) {
		return [...lines];
	}

	if (maxLines <= 1) {
		return [line(`${lines.length} ${what} (↑↓ scroll)`, 'dim')].slice(0, Math.max(0, maxLines));
	}

	const size = maxLines - 1;
	const start = Math.max(0, Math.min(scroll, lines.length - size));
	return [
		...lines.slice(start, start + size),
		line(`${what} ${start + 1}–${start + size} of ${lines.length} (↑↓ scroll)`, 'dim'),
	];
}

/** Clamp a scroll offset so the window stays within the list. */
export function clampScroll(offset: number, total: number, window: number): number {
	return Math.max(0, Math.min(offset, Math.max(0, total - window)));
}
