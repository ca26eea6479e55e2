// source/perf/fast-output.ts must give exactly what Ink's own Output.get()
// gives, whenever it answers at all. Ink's Output is loaded from its build
// directory (Ink exports only its entry point); the tokenizer is the one it
// imports.
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import test from 'ava';
import fc from 'fast-check';
import Output from '../../node_modules/ink/build/output.js';
import {fastOutputGet} from '../../source/perf/fast-output.js';

const tokenizer = {tokenize, styledCharsFromTokens, styledCharsToString};
const escape = '\u001B[';

type Transformer = (line: string, index: number) => string;
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; x1: number; x2: number; y1: number; y2: number}
	| {type: 'unclip'};

function frame(width: number, height: number, operations: readonly Operation[]): Output {
	const output = new Output({width, height});
	for (const operation of operations) {
		if (operation.type === 'write') {
			output.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
		} else if (operation.type === 'clip') {
			output.clip({x1: operation.x1, x2: operation.x2, y1: operation.y1, y2: operation.y2});
		} else {
			output.unclip();
		}
	}

	return output;
}

// Text as Ink's <Text> produces it: ASCII, box and block characters, wide and
// combined graphemes, emoji, and SGR codes that open, close and reset styles.
const piece = fc.constantFrom(
	'a', 'Q', ' ', '0', '%', '│', '─', '▆', '█', '→', 'é', 'e\u0301', '漢', '👍', '\t', '\u009B', '\u009B[31m', '\u009B[0m', '\u001B', '\u001B[', '\u0000', '\u0301', '\u200D', '\uFE0F', '\u001B[m', '\u001B[1;31m',
	`${escape}31m`, `${escape}39m`, `${escape}1m`, `${escape}22m`, `${escape}2m`, `${escape}7m`, `${escape}27m`, `${escape}0m`, `${escape}38;5;208m`, `${escape}33m`,
);
const code = fc.constantFrom(`${escape}31m`, `${escape}39m`, `${escape}1m`, `${escape}22m`, `${escape}2m`, `${escape}0m`, `${escape}m`, `${escape}1;33m`, `${escape}38;5;208m`, `${escape}7m`);
// Also lines shaped as <Text color> makes them: codes, text, codes.
const wrappedLine = fc.tuple(fc.array(code, {minLength: 1, maxLength: 3}), fc.array(piece, {maxLength: 20}), fc.array(code, {maxLength: 3}))
	.map(([open, body, close]) => `${open.join('')}${body.join('')}${close.join('')}`);
const line = fc.oneof(fc.array(piece, {maxLength: 40}).map(pieces => pieces.join('')), wrappedLine);
const text = fc.array(line, {minLength: 1, maxLength: 4}).map(lines => lines.join('\n'));
const transformer = fc.constantFrom<Transformer[]>(
	[],
	[(l: string) => `${escape}33m${l}${escape}39m`],
	[(l: string) => `${escape}2m${l}${escape}22m`, (l: string, i: number) => (i === 0 ? `${escape}1m${l}${escape}22m` : l)],
);
const write = fc.record({
	type: fc.constant('write' as const),
	x: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: -1, max: 3})),
	y: fc.integer({min: -2, max: 12}),
	text,
	transformers: transformer,
});
const clip = fc.record({type: fc.constant('clip' as const), x1: fc.integer({min: 0, max: 5}), x2: fc.integer({min: 5, max: 30}), y1: fc.integer({min: 0, max: 3}), y2: fc.integer({min: 3, max: 12})});
const operations = fc.array(fc.oneof({weight: 8, arbitrary: write}, {weight: 1, arbitrary: clip}, {weight: 1, arbitrary: fc.constant({type: 'unclip' as const})}), {maxLength: 12});

test('whenever the fast path answers, it is Ink\'s own answer, byte for byte', t => {
	let answered = 0;
	fc.assert(fc.property(fc.integer({min: 1, max: 30}), fc.integer({min: 0, max: 10}), operations, (width, height, ops) => {
		const output = frame(width, height, ops);
		const fast = fastOutputGet(output as never, tokenizer);
		if (fast !== undefined) {
			answered++;
			t.deepEqual(fast, output.get());
		}
	}), {numRuns: 3000});
	// The property is not vacuous: many frames took the fast path.
	t.true(answered > 300, `only ${answered} of 3000 frames took the fast path`);
});

test('a column of styled lines takes the fast path, the same lines again come from the cache', t => {
	const lines = ['hvtop demo-vm  MODEL', ' Q  CPU   rx pps', '  0    0    39.0k ▆▆▆▆', 'errors: tx_send_full 3 +1/s'];
	const ops: Operation[] = lines.map((l, y) => ({type: 'write', x: 0, y, text: l, transformers: y === 2 ? [(s: string) => `${escape}33m${s}${escape}39m`] : []}));
	const first = fastOutputGet(frame(100, 6, ops) as never, tokenizer);
	t.deepEqual(first, frame(100, 6, ops).get());
	t.deepEqual(fastOutputGet(frame(100, 6, ops) as never, tokenizer), first);
});

test('clipping, a line not at column 0, or two lines on one row leave the frame to Ink', t => {
	const write = (x: number, y: number, text: string): Operation => ({type: 'write', x, y, text, transformers: []});
	t.is(fastOutputGet(frame(20, 3, [{type: 'clip', x1: 0, x2: 10, y1: 0, y2: 2}, write(0, 0, 'abc'), {type: 'unclip'}]) as never, tokenizer), undefined);
	t.is(fastOutputGet(frame(20, 3, [write(2, 0, 'abc')]) as never, tokenizer), undefined);
	t.is(fastOutputGet(frame(20, 3, [write(0, 0, 'abc'), write(0, 0, 'x')]) as never, tokenizer), undefined);
});
