import type {Advice} from '../advice/index.js';
import {advicePanelLines} from '../views/advice.js';
import ViewLines from './view-lines.js';

export type AdvicePanelProps = {
	readonly advice: readonly Advice[];
	readonly device?: string;
	readonly columns: number;
	readonly maxLines: number;
	readonly scroll?: number;
	readonly color?: boolean;
};

/** Every advice with its reason (the numbers), what to try and where the rule comes from. */
export default function AdvicePanel(props: AdvicePanelProps) {
	const lines = advicePanelLines(props.advice, {
		columns: props.columns,
		maxLines: props.maxLines,
		scroll: props.scroll ?? 0,
		...(props.device === undefined ? {} : {device: props.device}),
	});
	return <ViewLines lines={lines} color={props.color ?? true}/>;
}
