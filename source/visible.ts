// Strings from outside (interface names, `ethtool -i` strings, ethtool's
// error text, sysfs contents, journal records) are shown, never obeyed: the
// kernel accepts ESC and BEL in interface names, so a name can carry an OSC 52
// clipboard write or a title change. Before anything reaches a terminal, C0
// controls, DEL, C1 controls and the Unicode bidi/line controls are written
// out as `\xHH` or `\uHHHH` (lowercase hex, the way JavaScript spells them).
// `--json` is not passed through here: JSON escapes controls itself, and
// scripts get the exact bytes.

// C0 (incl. TAB, LF, CR, ESC, BEL), DEL, C1 (incl. CSI 0x9b, OSC 0x9d), the
// Arabic letter mark, LRM/RLM, line/paragraph separators, the bidi embeddings
// and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;
const unsafeAll = new RegExp(unsafe.source, 'g');
const unsafeButNewline = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g;

function escape(char: string): string {
	const code = char.codePointAt(0)!;
	return code < 0x1_00 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text safe to print: every control character escaped visibly (newlines too). */
export function visible(text: string): string {
	return unsafe.test(text) ? text.replace(unsafeAll, escape) : text;
}

/** Text of several lines (output we composed around outside strings): the same, but newlines stay. */
export function visibleLines(text: string): string {
	return unsafe.test(text) ? text.replace(unsafeButNewline, escape) : text;
}

/** Whether a string would print as itself. */
export const isVisibleSafe = (text: string): boolean => !unsafe.test(text);

// JSON.stringify escapes C0 but prints DEL, C1 and the bidi controls as they
// are; those can only stand inside JSON strings, where \uHHHH is the same value.
const unsafeInJson = /[\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g;
const jsonEscape = (char: string): string => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`;

/** A JSON text (from JSON.stringify) safe to print and still exactly the same value. */
export function visibleJson(json: string): string {
	return unsafe.test(json) ? json.replace(unsafeInJson, jsonEscape) : json;
}
