// The fast paths of source/perf/narrow-width.ts must give exactly what
// string-width and Intl.Segmenter give, for every installed string-width
// copy the bundle wraps.
import {existsSync} from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import stripAnsi from 'strip-ansi';
import {narrowWidth, singleUnitText, units} from '../../source/perf/narrow-width.js';

type Width = (text: string, options?: object) => number;

const copies = ['string-width', 'wrap-ansi/node_modules/string-width', 'cliui/node_modules/string-width'];

async function loadCopies(): Promise<Array<[string, Width]>> {
	const out: Array<[string, Width]> = [];
	for (const name of copies) {
		const file = new URL(`../../node_modules/${name}/index.js`, import.meta.url);
		if (existsSync(file)) {
			// eslint-disable-next-line no-await-in-loop
			out.push([name, ((await import(file.href)) as {default: Width}).default]);
		}
	}

	return out;
}

const widths = await loadCopies();
const segmenter = new Intl.Segmenter();
// Every BMP character the fast path might take, and some it must not.
const candidates: string[] = [];
for (let code = 0; code <= 0x2FFF; code++) {
	if (code < 0xD800 || code > 0xDFFF) {
		candidates.push(String.fromCodePoint(code));
	}
}

const narrow = candidates.filter(character => narrowWidth(character, undefined, stripAnsi) !== undefined);

test('string-width is installed where the bundle expects it', t => {
	t.true(widths.length >= 1);
	t.is(widths[0]![0], 'string-width');
});

test('every character taken by the fast path is one column for every string-width copy', t => {
	t.true(narrow.length > 500);
	for (const [name, width] of widths) {
		const wrong = narrow.filter(character => width(character) !== 1);
		t.deepEqual(wrong.map(character => character.codePointAt(0)!.toString(16)), [], name);
	}
});

test('the fast path leaves out what string-width counts otherwise', t => {
	for (const character of ['\u00A9', '\u00AD', '\u203C', '\u2194', '\u21A9', '\t', '\u001B', '中', '\u0301', '\u200D']) {
		t.is(narrowWidth(character, undefined, stripAnsi), undefined, character.codePointAt(0)!.toString(16));
	}

	t.is(narrowWidth('abc', {countAnsiEscapeCodes: true}, stripAnsi), undefined);
	t.is(narrowWidth('abc', {ambiguousIsNarrow: false}, stripAnsi), undefined);
	t.is(narrowWidth(42, undefined, stripAnsi), undefined);
});

const text = fc.array(fc.oneof(
	fc.constantFrom(...narrow),
	fc.constantFrom('\u001B[1m', '\u001B[33m', '\u001B[39m', '\u001B[22m', '\u001B[7m', '\u001B]8;;https://x.test\u0007', '\u001B]8;;\u0007'),
	fc.constantFrom('中', '😀', 'e\u0301', '\u200D', '\u00AD', '\u2194', '\t', '👍🏽'),
), {maxLength: 60}).map(parts => parts.join(''));

test('on any text, the fast path agrees with every string-width copy or steps aside', t => {
	fc.assert(fc.property(text, input => {
		const fast = narrowWidth(input, undefined, stripAnsi);
		return fast === undefined || widths.every(([, width]) => width(input) === fast);
	}), {numRuns: 2000});
	t.pass();
});

test('single-unit text segments exactly as Intl.Segmenter does', t => {
	fc.assert(fc.property(text, input => {
		if (!singleUnitText(input)) {
			return true;
		}

		const expected = [...segmenter.segment(input)].map(({segment, index}) => ({segment, index}));
		return JSON.stringify(units(input)) === JSON.stringify(expected);
	}), {numRuns: 2000});
	t.false(singleUnitText('e\u0301'));
	t.false(singleUnitText('a\u200Db'));
	t.true(singleUnitText('\u001B[33m  0    0 ████▌ ▁▂▃\u001B[39m'));
});
