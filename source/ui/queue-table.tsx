import {Box} from 'ink';
import type {DeviceRates, RateHistory} from '../stats/index.js';
import {formatPps, type Units} from './format.js';
import Line from './line.js';
import {queueTable} from './queue-lines.js';

export type QueueTableProps = {
	readonly rates: DeviceRates;
	readonly units: Units;
	readonly hideIdle: boolean;
	readonly columns: number;
	readonly ascii: boolean;
	readonly history?: RateHistory;
	/** First visible row and how many rows fit. */
	readonly scroll: number;
	readonly window: number;
};

export default function QueueTableView(props: QueueTableProps) {
	const table = queueTable(props.rates, props);
	const start = Math.max(0, Math.min(props.scroll, table.rows.length - props.window));
	const visible = table.rows.slice(start, start + props.window);
	const above = start;
	const below = table.rows.length - start - visible.length;
	const notes = [
		above > 0 || below > 0 ? `rows ${start + 1}–${start + visible.length} of ${table.rows.length} (↑↓ scroll)` : '',
		table.hidden > 0 ? `${table.hidden} idle hidden (z)` : '',
		props.rates.reset ? 'queues re-created: counters restarted' : '',
		props.rates.elapsedSeconds === 0 ? 'measuring…' : '',
		props.rates.vf && props.rates.vf.rxPps + props.rates.vf.txPps > 0 ? `VF path: rx ${formatPps(props.rates.vf.rxPps)} tx ${formatPps(props.rates.vf.txPps)} pps` : '',
	].filter(Boolean).join('  ');
	return (
		<Box flexDirection='column'>
			<Line bold text={table.header}/>
			{visible.map(row => (
				<Line key={row.text.slice(0, 8)} text={row.text} color={row.hot ? 'yellow' : undefined} dimColor={row.idle}/>
			))}
			<Line bold text={table.total}/>
			<Line dimColor text={notes}/>
		</Box>
	);
}
