import {Box} from 'ink';
import {Text} from './text.js';
import {CompactTable} from './compact-table.js';
import type {KeyBinding} from './keys.js';

export type HelpScreenProps = {
	readonly bindings: readonly KeyBinding[];
	readonly sourceLabel: string;
};

export default function HelpScreen({bindings, sourceLabel}: HelpScreenProps) {
	const rows = bindings.map(b => ({key: b.keys, action: b.action}));
	return (
		<Box flexDirection='column'>
			<Text bold>hvtop keys</Text>
			<CompactTable data={rows} columns={['key', 'action']}/>
			<Text dimColor>{`Source: ${sourceLabel}. Press ? or Esc to close.`}</Text>
		</Box>
	);
}
