import {Box} from 'ink';
import type {DeviceRates, RateHistory} from '../stats/index.js';
import {formatPps, type Units} from '../format.js';
import Line from './line.js';
import {queueTable} from '../views/queues.js';

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
	/** For the history header's span. */
	readonly intervalMs?: number;
	/** No colour: hot queues are marked by a symbol. */
	readonly marks?: boolean;
	/** False: the device has no per-queue counters (veth); one row, its total. */
	readonly perQueue?: boolean;
	readonly driver?: string;
};

/** What z did: which queues it hid, or that none is idle. */
export function idleNote(props: Pick<QueueTableProps, 'rates' | 'hideIdle' | 'perQueue'>, hidden: number): string {
	if (!props.hideIdle || props.perQueue === false) {
		return '';
	}

	if (hidden === 0) {
		return 'no idle queue to hide (z shows all)';
	}

	const idle = props.rates.queues.filter(q => q.rxPps + q.txPps < 0.5).map(q => q.index);
	const list = idle.length <= 6 ? idle.join(', ') : `${idle.slice(0, 5).join(', ')}, +${idle.length - 5}`;
	return `${hidden} idle hidden: ${hidden === 1 ? 'queue' : 'queues'} ${list} (z shows all)`;
}

export default function QueueTableView(props: QueueTableProps) {
	// Only the rows that fit are formatted: 64 queues, 25 lines.
	const table = queueTable(props.rates, {...props, window: {scroll: props.scroll, rows: props.window}});
	const {start, rows: visible} = table;
	const above = start;
	const below = table.shown - start - visible.length;
	const notes = [
		above > 0 || below > 0 ? `rows ${start + 1}–${start + visible.length} of ${table.shown} (↑↓ scroll)` : '',
		idleNote(props, table.hidden),
		props.perQueue === false ? `${props.driver ?? 'this driver'} has no per-queue counters hvtop reads: the device's totals` : '',
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
