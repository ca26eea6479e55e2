import type {DeviceReading} from '../stats/reading.js';
import type {Units} from '../format.js';
import {vfViewLines} from '../views/vf.js';
import ViewLines from './view-lines.js';

export type VfViewProps = {
	/** Every device: the split is a machine-wide picture. */
	readonly readings: readonly DeviceReading[];
	/** The device on screen, shown in bold. */
	readonly selected?: string;
	readonly units: Units;
	readonly columns: number;
	readonly maxLines: number;
	readonly ascii?: boolean;
	readonly color?: boolean;
};

/** Synthetic against VF packets and bytes per second, per device, and what that means for idle queues. */
export default function VfView(props: VfViewProps) {
	const lines = vfViewLines(props.readings, {
		units: props.units,
		columns: props.columns,
		maxLines: props.maxLines,
		ascii: props.ascii ?? false,
		...(props.selected === undefined ? {} : {selected: props.selected}),
	});
	return <ViewLines lines={lines} color={props.color ?? true}/>;
}
