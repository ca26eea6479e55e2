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
import type {ErrorRate, VfDeviceRates} from '../stats/rates.js';
import {roleText} from '../views/queue-path.js';

/** "name 12 (+3/s)" for every counter that counted; '' when all are 0. */
function errorsText(all: readonly ErrorRate[]): string {
	return all.filter(e => e.value > 0n || e.rising).map(e => `${e.name} ${formatCount(e.value)}${e.rising ? ` (+${formatSi(e.rate)}/s)` : ''}`).join(', ');
}

/** The VF's own queues (read through its driver), after the synthetic table: role and CPU per queue, then its driver's errors. */
function VfQueueReport({vf, units}: {readonly vf: VfDeviceRates; readonly units: Units}) {
	const rows = vf.queues.map(q => ({
		'VF queue': String(q.index),
		role: roleText(q.role),
		cpu: q.cpu === undefined ? '-' : String(q.cpu),
		'rx pps': formatPps(q.rxPps),
		'rx rate': formatRate(q.rxBps, units),
		'tx pps': formatPps(q.txPps),
		'tx rate': formatRate(q.txBps, units),
		share: formatPercent(q.share),
	}));
	rows.push({
		'VF queue': 'all', role: '', cpu: '',
		'rx pps': formatPps(vf.totals.rxPps),
		'rx rate': formatRate(vf.totals.rxBps, units),
		'tx pps': formatPps(vf.totals.txPps),
		'tx rate': formatRate(vf.totals.txBps, units),
		share: vf.queues.length > 0 ? '100%' : '-',
	});
	const errors = errorsText(vf.errors);
	const columns = ['VF queue', 'role', 'cpu', 'rx pps', 'rx rate', 'tx pps', 'tx rate', 'share'].map(key => ({key, align: ['VF queue', 'role', 'cpu'].includes(key) ? 'left' as const : 'right' as const}));
	return (
		<Box flexDirection='column'>
			<Text>{`VF ${vf.name} (${vf.driver}) queues: ${vf.queues.length > 0 ? `imbalance ${vf.imbalance.toFixed(2)}×` : 'no per-queue counters hvtop reads, totals only'}${vf.replaced ? '  new VF instance: counters restarted' : ''}`}</Text>
			<CompactTable data={rows} columns={columns}/>
			<Text>{errors ? `VF errors: ${errors}` : vfErrorsAtZero(vf)}</Text>
		</Box>
	);
}

/** "all N at 0", or that hvtop knows no error counter of this driver (nothing to be at 0). */
const vfErrorsAtZero = (vf: VfDeviceRates) => (vf.errors.length > 0
	? `VF errors: all ${vf.errors.length} driver error counters at 0`
	: `VF errors: no error counter of ${vf.driver} that hvtop knows`);

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
			{rates?.vfDevice ? <VfQueueReport vf={rates.vfDevice} units={units}/> : null}
		</Box>
	);
}

/** The first lines of printed output: which world, and (on the model) this machine's real NICs. */
export const sourceHeading = (source: Source): string => `hvtop — ${source.label}${source.notice ? `\n${source.notice}` : ''}`;

export function onceText(readings: readonly DeviceReading[], source: Source, options: {units: Units; columns: number}): string {
	const blocks = readings.map(reading => renderToString(<QueueReport reading={reading} units={options.units}/>, {columns: options.columns}));
	return [sourceHeading(source), '', blocks.join('\n\n')].join('\n');
}
