// The help screen: every key, one line each, from the keymap.
import {Box} from 'ink';
import {Text} from './text.js';
import {CompactTable} from './compact-table.js';
import type {HelpRow} from './keymap.js';

export type HelpScreenProps = {
	readonly rows: readonly HelpRow[];
	readonly sourceLabel: string;
};

export default function HelpScreen({rows, sourceLabel}: HelpScreenProps) {
	const data = rows.map(row => ({key: row.keys, action: row.help}));
	return (
		<Box flexDirection='column'>
			<Text bold>hvtop keys</Text>
			<CompactTable data={data} columns={['key', 'action']}/>
			<Text dimColor>{`Source: ${sourceLabel}. Press ? or Esc to close.`}</Text>
		</Box>
	);
}
