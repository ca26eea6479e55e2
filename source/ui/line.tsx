// One line of text, truncated at the edge. Memoised on its text and style:
// a line that reads the same as last second is skipped by React and Ink alike
// (no new props for Ink's node, no Yoga work), which is most of the header,
// the footer and idle queues on a 1 Hz dashboard.
import {memo} from 'react';
import {Text} from './text.js';

export type LineProps = {
	readonly text: string;
	readonly color?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
};

function LineView({text, color, bold, dimColor, inverse}: LineProps) {
	return <Text wrap='truncate-end' color={color} bold={bold} dimColor={dimColor} inverse={inverse}>{text || ' '}</Text>;
}

const Line = memo(LineView);
export default Line;
