// Enter on a row: that NIC's queues (its own and its VF's) and CPUs over the
// last minutes, from two range queries, as a table with a sparkline per
// queue and CPU on one scale. The wall time is an argument: pure but for the
// queries themselves.
import {formatPps} from '../format.js';
import {scaledSparkline} from '../views/sparkline.js';
import {rangeQuery, type QueryOptions, type RangeSeries} from './prometheus-api.js';
import {detailQueries} from './queries.js';
import type {FleetLine} from './list-lines.js';

export type DetailTarget = {readonly instance: string; readonly device: string; readonly vf?: string};

export type Track = {readonly label: string; readonly rx: readonly number[]; readonly tx: readonly number[]};

export type FleetDetail = {
	readonly target: DetailTarget;
	readonly minutes: number;
	readonly queues: readonly Track[];
	readonly cpus: readonly Track[];
	/** What failed (unreachable, a query's error); the tracks are then those of the last good reading. */
	readonly problem?: string;
};

export const detailMinutes = 10;
export const detailStepSeconds = 15;

/** The series of one label value (queue, cpu), rx and tx, aligned on the range's steps. */
function tracks(series: readonly RangeSeries[], steps: readonly number[], labelOf: (labels: Readonly<Record<string, string>>) => string): Track[] {
	const byLabel = new Map<string, {rx: number[]; tx: number[]; order: number}>();
	const slot = new Map(steps.map((time, index) => [time, index]));
	for (const item of series) {
		const label = labelOf(item.labels);
		const entry = byLabel.get(label) ?? {rx: steps.map(() => 0), tx: steps.map(() => 0), order: byLabel.size};
		byLabel.set(label, entry);
		const into = item.labels['direction'] === 'transmit' ? entry.tx : entry.rx;
		for (const [index, time] of item.times.entries()) {
			const at = slot.get(time);
			if (at !== undefined && Number.isFinite(item.values[index])) {
				into[at] = item.values[index]!;
			}
		}
	}

	const natural = (a: string, b: string) => a.localeCompare(b, 'en', {numeric: true});
	return [...byLabel.entries()].sort(([a], [b]) => natural(a, b)).map(([label, {rx, tx}]) => ({label, rx, tx}));
}

export async function readDetail(url: string, target: DetailTarget, nowMs: number, options: QueryOptions = {}): Promise<FleetDetail | {readonly problem: string}> {
	const end = Math.floor(nowMs / 1000 / detailStepSeconds) * detailStepSeconds;
	const range = {start: end - (detailMinutes * 60), end, step: detailStepSeconds};
	const steps = Array.from({length: (detailMinutes * 60 / detailStepSeconds) + 1}, (_, index) => range.start + (index * detailStepSeconds));
	const queries = detailQueries(target.instance, target.device, target.vf, detailStepSeconds);
	const [queues, cpus] = await Promise.all([rangeQuery(url, queries.queues, range, options), rangeQuery(url, queries.cpus, range, options)]);
	if (!queues.ok || !cpus.ok) {
		return {problem: (queues.ok ? undefined : queues.message) ?? (cpus.ok ? '' : cpus.message)};
	}

	// The synthetic path's queues first, then the VF's: "eth0 q0" sorts before "enP1 q0" by role.
	const role = (labels: Readonly<Record<string, string>>) => (labels['role'] === 'vf' ? 'vf' : 'nic');
	const queueTracks = tracks(queues.series, steps, labels => `${role(labels)} ${labels['device'] ?? '?'} q${labels['queue'] ?? '?'}`)
		.map(track => ({...track, label: track.label.replace(/^(?:nic|vf) /, '')}));
	return {target, minutes: detailMinutes, queues: queueTracks, cpus: tracks(cpus.series, steps, labels => `cpu ${labels['cpu'] ?? '?'}`)};
}

const last = (values: readonly number[]): string => (values.length === 0 ? '?' : formatPps(values.at(-1)!));

/** The detail as lines for `width`, the table scrolled to `scroll` within `height`. */
export function fleetDetailLines(detail: FleetDetail, width: number, height: number, scroll: number, ascii: boolean): FleetLine[] {
	const labelWidth = Math.max(8, ...[...detail.queues, ...detail.cpus].map(track => track.label.length));
	const graphWidth = Math.max(0, Math.min(detail.minutes * 60 / detailStepSeconds, width - labelWidth - 20));
	const row = (label: string, rx: string, tx: string, graph: string) => `${label.padEnd(labelWidth)}  ${rx.padStart(7)}  ${tx.padStart(7)}  ${graph}`.trimEnd();
	const section = (title: string, list: readonly Track[]): FleetLine[] => {
		const scale = Math.max(0, ...list.flatMap(track => track.rx));
		return [
			{text: row(title, 'RX/s', 'TX/s', graphWidth > 0 ? `rx, last ${detail.minutes} min` : ''), style: 'header'},
			...(list.length === 0 ? [{text: '(no series in this range)', style: 'dim' as const}] : list.map(track => ({text: row(track.label, last(track.rx), last(track.tx), scaledSparkline(track.rx, graphWidth, scale, ascii))}))),
		];
	};

	const all = [...section('QUEUE', detail.queues), {text: ''}, ...section('CPU', detail.cpus)];
	const start = Math.max(0, Math.min(scroll, all.length - height));
	return all.slice(start, start + Math.max(1, height)).map(line => ({...line, text: line.text.slice(0, width)}));
}
