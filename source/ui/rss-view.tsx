import type {DeviceReading} from '../stats/reading.js';
import type {RateHistory} from '../stats/index.js';
import type {Units} from '../format.js';
import {rssViewLines} from '../views/rss.js';
import ViewLines from './view-lines.js';

export type RssViewProps = {
	readonly reading: DeviceReading | undefined;
	readonly history?: RateHistory;
	readonly units?: Units;
	readonly columns: number;
	readonly maxLines: number;
	readonly ascii?: boolean;
	readonly color?: boolean;
	/** `ethtool -n … rx-flow-hash` per flow type, when known. */
	readonly hashFields?: string;
	readonly scroll?: number;
};

/** The indirection table as a grid coloured by queue, entry share against traffic share, hash and key. */
export default function RssView(props: RssViewProps) {
	const lines = rssViewLines(props.reading, {
		columns: props.columns,
		maxLines: props.maxLines,
		ascii: props.ascii ?? false,
		scroll: props.scroll ?? 0,
		...(props.hashFields === undefined ? {} : {hashFields: props.hashFields}),
	});
	return <ViewLines lines={lines} color={props.color ?? true}/>;
}
