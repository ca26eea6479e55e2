// A fast path for string-width, which Ink calls on every line of every frame.
// Outside printable ASCII, string-width segments graphemes and runs Unicode
// property regexes per character; for a 64-queue table drawn with block
// characters that was half of each frame's CPU. Text made only of the
// characters below is exactly one column per UTF-16 unit: each is narrow
// (East Asian Width N/Na, or A counted narrow, string-width's default), none
// is an emoji, and none joins a neighbour into one grapheme. The list leaves
// out ©, ®, ‼, ⁉, ↔–↙, ↩, ↪ (emoji in some string-width versions) and the
// soft hyphen (zero width). test/perf/narrow-width.test.ts checks every
// character against the installed string-width copies.
const narrowText = /^[\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u00FF\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2500-\u259F]*$/;
const escapeStart = /[\u001B\u009B]/;

export type WidthOptions = {readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean};

/**
 * The width string-width would give, when it is cheap to know; undefined
 * means "ask string-width". `stripAnsi` is string-width's own ANSI stripper.
 */
export function narrowWidth(input: unknown, options: WidthOptions | undefined, stripAnsi: (text: string) => string): number | undefined {
	if (typeof input !== 'string' || options?.countAnsiEscapeCodes || options?.ambiguousIsNarrow === false) {
		return undefined;
	}

	const text = escapeStart.test(input) ? stripAnsi(input) : input;
	return narrowText.test(text) ? text.length : undefined;
}

// The same characters plus ESC (escape sequences are made of ASCII): each
// UTF-16 unit of such text is a grapheme cluster of its own.
const singleUnits = /^[\u001B\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u00FF\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2500-\u259F]*$/;

/** Whether every UTF-16 unit of `text` is a grapheme of its own (Intl.Segmenter would split it per unit). */
export function singleUnitText(text: string): boolean {
	return singleUnits.test(text);
}

/** The segments Intl.Segmenter gives for single-unit text, without ICU. */
export function units(text: string): Array<{segment: string; index: number}> {
	const out = new Array<{segment: string; index: number}>(text.length);
	for (let index = 0; index < text.length; index++) {
		out[index] = {segment: text[index]!, index};
	}

	return out;
}
