// The CPU view as pre-padded text lines: per vCPU the channels whose VMBus
// interrupt it takes, the synthetic traffic of those queues, its VF traffic,
// its NET_RX/NET_TX softirqs and its softnet drops and squeezes. CPUs that
// serve no channel stay visible, dimmed, so "14 CPUs idle while 2 drown"
// shows at a glance.
import {isSaturated, saturatedBusyShare, saturationBasis, type SaturationBasis} from '../stats/saturation.js';
import type {CpuShares} from '../stats/cpu-shares.js';
import type {DeviceReading} from '../stats/reading.js';
import type {CpuRates, DeviceRates, VfDeviceRates} from '../stats/index.js';
import {formatPps, formatRate, formatSi, type Units} from '../format.js';
import {fit, line, type Tone, type ViewLine, windowLines, windowSize} from './line.js';
import {plural} from '../plural.js';
import {filterNote, parseNumberFilter} from './number-filter.js';
import type {ViewSpec} from './view.js';

/** What one CPU row shows, as numbers (also the --json shape of the view). */
export type CpuRow = {
	readonly cpu: number;
	/** Queue indexes whose channel interrupts this CPU. */
	readonly queues: readonly number[];
	/** Synthetic traffic of those queues. */
	readonly queueRxPps: number;
	readonly queueRxBps: number;
	readonly queueTxPps: number;
	readonly queueTxBps: number;
	/** This CPU's VF path (cpuN_vf_*), packets/s rx + tx. */
	readonly vfPps: number;
	readonly netRxPerSec: number;
	readonly netTxPerSec: number;
	readonly dropsPerSec: number;
	readonly squeezesPerSec: number;
	readonly saturated: boolean;
	/** How `saturated` is known: measured CPU time (/proc/stat), or inferred from squeezes and drops. */
	readonly saturation: SaturationBasis;
	/** 0…1 of the interval by kind of time, where /proc/stat is read. */
	readonly shares?: CpuShares;
	/** With the VF read through its driver: its queues whose interrupt lands here, and their packets/s (rx + tx). */
	readonly vfQueues?: readonly number[];
	readonly vfQueuePps?: number;
};

type VfOnCpu = {queues: number[]; pps: number};

/** The VF's queues by the CPU their interrupt lands on (those with a known CPU). */
function vfQueuesByCpu(vf: VfDeviceRates): Map<number, VfOnCpu> {
	const byCpu = new Map<number, VfOnCpu>();
	for (const q of vf.queues) {
		if (q.cpu !== undefined) {
			const entry = byCpu.get(q.cpu) ?? {queues: [], pps: 0};
			entry.queues.push(q.index);
			entry.pps += q.rxPps + q.txPps;
			byCpu.set(q.cpu, entry);
		}
	}

	return byCpu;
}

const idleCpu = (cpu: number): CpuRates => ({
	cpu, rxPps: 0, rxBps: 0, txPps: 0, txBps: 0, vfRxPps: 0, vfTxPps: 0, queues: [], netRxPerSec: 0, netTxPerSec: 0, dropsPerSec: 0, squeezesPerSec: 0,
});

/** The device's CPUs, and those only a VF queue names, ascending. */
function cpusWithVf(rates: DeviceRates, vf: ReadonlyMap<number, VfOnCpu> | undefined): readonly CpuRates[] {
	const extra = vf ? [...vf.keys()].filter(id => !rates.cpus.some(c => c.cpu === id)) : [];
	return extra.length === 0 ? rates.cpus : [...rates.cpus, ...extra.map(id => idleCpu(id))].sort((a, b) => a.cpu - b.cpu);
}

/** Per CPU: the synthetic channels and (when the VF is read through its driver) the VF's queues it serves. */
export function cpuRows(rates: DeviceRates): CpuRow[] {
	const queues = new Map(rates.queues.map(q => [q.index, q]));
	const vf = rates.vfDevice ? vfQueuesByCpu(rates.vfDevice) : undefined;
	return cpusWithVf(rates, vf).map((c: CpuRates) => {
		const onCpu = vf?.get(c.cpu);
		const served = c.queues.flatMap(index => queues.get(index) ?? []);
		const sum = (key: 'rxPps' | 'rxBps' | 'txPps' | 'txBps'): number => served.reduce((total, q) => total + q[key], 0);
		return {
			cpu: c.cpu,
			queues: c.queues,
			queueRxPps: sum('rxPps'),
			queueRxBps: sum('rxBps'),
			queueTxPps: sum('txPps'),
			queueTxBps: sum('txBps'),
			vfPps: c.vfRxPps + c.vfTxPps,
			netRxPerSec: c.netRxPerSec,
			netTxPerSec: c.netTxPerSec,
			dropsPerSec: c.dropsPerSec,
			squeezesPerSec: c.squeezesPerSec,
			saturated: isSaturated(c),
			saturation: saturationBasis(c),
			...(c.shares ? {shares: c.shares} : {}),
			...(vf ? {vfQueues: onCpu?.queues ?? [], vfQueuePps: onCpu?.pps ?? 0} : {}),
		};
	});
}

type Column = {
	readonly title: string;
	readonly width: number;
	/** Lower numbers are dropped last when the terminal is narrow. */
	readonly keep: number;
	readonly align: 'left' | 'right';
	readonly cell: (row: CpuRow, units: Units) => string;
};

/** "0,4" or "0,4,+3" within the width; "-" for none. */
export function queueList(queues: readonly number[], width: number): string {
	if (queues.length === 0) {
		return '-';
	}

	const all = queues.join(',');
	if (all.length <= width) {
		return all;
	}

	for (let shown = queues.length - 1; shown > 0; shown--) {
		const text = `${queues.slice(0, shown).join(',')},+${queues.length - shown}`;
		if (text.length <= width) {
			return text;
		}
	}

	return `${queues.length}q`;
}

/** A share as a whole percentage; "-" where the CPU's time was not measured. */
const percentCell = (share: number | undefined): string => (share === undefined ? '-' : String(Math.round(share * 100)));

const columns: readonly Column[] = [
	// "!" after the number marks a saturated CPU (not by colour alone).
	{title: 'CPU ', width: 5, keep: 0, align: 'right', cell: r => `${r.cpu}${r.saturated ? '!' : ' '}`},
	{title: 'queues', width: 7, keep: 0, align: 'left', cell: r => queueList(r.queues, 7)},
	{title: 'VF q', width: 7, keep: 1, align: 'left', cell: r => queueList(r.vfQueues ?? [], 7)},
	{title: 'rx pps', width: 7, keep: 1, align: 'right', cell: r => formatPps(r.queueRxPps)},
	{title: 'rx rate', width: 11, keep: 5, align: 'right', cell: (r, units) => formatRate(r.queueRxBps, units)},
	{title: 'tx pps', width: 7, keep: 4, align: 'right', cell: r => formatPps(r.queueTxPps)},
	// The VF's own queue counters when read; else the synthetic device's cpuN_vf_* counts.
	{title: 'vf pps', width: 7, keep: 6, align: 'right', cell: r => formatPps(r.vfQueuePps ?? r.vfPps)},
	{title: 'sirq%', width: 5, keep: 1, align: 'right', cell: r => percentCell(r.shares?.softirq)},
	{title: 'sys%', width: 4, keep: 2, align: 'right', cell: r => percentCell(r.shares?.system)},
	{title: 'usr%', width: 4, keep: 4, align: 'right', cell: r => percentCell(r.shares?.user)},
	{title: 'idle%', width: 5, keep: 3, align: 'right', cell: r => percentCell(r.shares?.idle)},
	// Steal: the host ran something else on this vCPU's core (Azure: a busy host).
	{title: 'st%', width: 3, keep: 5, align: 'right', cell: r => percentCell(r.shares?.steal)},
	{title: 'NET_RX', width: 7, keep: 2, align: 'right', cell: r => formatSi(r.netRxPerSec)},
	{title: 'NET_TX', width: 7, keep: 7, align: 'right', cell: r => formatSi(r.netTxPerSec)},
	{title: 'drops', width: 6, keep: 3, align: 'right', cell: r => formatSi(r.dropsPerSec)},
	{title: 'sqz', width: 6, keep: 3, align: 'right', cell: r => formatSi(r.squeezesPerSec)},
];

/** The columns that fit, in display order. */
export function cpuColumns(width: number, vfQueues = false): Column[] {
	const chosen = new Set<Column>();
	let used = -1;
	const candidates = vfQueues ? columns : columns.filter(c => c.title !== 'VF q');
	for (const column of [...candidates].sort((a, b) => a.keep - b.keep)) {
		if (used + 1 + column.width <= width || column.keep === 0) {
			chosen.add(column);
			used += 1 + column.width;
		}
	}

	return columns.filter(c => chosen.has(c));
}

const pad = (text: string, column: Column): string => (column.align === 'left' ? text.padEnd(column.width) : text.padStart(column.width));

export type CpuTable = {
	readonly header: ViewLine;
	readonly rows: readonly ViewLine[];
	readonly summary: ViewLine;
	/** What a `/` filter shows of all CPUs ('' without one). */
	readonly filterNote: string;
};

function rowTone(row: CpuRow): Tone | undefined {
	if (row.saturated) {
		return 'hot';
	}

	if (row.queues.length > 1) {
		return 'warn';
	}

	return row.queues.length === 0 && (row.vfQueues?.length ?? 0) === 0 && row.vfPps < 1 && row.netRxPerSec < 1 ? 'dim' : undefined;
}

/** How the saturated rows were judged: measured time, inferred from softnet, or both kinds. */
function saturationNote(saturated: readonly CpuRow[]): string {
	const measured = saturated.filter(r => r.saturation === 'measured').length;
	const threshold = `sirq+sys ≥ ${Math.round(saturatedBusyShare * 100)} %`;
	if (measured === saturated.length) {
		return threshold;
	}

	return measured === 0 ? 'inferred' : `${threshold}; ${saturated.length - measured} inferred`;
}

function summaryText(rows: readonly CpuRow[], rates: DeviceRates, mapKnown: boolean, driver: string | undefined): string {
	if (!mapKnown) {
		return driver === undefined || driver === 'hv_netvsc'
			? `${plural(rows.length, 'CPU')}; channel → CPU map unknown (no VMBus sysfs)`
			: `${plural(rows.length, 'CPU')}; which CPU serves which queue is not known for ${driver}`;
	}

	const serving = rows.filter(r => r.queues.length > 0).length;
	const shared = rows.filter(r => r.queues.length > 1).length;
	const saturated = rows.filter(r => r.saturated);
	const netRx = rows.reduce((sum, r) => sum + r.netRxPerSec, 0);
	return [
		`${plural(rows.length, 'CPU')}: ${serving} serve ${plural(rates.queues.length, 'channel')}, ${rows.length - serving} serve none`,
		shared > 0 ? `${shared} serve several` : '',
		saturated.length > 0 ? `${saturated.length} saturated (!: ${saturationNote(saturated)})` : '',
		rates.vfDevice ? `${rows.filter(r => (r.vfQueues?.length ?? 0) > 0).length} serve VF ${rates.vfDevice.name}'s ${plural(rates.vfDevice.queues.length, 'queue')}` : '',
		`NET_RX ${formatSi(netRx)}/s (all devices)`,
	].filter(Boolean).join(', ');
}

/** `s` in the CPU view: by CPU number, by traffic (its queues' and VF queues' packets), by softirq (time share where measured, then NET_RX). */
export const cpuSorts = ['cpu', 'pps', 'softirq'] as const;

const cpuPps = (r: CpuRow): number => r.queueRxPps + r.queueTxPps + (r.vfQueuePps ?? r.vfPps);

const cpuOrder: Readonly<Record<string, ((a: CpuRow, b: CpuRow) => number) | undefined>> = {
	pps: (a, b) => cpuPps(b) - cpuPps(a) || a.cpu - b.cpu,
	softirq: (a, b) => (b.shares?.softirq ?? -1) - (a.shares?.softirq ?? -1) || b.netRxPerSec - a.netRxPerSec || a.cpu - b.cpu,
};

export function cpuTable(rates: DeviceRates, mapKnown: boolean, options: {readonly units: Units; readonly columns: number; readonly driver?: string; readonly sort?: string; readonly filter?: string}): CpuTable {
	// The VF column is hv_netvsc's (Accelerated Networking); other drivers have no VF path.
	const vf = options.driver === undefined || options.driver === 'hv_netvsc';
	const chosen = cpuColumns(options.columns + (vf ? 0 : 8), rates.vfDevice !== undefined).filter(c => vf || c.title !== 'vf pps');
	const rows = cpuRows(rates);
	const order = cpuOrder[options.sort ?? 'cpu'];
	const filter = parseNumberFilter(options.filter);
	const wanted = filter?.ok ? rows.filter(r => filter.has(r.cpu)) : rows;
	const sorted = order ? [...wanted].sort(order) : wanted;
	const header = chosen.map(c => pad(c.title, c)).join(' ').trimEnd();
	return {
		header: line(fit(header, options.columns), 'bold'),
		rows: sorted.map(r => line(fit(chosen.map(c => pad(c.cell(r, options.units), c)).join(' ').trimEnd(), options.columns), rowTone(r))),
		summary: line(fit(summaryText(rows, rates, mapKnown, options.driver), options.columns)),
		filterNote: filterNote(filter, wanted.length, rows.length, 'CPUs'),
	};
}

const driverName = (reading: DeviceReading): string | undefined =>
	(reading.snapshot?.info.ok ? reading.snapshot.info.value.driver : undefined);

export type CpuViewOptions = {
	readonly units: Units;
	readonly columns: number;
	/** Lines the view may use, header and summary included. */
	readonly maxLines: number;
	readonly scroll?: number;
	/** One of cpuSorts (`s`); default by CPU number. */
	readonly sort?: string;
	/** `/`: the CPUs to show, as numbers and ranges. */
	readonly filter?: string;
};

const sortAndFilterOf = (options: {readonly sort?: string; readonly filter?: string}) => ({
	...(options.sort ? {sort: options.sort} : {}),
	...(options.filter ? {filter: options.filter} : {}),
});

/** The lines under the summary: still measuring; what the filter shows and how the rows are sorted. */
function cpuNotes(rates: DeviceRates, table: CpuTable, options: CpuViewOptions): string[] {
	const sorted = options.sort && options.sort !== 'cpu' ? `sorted by ${options.sort === 'pps' ? 'packets' : 'softirq'} (s)` : '';
	return [rates.elapsedSeconds === 0 ? 'measuring…' : '', [table.filterNote, sorted].filter(Boolean).join('  ')].filter(Boolean);
}

/** The whole view: header, as many CPU rows as fit (scrollable), the summary. */
export function cpuViewLines(reading: DeviceReading | undefined, options: CpuViewOptions): ViewLine[] {
	const rates = reading?.rates;
	if (!reading?.snapshot || !rates) {
		return [line(reading?.error ? `${reading.name}: ${reading.error.message}` : 'reading the device…', 'dim')].slice(0, options.maxLines);
	}

	if (rates.cpus.length === 0) {
		return [line('no per-CPU counters for this device (cpuN_* and /proc/softirqs unavailable)', 'dim')].slice(0, options.maxLines);
	}

	const table = cpuTable(rates, reading.snapshot.channelCpu.length > 0, {...options, driver: driverName(reading)});
	const notes = cpuNotes(rates, table, options).map(text => line(fit(text, options.columns), 'dim'));
	const room = Math.max(1, options.maxLines - 2 - notes.length);
	return [table.header, ...windowLines(table.rows, room, options.scroll ?? 0, 'CPUs'), table.summary, ...notes].slice(0, options.maxLines);
}

/** The CPU rows and how many are on screen at once, for scrolling (the same room cpuViewLines gives them). */
export function cpuScrollable(reading: DeviceReading | undefined, options: CpuViewOptions): {items: number; window: number} {
	const rates = reading?.rates;
	if (!reading?.snapshot || !rates || rates.cpus.length === 0) {
		return {items: 0, window: 1};
	}

	const table = cpuTable(rates, reading.snapshot.channelCpu.length > 0, {...options, driver: driverName(reading)});
	const rows = table.rows.length;
	const room = Math.max(1, options.maxLines - 2 - cpuNotes(rates, table, options).length);
	return {items: rows, window: windowSize(rows, room)};
}

/** The CPU view (2): per vCPU, the channels it serves, their traffic and its softirq budget. */
export const cpusView: ViewSpec<'cpus'> = {
	name: 'cpus',
	title: 'CPUs',
	key: '2',
	scope: 'device',
	sorts: cpuSorts,
	filterBy: 'numbers',
	lines: ({reading}, options) => cpuViewLines(reading, {units: options.units, columns: options.columns, maxLines: options.maxLines, scroll: options.scroll ?? 0, ...sortAndFilterOf(options)}),
	text: ({reading}, options) => cpuViewLines(reading, {units: options.units, columns: options.columns, maxLines: options.maxLines}).map(l => l.text),
	json: ({snapshot, rates}) => ({channelCpuKnown: snapshot.channelCpu.length > 0, vcpus: snapshot.vcpus, cpus: cpuRows(rates)}),
	scroll: ({reading}, options) => cpuScrollable(reading, {units: options.units, columns: options.columns, maxLines: options.maxLines, ...sortAndFilterOf(options)}),
};
