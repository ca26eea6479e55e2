import {Box, Text} from 'ink';
import type {DeviceReading} from '../poll.js';
import ErrorPanel from './error-panel.js';
import type {Units} from './format.js';
import Header from './header.js';
import {clampScroll, maxErrorLines, queueRowsFor} from './layout.js';
import QueueTableView from './queue-table.js';

export type DashboardProps = {
	readonly host: string;
	readonly sourceLabel: string;
	readonly isModel: boolean;
	readonly devices: readonly string[];
	readonly deviceIndex: number;
	readonly reading: DeviceReading | undefined;
	readonly paused: boolean;
	readonly units: Units;
	readonly hideIdle: boolean;
	readonly scroll: number;
	readonly columns: number;
	readonly rows: number;
	readonly intervalMs: number;
	readonly ascii: boolean;
	readonly hints: string;
	/** Lines reserved below the table for a dialog or a change in progress. */
	readonly below?: React.ReactNode;
	readonly belowLines?: number;
};

export default function Dashboard(props: DashboardProps) {
	const {reading} = props;
	const rates = reading?.rates;
	const window = queueRowsFor(props.rows, props.belowLines ?? 0);
	let status = '';
	if (reading?.error) {
		status = `${reading.name}: ${reading.error.message}`;
	} else if (props.devices.length === 0) {
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
			/>
			{rates
				? (
					<QueueTableView
						rates={rates}
						units={props.units}
						hideIdle={props.hideIdle}
						columns={props.columns}
						ascii={props.ascii}
						scroll={clampScroll(props.scroll, rates.queues.length, window)}
						window={window}
					/>
				)
				: <Text dimColor>reading the device…</Text>}
			{rates ? <ErrorPanel errors={rates.errors} columns={props.columns} maxLines={maxErrorLines}/> : null}
			{props.below}
			<Text color='red' wrap='truncate-end'>{status || ' '}</Text>
			<Text dimColor wrap='truncate-end'>{props.hints}</Text>
		</Box>
	);
}
