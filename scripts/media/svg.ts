// Screens → SVG. An animated SVG is a film strip of frames moved by one CSS
// keyframe list (steps, so no frame is ever half-shown); rows that repeat
// between frames are defined once and reused. A still is one frame alone.
// Everything is a pure function of the frames: same cast, same bytes.
import type {Cell, Frame} from './frames.js';
import {glyphFor, type Arm, type Box} from './glyphs.js';
import {theme} from './palette.js';

export const layout = {
	fontSize: 14,
	/** DejaVu Sans Mono and Menlo advance 0.602 em. */
	cellWidth: 8.43,
	cellHeight: 17,
	baseline: 13,
	padding: 14,
	titleBar: 26,
	fontFamily: '\'DejaVu Sans Mono\', Menlo, \'Cascadia Mono\', Consolas, \'Liberation Mono\', monospace',
} as const;

const stroke: Record<Exclude<Arm, 0>, number> = {1: 1.2, 2: 2.4};

/** Numbers as short as they can be, and the same on every machine. */
const n = (value: number): string => String(Math.round(value * 100) / 100);

const escapeXml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Path data grouped by an attribute string, in first-seen order. */
class Paths {
	readonly #groups = new Map<string, string[]>();

	add(attributes: string, d: string): void {
		const list = this.#groups.get(attributes) ?? [];
		list.push(d);
		this.#groups.set(attributes, list);
	}

	toString(): string {
		return [...this.#groups].map(([attributes, parts]) => `<path ${attributes} d="${parts.join('')}"/>`).join('');
	}
}

const rectPath = (x: number, y: number, w: number, h: number): string => `M${n(x)} ${n(y)}h${n(w)}v${n(h)}H${n(x)}z`;

type Rect = {x: number; readonly y: number; w: number; readonly h: number};

/**
 * Filled rectangles grouped by fill, neighbours on a row merged into one: a
 * bar of █ is one rectangle, so no hairline seams show between its cells.
 */
class Rects {
	readonly #groups = new Map<string, Rect[]>();

	add(attributes: string, x: number, y: number, w: number, h: number): void {
		const list = this.#groups.get(attributes) ?? [];
		const last = list.at(-1);
		if (last && last.y === y && last.h === h && Math.abs(last.x + last.w - x) < 1e-6) {
			last.w += w;
		} else {
			list.push({x, y, w, h});
		}

		this.#groups.set(attributes, list);
	}

	toString(): string {
		return [...this.#groups].map(([attributes, rects]) =>
			`<path ${attributes} shape-rendering="crispEdges" d="${rects.map(r => rectPath(r.x, r.y, r.w, r.h)).join('')}"/>`).join('');
	}
}

function linePaths(paths: Paths, cell: Cell, arms: readonly [Arm, Arm, Arm, Arm], round: boolean): void {
	const {cellWidth: w, cellHeight: h} = layout;
	const x = cell.col * w;
	const cx = x + (w / 2);
	const cy = h / 2;
	const [up, right, down, left] = arms;
	const weight = Math.max(up, right, down, left) as 1 | 2;
	const attributes = `fill="none" stroke="${cell.fg}" stroke-width="${stroke[weight]}"`;
	if (round) {
		// One quarter turn from the horizontal arm's edge into the vertical arm's.
		const hx = right ? x + w : x;
		const vy = down ? h : 0;
		const r = w / 2;
		paths.add(attributes, `M${n(hx)} ${n(cy)}Q${n(cx)} ${n(cy)} ${n(cx)} ${n(cy + (down ? r : -r))}V${n(vy)}`);
		return;
	}

	// Each arm starts half a stroke behind the centre so corners close.
	const overlap = stroke[weight] / 2;
	if (up) {
		paths.add(attributes, `M${n(cx)} ${n(cy + overlap)}V0`);
	}

	if (down) {
		paths.add(attributes, `M${n(cx)} ${n(cy - overlap)}V${n(h)}`);
	}

	if (left) {
		paths.add(attributes, `M${n(cx + overlap)} ${n(cy)}H${n(x)}`);
	}

	if (right) {
		paths.add(attributes, `M${n(cx - overlap)} ${n(cy)}H${n(x + w)}`);
	}
}

const sameStyle = (a: Cell, b: Cell): boolean =>
	a.fg === b.fg && a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike;

function textRun(run: readonly Cell[]): string {
	const first = run[0]!;
	const from = run.findIndex(cell => cell.char !== ' ');
	if (from === -1) {
		return '';
	}

	const to = run.findLastIndex(cell => cell.char !== ' ');
	const shown = run.slice(from, to + 1);
	const text = shown.map(cell => cell.char).join('');
	const start = shown[0]!.col;
	const cells = shown.reduce((sum, cell) => sum + cell.width, 0);
	const decorations = [first.underline ? 'underline' : '', first.strike ? 'line-through' : ''].filter(Boolean).join(' ');
	const attributes = [
		`x="${n(start * layout.cellWidth)}"`,
		`y="${layout.baseline}"`,
		first.fg === theme.foreground ? '' : `fill="${first.fg}"`,
		first.bold ? 'font-weight="bold"' : '',
		first.italic ? 'font-style="italic"' : '',
		decorations ? `text-decoration="${decorations}"` : '',
		// Fonts narrower than DejaVu (Consolas) are stretched to the grid by browsers.
		cells > 1 ? `textLength="${n(cells * layout.cellWidth)}"` : '',
	].filter(Boolean).join(' ');
	return `<text ${attributes}>${escapeXml(text)}</text>`;
}

/** One row at the origin: backgrounds, drawn glyphs, then text. */
export function renderRow(cells: readonly Cell[]): string {
	const {cellWidth: w, cellHeight: h} = layout;
	const backgrounds = new Rects();
	const blocks = new Rects();
	const lines = new Paths();
	const texts: string[] = [];
	let run: Cell[] = [];
	const flush = () => {
		if (run.length > 0) {
			texts.push(textRun(run));
			run = [];
		}
	};

	for (const cell of cells) {
		if (cell.bg !== undefined) {
			backgrounds.add(`fill="${cell.bg}"`, cell.col * w, 0, cell.width * w, h);
		}

		const glyph = glyphFor(cell.char);
		if (glyph?.kind === 'fill') {
			flush();
			const attributes = `fill="${cell.fg}"${glyph.opacity === undefined ? '' : ` fill-opacity="${glyph.opacity}"`}`;
			for (const [x0, y0, x1, y1] of glyph.boxes as readonly Box[]) {
				blocks.add(attributes, (cell.col + x0) * w, y0 * h, (x1 - x0) * w, (y1 - y0) * h);
			}
		} else if (glyph?.kind === 'lines') {
			flush();
			linePaths(lines, cell, glyph.arms, glyph.round ?? false);
		} else {
			if (run.length > 0 && !sameStyle(run[0]!, cell)) {
				flush();
			}

			run.push(cell);
		}
	}

	flush();
	return `${backgrounds.toString()}${blocks.toString()}${lines.toString()}${texts.join('')}`;
}

export type SvgOptions = {
	readonly cols: number;
	readonly rows: number;
	readonly title?: string;
	/** Total length of the animation, ms (the last frame holds until then). */
	readonly durationMs?: number;
};

function chrome(options: SvgOptions, width: number, height: number): string {
	const dots = ['#ff5f58', '#ffbd2e', '#18c132'].map((fill, i) => `<circle cx="${18 + (i * 20)}" cy="13" r="6" fill="${fill}"/>`).join('');
	const title = options.title
		? `<text x="${n(width / 2)}" y="18" text-anchor="middle" fill="${theme.ansi[8]}" font-size="12">${escapeXml(options.title)}</text>`
		: '';
	return `<rect width="${n(width)}" height="${n(height)}" rx="6" fill="${theme.background}"/>${dots}${title}`;
}

// Spaces are cells: xml:space keeps them for librsvg, white-space:pre for browsers.
function svgOpen(width: number, height: number): string {
	return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xml:space="preserve" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${escapeXml(layout.fontFamily)}" font-size="${layout.fontSize}" fill="${theme.foreground}">`;
}

const size = (options: SvgOptions) => {
	const screenWidth = options.cols * layout.cellWidth;
	const screenHeight = options.rows * layout.cellHeight;
	return {
		screenWidth,
		screenHeight,
		width: screenWidth + (2 * layout.padding),
		height: screenHeight + (2 * layout.padding) + layout.titleBar,
	};
};

export function renderStill(frame: Frame, options: SvgOptions): string {
	const {screenWidth, screenHeight, width, height} = size(options);
	const rows = frame.rows.map((cells, y) => {
		const body = renderRow(cells);
		return body ? `<g transform="translate(0 ${y * layout.cellHeight})">${body}</g>` : '';
	}).join('');
	return `${svgOpen(width, height)}<style>text{white-space:pre}</style>${chrome(options, width, height)}`
		+ `<svg x="${layout.padding}" y="${layout.padding + layout.titleBar}" width="${n(screenWidth)}" height="${n(screenHeight)}">${rows}</svg></svg>\n`;
}

export function renderAnimation(frames: readonly Frame[], options: SvgOptions): string {
	const {screenWidth, screenHeight, width, height} = size(options);
	const last = frames.at(-1)?.at ?? 0;
	const duration = Math.max(options.durationMs ?? last, last, 1);
	const rowIds = new Map<string, string>();
	const defs: string[] = [];
	const film = frames.map((frame, i) => {
		const uses = frame.rows.map((cells, y) => {
			const body = renderRow(cells);
			if (!body) {
				return '';
			}

			let id = rowIds.get(body);
			if (id === undefined) {
				id = `r${rowIds.size.toString(36)}`;
				rowIds.set(body, id);
				defs.push(`<g id="${id}">${body}</g>`);
			}

			return `<use xlink:href="#${id}" y="${y * layout.cellHeight}"/>`;
		}).join('');
		return `<g transform="translate(${n(i * screenWidth)} 0)">${uses}</g>`;
	}).join('');
	const keyframes = frames.map((frame, i) => `${n((frame.at / duration) * 100)}%{transform:translateX(${n(-i * screenWidth)}px)}`).join('');
	const style = `text{white-space:pre}#film{animation:film ${n(duration / 1000)}s steps(1,end) infinite}@keyframes film{${keyframes}}`;
	return `${svgOpen(width, height)}<style>${style}</style><defs>${defs.join('')}</defs>${chrome(options, width, height)}`
		+ `<svg x="${layout.padding}" y="${layout.padding + layout.titleBar}" width="${n(screenWidth)}" height="${n(screenHeight)}"><g id="film">${film}</g></svg></svg>\n`;
}
