// Every non-ASCII glyph the screens draw, in one table with its ASCII twin:
// --ascii and a non-UTF-8 locale get the second column everywhere.

export type Glyphs = {
	readonly arrow: string;
	readonly ellipsis: string;
	readonly pointer: string;
	readonly bullet: string;
	readonly times: string;
	readonly up: string;
	readonly down: string;
	readonly horizontal: string;
	readonly vertical: string;
	readonly topLeft: string;
	readonly topRight: string;
	readonly bottomLeft: string;
	readonly bottomRight: string;
	readonly emDash: string;
	readonly minus: string;
};

const unicode: Glyphs = {
	arrow: '→', ellipsis: '…', pointer: '›', bullet: '•', times: '×', up: '↑', down: '↓',
	horizontal: '─', vertical: '│', topLeft: '╭', topRight: '╮', bottomLeft: '╰', bottomRight: '╯', emDash: '—', minus: '−',
};

const plain: Glyphs = {
	arrow: '->', ellipsis: '...', pointer: '>', bullet: '*', times: 'x', up: '^', down: 'v',
	horizontal: '-', vertical: '|', topLeft: '+', topRight: '+', bottomLeft: '+', bottomRight: '+', emDash: '-', minus: '-',
};

export const glyphs = (ascii: boolean): Glyphs => (ascii ? plain : unicode);

/** Characters outside ASCII mapped to ASCII, for text built elsewhere (advice, banners, help). */
const replacements: ReadonlyArray<readonly [RegExp, string]> = [
	[/→/g, '->'], [/←/g, '<-'], [/↑/g, '^'], [/↓/g, 'v'], [/…/g, '...'], [/›/g, '>'], [/•/g, '*'],
	[/×/g, 'x'], [/[—–]/g, '-'], [/−/g, '-'], [/≈/g, '~'], [/≥/g, '>='], [/≤/g, '<='], [/§/g, 'S'],
	[/[─━]/g, '-'], [/[│┃]/g, '|'], [/[╭╮╰╯┌┐└┘├┤┬┴┼]/g, '+'], [/µ/g, 'u'], [/·/g, '.'], [/±/g, '+-'],
	[/[▁▂▃▄▅▆▇█▏▎▍▌▋▊▉]/g, '#'], [/[“”]/g, '"'], [/[‘’]/g, '\''], [/ /g, ' '], [/ /g, ' '],
];

/** Text with every non-ASCII glyph replaced (anything unknown becomes '?'). */
export function asciiText(text: string): string {
	let out = text;
	for (const [pattern, replacement] of replacements) {
		out = out.replace(pattern, replacement);
	}

	return out.replace(/[^\u0000-\u007F]/g, '?');
}

/** A locale that cannot show UTF-8 (LC_ALL, then LC_CTYPE, then LANG, as setlocale reads them). */
export function localeIsUtf8(env: Readonly<Record<string, string | undefined>>): boolean {
	const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
	if (locale === '') {
		// No locale at all: Node and most terminals still speak UTF-8; only an explicit non-UTF-8 locale turns it off.
		return true;
	}

	return /utf-?8/i.test(locale);
}

// One ASCII character per glyph, so a frame laid out in columns keeps its layout.
const sameWidth = new Map<string, string>([
	...[...'→›»▶'].map(c => [c, '>'] as const), ...[...'←‹«◀'].map(c => [c, '<'] as const),
	['↑', '^'], ['↓', 'v'], ['…', '.'], ['•', '*'], ['·', '.'], ['×', 'x'], ['≈', '~'], ['§', 'S'], ['µ', 'u'],
	...[...'—–−─━╌┄'].map(c => [c, '-'] as const), ...[...'│┃╎┆'].map(c => [c, '|'] as const),
	...[...'╭╮╰╯┌┐└┘├┤┬┴┼'].map(c => [c, '+'] as const),
	['▁', '_'], ['▂', '.'], ['▃', '-'], ['▄', '='], ['▅', '='], ['▆', '*'], ['▇', '#'], ['█', '#'],
	['▏', ' '], ['▎', ' '], ['▍', ' '], ['▌', '#'], ['▋', '#'], ['▊', '#'], ['▉', '#'],
	['“', '"'], ['”', '"'], ['‘', '\''], ['’', '\''], [' ', ' '], [' ', ' '],
]);

/** Every non-ASCII character replaced by one ASCII character (escape sequences are ASCII and pass). */
export function asciiSameWidth(text: string): string {
	return text.replace(/[^\u0000-\u007F]/gu, c => sameWidth.get(c) ?? '?');
}

/**
 * The terminal stream for --ascii / a non-UTF-8 locale: every frame Ink writes
 * passes through asciiSameWidth, so no glyph can reach the terminal, whichever
 * part of the screen drew it.
 */
export function asciiStream<T extends NodeJS.WriteStream>(stream: T): T {
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') {
				return (chunk: unknown, ...rest: unknown[]) =>
					(target.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? asciiSameWidth(chunk) : chunk, ...rest);
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
