// The --once text: for each device a summary, the per-queue table (ink-table)
// and the error counters. Plain text, no colour: it is meant for pipes, logs
// and bug reports.
import {CompactTable} from '../ui/compact-table.js';
import {Box, renderToString} from 'ink';
import {Text} from '../ui/text.js';
import type {DeviceReading} from '../stats/reading.js';
import type {Source} from '../sources/source.js';
import {trafficError, trafficErrorText} from '../sources/traffic-error.js';
import {featuresSummary} from '../views/features.js';
import {formatBytes, formatCount, formatPercent, formatPps, formatRate, formatSi, type Units} from '../format.js';

function summary(reading: DeviceReading): string[] {
	const {snapshot, rates} = reading;
	if (!snapshot || !rates) {
		return [`${reading.name}: ${reading.error?.message ?? 'no data'}`];
	}

	const driver = snapshot.info.ok ? `${snapshot.info.value.driver} ${snapshot.info.value.version}` : 'driver unknown';
	const link = snapshot.link.up ? (snapshot.link.carrier ? `link up${snapshot.link.speedMbps ? ` ${snapshot.link.speedMbps}Mb/s` : ''}` : 'no carrier') : 'link down';
	const channels = snapshot.channels.ok
		? (snapshot.channels.value.maxCombined > 0
			? `channels ${snapshot.channels.value.combined}/${snapshot.channels.value.maxCombined}`
			: `channels rx ${snapshot.channels.value.rx}/${snapshot.channels.value.maxRx} tx ${snapshot.channels.value.tx}/${snapshot.channels.value.maxTx}`)
		: `channels: ${snapshot.channels.error.code === 'EOPNOTSUPP' ? 'not supported' : snapshot.channels.error.message}`;
	const rings = snapshot.rings.ok
		? `rings rx ${snapshot.rings.value.rx}/${snapshot.rings.value.rxMax} tx ${snapshot.rings.value.tx}/${snapshot.rings.value.txMax} ${snapshot.rings.value.unit}${
			snapshot.rings.value.rxSectionBytes && snapshot.rings.value.txSectionBytes
				? ` (${formatBytes(snapshot.rings.value.rx * snapshot.rings.value.rxSectionBytes)}/${formatBytes(snapshot.rings.value.tx * snapshot.rings.value.txSectionBytes)})`
				: ''}`
		: `rings: ${snapshot.rings.error.code === 'EOPNOTSUPP' ? 'not supported' : snapshot.rings.error.message}`;
	const failed = trafficError(snapshot);
	return [
		`${reading.name}  ${driver}  ${link}${snapshot.vf ? `  VF ${snapshot.vf}` : ''}  ${snapshot.vcpus} vCPU`,
		`${channels}  ${rings}`,
		`offloads: ${snapshot.features.ok ? featuresSummary(snapshot.features.value) : 'n/a'}`,
		failed
			? trafficErrorText(failed)
			: snapshot.perQueue === false
				? `over ${rates.elapsedSeconds.toFixed(1)}s: ${snapshot.info.ok ? snapshot.info.value.driver : 'this driver'} has no per-queue counters hvtop reads; the row is the device's total`
				: `over ${rates.elapsedSeconds.toFixed(1)}s: imbalance ${rates.imbalance.toFixed(2)}× (max/mean of queue packet rates)${rates.reset ? '  queues re-created' : ''}`,
		// Only for a device with a VF partner (or VF traffic seen): no "VF path" line on a device that has none.
		...(rates.vf && (snapshot.vf !== undefined || rates.vf.rxPps + rates.vf.txPps > 0) ? [`VF path: rx ${formatPps(rates.vf.rxPps)} pps ${formatRate(rates.vf.rxBps, 'bits')}, tx ${formatPps(rates.vf.txPps)} pps ${formatRate(rates.vf.txBps, 'bits')} (synthetic queues below carry the rest)`] : []),
		...(reading.error ? [`warning: ${reading.error.message}`] : []),
	];
}

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
			{summary(reading).map(line => <Text key={line}>{line}</Text>)}
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
