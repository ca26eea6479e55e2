// The help screen: every key, one line each, from the keymap.
import {Box} from 'ink';
import {Text} from './text.js';
import {CompactTable} from './compact-table.js';
import type {HelpRow} from './keymap.js';

export type HelpScreenProps = {
	readonly rows: readonly HelpRow[];
	readonly sourceLabel: string;
	/** Lines the screen may use; a longer list shows a window of it. */
	readonly maxLines?: number;
	/** The first row of the window (clamped). */
	readonly scroll?: number;
};

// Title, the table's header and borders (4 lines) and the closing line.
const chromeLines = 6;

/** Which rows fit, from the (clamped) scroll; undefined when all do. */
export function helpWindow(total: number, maxLines: number, scroll: number): {start: number; size: number} | undefined {
	const size = Math.max(1, maxLines - chromeLines - 1);
	if (total + chromeLines <= maxLines) {
		return undefined;
	}

	return {start: Math.max(0, Math.min(scroll, total - size)), size};
}

export default function HelpScreen({rows, sourceLabel, maxLines = Number.POSITIVE_INFINITY, scroll = 0}: HelpScreenProps) {
	const window = helpWindow(rows.length, maxLines, scroll);
	const shown = window ? rows.slice(window.start, window.start + window.size) : rows;
	const data = shown.map(row => ({key: row.keys, action: row.help}));
	return (
		<Box flexDirection='column'>
			<Text bold>hvtop keys</Text>
			<CompactTable data={data} columns={['key', 'action']}/>
			{window ? <Text dimColor>{`keys ${window.start + 1}–${window.start + shown.length} of ${rows.length} (↑↓ PgUp PgDn scroll)`}</Text> : null}
			<Text dimColor>{`Source: ${sourceLabel}. Press ? or Esc to close.`}</Text>
		</Box>
	);
}
