// Renders ViewLines: one <Text> per line, nested <Text>s only for coloured
// segments (the RSS grid). Shared by the CPU, RSS, VF and advice views.
import {memo} from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import type {Tone, ViewLine} from '../views/line.js';

/** Colours for queues in the RSS grid: ten distinct ones, none of them red (red means trouble). */
export const queuePalette = ['cyan', 'green', 'yellow', 'magenta', 'blue', 'cyanBright', 'greenBright', 'yellowBright', 'magentaBright', 'blueBright'] as const;

export const queueColor = (queue: number): string => queuePalette[queue % queuePalette.length]!;

type Style = {color?: string; bold?: boolean; dimColor?: boolean};

export function toneStyle(tone: Tone | undefined): Style {
	switch (tone) {
		case 'dim': {
			return {dimColor: true};
		}

		case 'bold': {
			return {bold: true};
		}

		case 'hot':
		case 'alert': {
			return {color: 'red', bold: tone === 'alert'};
		}

		case 'warn': {
			return {color: 'yellow'};
		}

		case 'warn-dim': {
			return {color: 'yellow', dimColor: true};
		}

		case 'good': {
			return {color: 'green'};
		}

		case 'accent': {
			return {color: 'cyan', bold: true};
		}

		default: {
			return {};
		}
	}
}

/** A line without coloured segments, memoised on its text and tone: an unchanged row is skipped by React and Ink (the queue table at 1 Hz). */
const ToneLine = memo(({text, tone, color}: {readonly text: string; readonly tone: Tone | undefined; readonly color: boolean}) => (
	<Text wrap='truncate-end' {...(color ? toneStyle(tone) : {})}>{text || ' '}</Text>
));

export type ViewLinesProps = {
	readonly lines: readonly ViewLine[];
	/** Without colour the symbols and marks carry the meaning (NO_COLOR, --ascii). */
	readonly color?: boolean;
};

/** A line of coloured segments (a queue's colour unless the segment has a tone of its own). */
function SegmentLine({line}: {readonly line: ViewLine}) {
	return (
		<Text wrap='truncate-end' {...toneStyle(line.tone)}>
			{(line.segments ?? []).map((s, i) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={i} {...toneStyle(s.tone)} {...(s.queue === undefined || s.tone ? {} : {color: queueColor(s.queue)})}>{s.text}</Text>
			))}
		</Text>
	);
}

export default function ViewLines({lines, color = true}: ViewLinesProps) {
	return (
		<Box flexDirection='column'>
			{lines.map((l, index) => (color && l.segments
				// Lines have no identity beyond their position.
				// eslint-disable-next-line react/no-array-index-key
				? <SegmentLine key={index} line={l}/>
				// eslint-disable-next-line react/no-array-index-key
				: <ToneLine key={index} text={l.text} tone={l.tone} color={color}/>
			))}
		</Box>
	);
}
