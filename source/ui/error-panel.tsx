import {memo} from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import type {ErrorRate} from '../stats/index.js';
import {errorItems, packLines, type ErrorItem} from '../views/errors.js';

export type ErrorPanelProps = {
	readonly errors: readonly ErrorRate[];
	readonly columns: number;
	readonly maxLines: number;
	/** No colour: rising counters carry a symbol. */
	readonly marks?: boolean;
};

type PackedProps = {
	readonly lines: ReadonlyArray<readonly ErrorItem[]>;
	/** The lines as text: equal text, no re-render (counters are often still). */
	readonly signature: string;
};

const PackedLines = memo(({lines}: PackedProps) => (
	<Box flexDirection='column'>
		{lines.map((line, index) => (
			// eslint-disable-next-line react/no-array-index-key
			<Text key={index} wrap='truncate-end'>
				{index === 0 ? 'errors: ' : '        '}
				{line.map((item, i) => (
					<Text key={item.text} color={item.rising ? 'red' : undefined} bold={item.rising}>{`${i > 0 ? '  ' : ''}${item.text}`}</Text>
				))}
			</Text>
		))}
	</Box>
), (before, after) => before.signature === after.signature);

export default function ErrorPanel({errors, columns, maxLines, marks = false}: ErrorPanelProps) {
	const items = errorItems(errors, marks);
	if (items.length === 0) {
		return <Text dimColor>{errors.length > 0 ? `errors: all ${errors.length} driver counters at 0` : 'errors: no driver error counters'}</Text>;
	}

	const lines = packLines(items, columns - 8, maxLines);
	const signature = lines.map(line => line.map(item => `${item.rising ? '!' : ''}${item.text}`).join('\t')).join('\n');
	return <PackedLines lines={lines} signature={signature}/>;
}
