// Replays a cast into @xterm/headless — the emulator the media test uses too —
// and takes the screen apart into styled cells for the SVG renderer.
import xterm from '@xterm/headless';
import type {IBufferCell, Terminal} from '@xterm/headless';
import type {Cast} from './cast.js';
import {mix, paletteColor, rgbColor, theme} from './palette.js';
import {screenText} from './screen.js';

export type Cell = {
	readonly char: string;
	/** 1, or 2 for a wide character (the cell after it is left out). */
	readonly width: number;
	readonly col: number;
	readonly fg: string;
	/** Undefined: the terminal's background. */
	readonly bg: string | undefined;
	readonly bold: boolean;
	readonly italic: boolean;
	readonly underline: boolean;
	readonly strike: boolean;
};

export type Frame = {
	/** Virtual ms from which this screen is shown. */
	readonly at: number;
	readonly rows: ReadonlyArray<readonly Cell[]>;
	readonly text: readonly string[];
};

function color(mode: 'fg' | 'bg', cell: IBufferCell): string | undefined {
	if (mode === 'fg' ? cell.isFgDefault() : cell.isBgDefault()) {
		return undefined;
	}

	const value = mode === 'fg' ? cell.getFgColor() : cell.getBgColor();
	return (mode === 'fg' ? cell.isFgRGB() : cell.isBgRGB()) ? rgbColor(value) : paletteColor(value);
}

function styledCell(cell: IBufferCell, col: number): Cell {
	let fg = color('fg', cell) ?? theme.foreground;
	let bg = color('bg', cell);
	if (cell.isInverse()) {
		[fg, bg] = [bg ?? theme.background, fg];
	}

	if (cell.isDim()) {
		fg = mix(fg, bg ?? theme.background);
	}

	const char = cell.isInvisible() ? ' ' : (cell.getChars() || ' ');
	return {
		char,
		width: Math.max(1, cell.getWidth()),
		col,
		fg,
		bg,
		bold: cell.isBold() !== 0,
		italic: cell.isItalic() !== 0,
		underline: cell.isUnderline() !== 0,
		strike: cell.isStrikethrough() !== 0,
	};
}

export function captureScreen(terminal: Terminal): Array<readonly Cell[]> {
	const buffer = terminal.buffer.active;
	const rows: Array<readonly Cell[]> = [];
	for (let y = 0; y < terminal.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		const cells: Cell[] = [];
		for (let x = 0; line && x < terminal.cols; x++) {
			const cell = line.getCell(x);
			if (cell && cell.getWidth() > 0) {
				cells.push(styledCell(cell, x));
			}
		}

		rows.push(cells);
	}

	return rows;
}

const written = async (terminal: Terminal, data: string) => new Promise<void>(resolve => {
	terminal.write(data, resolve);
});

/**
 * The screens a cast shows, one per distinct event time (or only the last one
 * at or before each of `at`, when given), identical neighbours merged.
 */
export async function replayFrames(cast: Cast, at?: readonly number[]): Promise<Frame[]> {
	const terminal = new xterm.Terminal({cols: cast.header.width, rows: cast.header.height, allowProposedApi: true, scrollback: 0});
	const frames: Frame[] = [];
	const take = (time: number) => {
		const text = screenText(terminal);
		const rows = captureScreen(terminal);
		const previous = frames.at(-1);
		if (!at && previous && JSON.stringify(previous.rows) === JSON.stringify(rows)) {
			return;
		}

		frames.push({at: time, rows, text});
	};

	try {
		const wanted = at ? [...at].sort((a, b) => a - b) : undefined;
		const {events} = cast;
		for (let i = 0; i < events.length; i++) {
			const [time, data] = events[i]!;
			// The screen before this instant's output is what earlier times see.
			while (wanted && wanted.length > 0 && wanted[0]! < time) {
				take(wanted.shift()!);
			}

			// eslint-disable-next-line no-await-in-loop
			await written(terminal, data);
			if (!wanted && events[i + 1]?.[0] !== time) {
				take(time);
			}
		}

		for (const time of wanted ?? []) {
			take(time);
		}
	} finally {
		terminal.dispose();
	}

	return frames;
}
