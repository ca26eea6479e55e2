import type {DeviceReading} from '../stats/reading.js';
import type {RateHistory} from '../stats/index.js';
import {cpuViewLines} from '../views/cpus.js';
import type {Units} from '../format.js';
import ViewLines from './view-lines.js';

export type CpuViewProps = {
	readonly reading: DeviceReading | undefined;
	/** Unused for now; accepted so every view takes the same props. */
	readonly history?: RateHistory;
	readonly units: Units;
	readonly columns: number;
	/** Lines the view may use (the lead reserves header, hints and status). */
	readonly maxLines: number;
	readonly scroll?: number;
	readonly ascii?: boolean;
	readonly color?: boolean;
};

/** Per vCPU: channels served, their traffic, VF traffic, softirqs, drops and squeezes. */
export default function CpuView(props: CpuViewProps) {
	const lines = cpuViewLines(props.reading, {units: props.units, columns: props.columns, maxLines: props.maxLines, scroll: props.scroll ?? 0});
	return <ViewLines lines={lines} color={props.color ?? true}/>;
}
