import Line from './line.js';
import type {Advice} from '../advice/index.js';
import {adviceSummary} from '../views/advice.js';
import {toneStyle} from './view-lines.js';

export type AdviceLineProps = {
	/** Sorted by severity (adviseDevice does). */
	readonly advice: readonly Advice[];
	readonly columns: number;
	/** The key that opens the details. */
	readonly detailsKey?: string;
	readonly color?: boolean;
};

/** One line: the count and the most severe advice; a blank line when there is none, so the layout does not jump. */
export default function AdviceLine({advice, columns, detailsKey = 'a', color = true}: AdviceLineProps) {
	const summary = adviceSummary(advice, columns, detailsKey);
	return <Line text={summary?.text ?? ' '} {...(color && summary ? toneStyle(summary.tone) : {})}/>;
}
