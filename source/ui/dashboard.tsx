import type {ReactNode} from 'react';
import {Box} from 'ink';
import type {Advice} from '../advice/index.js';
import {viewByName, type ViewName} from '../views/registry.js';
import type {DeviceReading} from '../stats/reading.js';
import type {RateHistory} from '../stats/index.js';
import AdviceLine from './advice-line.js';
import AdvicePanel from './advice-panel.js';
import ErrorPanel from './error-panel.js';
import type {Units} from '../format.js';
import Header from './header.js';
import Line from './line.js';
import {bodyLinesFor, maxErrorLines} from './layout.js';
import ViewLines from './view-lines.js';
import {deviceAndVfErrors} from '../views/errors.js';
import type {QueuePathChoice} from '../views/queue-path.js';
import type {ChangeMark} from '../views/history-axis.js';

export type DashboardProps = {
	readonly host: string;
	readonly sourceLabel: string;
	readonly isModel: boolean;
	readonly devices: readonly string[];
	readonly deviceIndex: number;
	readonly reading: DeviceReading | undefined;
	/** Every device's reading, for the VF view. */
	readonly readings: readonly DeviceReading[];
	readonly history: RateHistory | undefined;
	/** The session's changes to the device on screen, for the history view's time axis. */
	readonly changes?: readonly ChangeMark[];
	readonly advice: readonly Advice[];
	readonly view: ViewName;
	readonly adviceOpen: boolean;
	/** A dialog that owns the keyboard replaces the body while it is open. */
	readonly dialog?: ReactNode;
	readonly paused: boolean;
	readonly units: Units;
	readonly hideIdle: boolean;
	/** Which path the queue view shows (synthetic channels or the VF's queues). */
	readonly queuePath?: QueuePathChoice;
	/** The `/` filter and the `s` sort key of the view on screen. */
	readonly filter?: string;
	readonly sort?: string;
	readonly scroll: number;
	readonly columns: number;
	readonly rows: number;
	readonly intervalMs: number;
	readonly ascii: boolean;
	readonly color: boolean;
	readonly hints: string;
	/** A status line of its own (e.g. a change in progress); replaces the default. */
	readonly status?: string;
	/** Lines shown between the body and the footer: a dialog or a change in progress. */
	readonly below?: ReactNode;
	readonly belowLines?: number;
	/** A kept change not yet made to last (the header marks it). */
	/** The kind of a kept change not yet persisted, for the header's mark. */
	readonly notPersisted?: string | undefined;
};

/** The view's `s` and `/` state, when set. */
export const sortAndFilter = (state: {readonly filter?: string; readonly sort?: string | undefined}): {filter?: string; sort?: string} => ({
	...(state.filter ? {filter: state.filter} : {}),
	...(state.sort === undefined ? {} : {sort: state.sort}),
});

function Body(props: DashboardProps & {readonly maxLines: number}): ReactNode {
	const {reading} = props;
	if (props.dialog) {
		// A dialog taller than the room left is clipped (its keys are on the hint line too).
		return <Box flexDirection='column' height={props.maxLines} overflow='hidden'>{props.dialog}</Box>;
	}

	if (props.adviceOpen) {
		return <AdvicePanel advice={props.advice} device={reading?.name} columns={props.columns} maxLines={props.maxLines} scroll={props.scroll}/>;
	}

	// Every view is lines from the registry; the body only renders them.
	const lines = viewByName(props.view).lines(
		{reading, readings: props.readings, history: props.history, changes: props.changes},
		{units: props.units, columns: props.columns, maxLines: props.maxLines, ascii: props.ascii, scroll: props.scroll, hideIdle: props.hideIdle, intervalMs: props.intervalMs, marks: !props.color, ...(props.queuePath ? {queuePath: props.queuePath} : {}), ...sortAndFilter(props)},
	);
	return <ViewLines lines={lines} color={props.color}/>;
}

export default function Dashboard(props: DashboardProps) {
	const {reading} = props;
	let status = props.status ?? '';
	if (!status && reading?.error) {
		status = `${reading.name}: ${reading.error.message}`;
	} else if (!status && props.devices.length === 0) {
		status = 'no network devices to show';
	}

	return (
		<Box flexDirection='column' width={props.columns}>
			<Header
				host={props.host}
				sourceLabel={props.sourceLabel}
				isModel={props.isModel}
				devices={props.devices}
				deviceIndex={props.deviceIndex}
				snapshot={reading?.snapshot}
				paused={props.paused}
				intervalMs={props.intervalMs}
				view={props.view}
				notPersisted={props.notPersisted}
			/>
			<Body {...props} maxLines={bodyLinesFor(props.rows, props.belowLines ?? 0)}/>
			{reading?.rates ? <ErrorPanel errors={deviceAndVfErrors(reading.rates)} columns={props.columns} maxLines={maxErrorLines} marks={!props.color}/> : null}
			{props.below ? <Box flexDirection='column' height={props.belowLines ?? 0} overflow='hidden'>{props.below}</Box> : null}
			<AdviceLine advice={props.advice} columns={props.columns} color={props.color}/>
			<Line color='red' text={status}/>
			<Line dimColor text={props.hints}/>
		</Box>
	);
}
