// The change dialog: current → proposed, the bounds the driver allows, what
// will happen, and its own keys. Nothing changes until y/Enter. Drawn from
// dialogLines, one <Text> per line, so it is clipped at any size, never overprinted.
import {Box} from 'ink';
import {Text} from './text.js';
import type {DialogState} from './dialog-state.js';
import {dialogLines, type DialogStyle} from './dialog-lines.js';

export type TuningDialogProps = {
	readonly dialog: DialogState;
	readonly columns: number;
	/** The lines the dialog may use (the body's). */
	readonly maxLines?: number;
	readonly ascii?: boolean;
};

const styles: Record<DialogStyle, {color?: string; bold?: boolean; dimColor?: boolean; inverse?: boolean}> = {
	plain: {},
	title: {bold: true},
	value: {bold: true, inverse: true},
	dim: {dimColor: true},
	warn: {color: 'yellow'},
	error: {color: 'red'},
	frame: {color: 'cyan'},
};

export default function TuningDialog({dialog, columns, maxLines = 100, ascii = false}: TuningDialogProps) {
	const lines = dialogLines(dialog, columns, maxLines, ascii);
	return (
		<Box flexDirection='column'>
			{lines.map((line, row) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={row} wrap='truncate-end'>
					{line.length === 0 || line.every(s => s.text === '') ? ' ' : line.map((segment, i) => (
						// eslint-disable-next-line react/no-array-index-key
						<Text key={i} {...styles[segment.style]}>{segment.text}</Text>
					))}
				</Text>
			))}
		</Box>
	);
}
