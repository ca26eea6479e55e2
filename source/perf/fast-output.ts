// A fast path for Ink's Output.get(), which turns a frame's write operations
// into the text written to the terminal. Ink builds a grid of one object per
// cell (40 × 120 for a dashboard), places every character of every line into
// it, then turns each row back into a string. When the frame is a plain
// column of lines — no clipping, every line written at column 0, no two
// lines on one row — each row is exactly its one line, so the row's text is
// the line's own characters turned back into a string, and the same line
// gives the same text on every frame: it is cached across frames.
// scripts/bundle.ts patches Ink's Output.get() to try this first;
// test/perf/fast-output.test.ts checks it against Ink's own get() on random
// frames, and test/perf/bundle.test.ts compares whole dashboards byte for byte.

type Transformer = (line: string, index: number) => string;

export type OutputOperation =
	| {readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[]}
	| {readonly type: 'clip' | 'unclip'};

/** What Ink's Output holds, as far as get() reads it. */
export type OutputLike = {
	readonly width: number;
	readonly height: number;
	readonly operations: readonly OutputOperation[];
};

/** The tokenizer Ink's Output uses (@alcalzone/ansi-tokenize), passed in by the patch. */
export type Tokenizer = {
	readonly tokenize: (text: string) => unknown;
	readonly styledCharsFromTokens: (tokens: any) => unknown;
	readonly styledCharsToString: (chars: any) => string;
};

// Line → row text. Bounded: a dashboard has a few dozen distinct lines a
// second; starting over now and then costs one frame's work.
const maxCachedLines = 2048;
const rowTexts = new Map<string, string>();

// SGR sequences exactly as the tokenizer takes them (ESC [ digits and
// semicolons, m), around text with no escape character. The text starts with
// printable ASCII: a combining mark there would join the code's final m into
// one grapheme, which the tokenizer drops with the code.
const styledLine = /^((?:\u001B\[[\d;]*m)+)([\u0020-\u007E][^\u001B\u009B]*)((?:\u001B\[[\d;]*m)*)$/;

function rowText(line: string, tokenizer: Tokenizer): string {
	// Without an escape character every character is a token of its own and
	// carries no style: the row is the line itself (most queue rows).
	if (!line.includes('\u001B') && !line.includes('\u009B')) {
		return line.trimEnd();
	}

	// Styles, then text, then codes that end them (a coloured or bold line):
	// every character carries the same styles, so the row is those styles
	// opened, the text, and them closed — read off a one-character stand-in
	// of the same shape, which is cached (a few shapes, many texts).
	const wrapped = styledLine.exec(line);
	if (wrapped) {
		const standIn = tokenizedRow(`${wrapped[1]!}x${wrapped[3]!}`, tokenizer);
		const at = standIn.indexOf('x');
		return `${standIn.slice(0, at)}${wrapped[2]!}${standIn.slice(at + 1)}`.trimEnd();
	}

	return tokenizedRow(line, tokenizer);
}

/** The row as Ink makes it, cached by line. */
function tokenizedRow(line: string, tokenizer: Tokenizer): string {
	let text = rowTexts.get(line);
	if (text === undefined) {
		// As Ink: the row's characters (the blank cells after them add nothing once trimmed).
		text = tokenizer.styledCharsToString(tokenizer.styledCharsFromTokens(tokenizer.tokenize(line))).trimEnd();
		if (rowTexts.size >= maxCachedLines) {
			rowTexts.clear();
		}

		rowTexts.set(line, text);
	}

	return text;
}

/** Ink's get() result, or undefined when the frame is not a plain column of lines (Ink's own get() then runs). */
export function fastOutputGet(output: OutputLike, tokenizer: Tokenizer): {output: string; height: number} | undefined {
	const rows: Array<string | undefined> = Array.from({length: output.height});
	for (const operation of output.operations) {
		if (operation.type !== 'write') {
			return undefined;
		}

		const {text, transformers, x, y} = operation;
		if (!text) {
			continue;
		}

		if (x !== 0) {
			return undefined;
		}

		const lines = text.split('\n');
		// As Ink: a line whose row does not exist is skipped, and so is every
		// line after it (its row counter only moves on a row that exists).
		let offsetY = 0;
		for (const [index, original] of lines.entries()) {
			const row = y + offsetY;
			if (row < 0 || row >= output.height || !Number.isInteger(row)) {
				continue;
			}

			if (rows[row] !== undefined) {
				return undefined;
			}

			let line = original;
			for (const transformer of transformers) {
				line = transformer(line, index);
			}

			rows[row] = line;
			offsetY++;
		}
	}

	return {
		output: rows.map(line => (line === undefined ? '' : rowText(line, tokenizer))).join('\n'),
		height: output.height,
	};
}
