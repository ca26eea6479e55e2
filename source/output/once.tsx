// The --once text: for each device a summary, the per-queue table (ink-table)
// and the error counters. Plain text, no colour: it is meant for pipes, logs
// and bug reports.
import {CompactTable} from '../ui/compact-table.js';
import {Box, renderToString} from 'ink';
import {Text} from '../ui/text.js';
import type {DeviceReading} from '../stats/reading.js';
import type {Source} from '../sources/source.js';
import {deviceSummary} from '../views/device-summary.js';
import {formatCount, formatPercent, formatPps, formatRate, formatSi, type Units} from '../format.js';

function QueueReport({reading, units}: {readonly reading: DeviceReading; readonly units: Units}) {
	const rates = reading.rates;
	const perQueue = reading.snapshot?.perQueue !== false;
	const rows = (perQueue ? rates?.queues ?? [] : []).map(q => ({
		queue: String(q.index),
		cpu: q.cpu === undefined ? '-' : String(q.cpu),
		'rx pps': formatPps(q.rxPps),
		'rx rate': formatRate(q.rxBps, units),
		'tx pps': formatPps(q.txPps),
		'tx rate': formatRate(q.txBps, units),
		share: formatPercent(q.share),
	}));
	if (rates && (rows.length > 0 || !perQueue)) {
		rows.push({
			queue: perQueue ? 'all' : 'device total',
			cpu: '',
			'rx pps': formatPps(rates.totals.rxPps),
			'rx rate': formatRate(rates.totals.rxBps, units),
			'tx pps': formatPps(rates.totals.txPps),
			'tx rate': formatRate(rates.totals.txBps, units),
			share: perQueue ? '100%' : '-',
		});
	}

	const allErrors = rates?.errors ?? [];
	const nonZero = allErrors.filter(e => e.value > 0n || e.rising);
	const errors = nonZero.map(e => `${e.name} ${formatCount(e.value)}${e.rising ? ` (+${formatSi(e.rate)}/s)` : ''}`);
	const columns = ['queue', 'cpu', 'rx pps', 'rx rate', 'tx pps', 'tx rate', 'share'].map(key => ({key, align: key === 'queue' || key === 'cpu' ? 'left' as const : 'right' as const}));
	return (
		<Box flexDirection='column'>
			{deviceSummary(reading).map(line => <Text key={line}>{line}</Text>)}
			{rows.length > 0 ? <CompactTable data={rows} columns={columns}/> : null}
			{errors.length > 0 ? <Text>{`errors: ${errors.join(', ')}`}</Text> : null}
			{errors.length === 0 && allErrors.length > 0 ? <Text>{`errors: all ${allErrors.length} driver error counters at 0`}</Text> : null}
		</Box>
	);
}

/** The first lines of printed output: which world, and (on the model) this machine's real NICs. */
export const sourceHeading = (source: Source): string => `hvtop — ${source.label}${source.notice ? `\n${source.notice}` : ''}`;

export function onceText(readings: readonly DeviceReading[], source: Source, options: {units: Units; columns: number}): string {
	const blocks = readings.map(reading => renderToString(<QueueReport reading={reading} units={options.units}/>, {columns: options.columns}));
	return [sourceHeading(source), '', blocks.join('\n\n')].join('\n');
}
