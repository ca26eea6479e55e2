// The SVG renderer: text on the cell grid, block and box glyphs as shapes.
import test from 'ava';
import type {Cell} from '../../scripts/media/frames.js';
import {replayFrames} from '../../scripts/media/frames.js';
import {glyphFor} from '../../scripts/media/glyphs.js';
import {paletteColor, theme} from '../../scripts/media/palette.js';
import {layout, renderAnimation, renderRow} from '../../scripts/media/svg.js';

const cells = (text: string, style: Partial<Cell> = {}): Cell[] => [...text].map((char, col) => ({
	char, width: 1, col, fg: theme.foreground, bg: undefined, bold: false, italic: false, underline: false, strike: false, ...style,
}));

test('text keeps its column: leading spaces move x, inner spaces stay', t => {
	const row = renderRow(cells('  a  b   '));
	t.is(row, `<text x="${2 * layout.cellWidth}" y="${layout.baseline}" textLength="${Math.round(4 * layout.cellWidth * 100) / 100}">a  b</text>`);
});

test('block elements are rectangles of the cell, box lines are strokes', t => {
	t.deepEqual(glyphFor('▄'), {kind: 'fill', boxes: [[0, 0.5, 1, 1]]});
	t.deepEqual(glyphFor('▌'), {kind: 'fill', boxes: [[0, 0, 0.5, 1]]});
	t.deepEqual(glyphFor('┼'), {kind: 'lines', arms: [1, 1, 1, 1]});
	const row = renderRow(cells('█─x'));
	t.regex(row, /^<path fill="#c8ccd4" shape-rendering="crispEdges" d="M0 0h8\.43v17H0z"\/><path fill="none" stroke="#c8ccd4"/);
	t.true(renderRow(cells('██▌')).includes('d="M0 0h21.08v17H0z"'), 'a bar is one rectangle');
	t.true(row.endsWith('<text x="16.86" y="13">x</text>'));
	t.false(row.includes('█'));
});

test('markup in the screen is escaped; colours, bold and backgrounds carried', t => {
	const row = renderRow(cells('<&>', {fg: '#ff0000', bold: true, bg: '#000000'}));
	t.true(row.startsWith('<path fill="#000000"'));
	t.true(row.includes('fill="#ff0000" font-weight="bold"'));
	t.true(row.includes('>&lt;&amp;&gt;</text>'));
});

test('the 256-colour palette: ANSI theme, cube and grey ramp', t => {
	t.is(paletteColor(1), theme.ansi[1]);
	t.is(paletteColor(16), '#000000');
	t.is(paletteColor(196), '#ff0000');
	t.is(paletteColor(244), '#808080');
});

test('replay: frames per instant, SGR resolved, the animation steps through them', async t => {
	const cast = {header: {version: 2 as const, width: 10, height: 2}, events: [[0, 'a'], [500, '\u001B[7mb\u001B[0m\u001B[2;1H\u001B[2;31mc'], [500, 'd'], [1200, '']] as Array<[number, string]>};
	const frames = await replayFrames(cast);
	t.deepEqual(frames.map(frame => frame.at), [0, 500]);
	t.deepEqual(frames[1]!.text, ['ab', 'cd']);
	const b = frames[1]!.rows[0]![1]!;
	t.is(b.fg, theme.background);
	t.is(b.bg, theme.foreground);
	t.not(frames[1]!.rows[1]![0]!.fg, theme.ansi[1], 'dim red is mixed towards the background');
	const svg = renderAnimation(frames, {cols: 10, rows: 2, durationMs: 1200});
	t.regex(svg, /#film\{animation:film 1\.2s steps\(1,end\) infinite\}@keyframes film\{0%\{transform:translateX\(0px\)\}41\.67%\{transform:translateX\(-84\.3px\)\}\}/);
});
