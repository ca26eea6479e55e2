// The per-queue table as pre-padded text lines: one <Text> per row is several
// times cheaper for Ink than a <Box> per cell (see perf-anchors), and pure
// strings are easy to test.
import type {DeviceRates, QueueRates} from '../stats/index.js';
import {bar, formatPercent, formatPps, formatRate, type Units} from './format.js';

export type QueueLine = {
	readonly text: string;
	/** Carries well above its fair share: highlighted. */
	readonly hot: boolean;
	readonly idle: boolean;
};

export type QueueTable = {
	readonly header: string;
	readonly rows: readonly QueueLine[];
	readonly total: string;
	/** Queues left out by "hide idle". */
	readonly hidden: number;
};

// Fixed columns; the share bar takes what is left of the width.
const widths = {queue: 3, cpu: 4, pps: 8, rate: 11, share: 6} as const;
const fixedWidth = widths.queue + widths.cpu + (widths.pps + widths.rate) * 2 + widths.share + 7;

export function barWidth(columns: number): number {
	return Math.max(0, Math.min(30, columns - fixedWidth - 1));
}

function line(cells: {queue: string; cpu: string; rxPps: string; rxRate: string; txPps: string; txRate: string; share: string; bar: string}): string {
	return [
		cells.queue.padStart(widths.queue),
		cells.cpu.padStart(widths.cpu),
		cells.rxPps.padStart(widths.pps),
		cells.rxRate.padStart(widths.rate),
		cells.txPps.padStart(widths.pps),
		cells.txRate.padStart(widths.rate),
		cells.share.padStart(widths.share),
		cells.bar,
	].join(' ').trimEnd();
}

const isIdle = (q: QueueRates): boolean => q.rxPps + q.txPps < 0.5;

export function queueTable(rates: DeviceRates, options: {units: Units; hideIdle: boolean; columns: number; ascii: boolean}): QueueTable {
	const width = barWidth(options.columns);
	const fair = rates.queues.length > 0 ? 1 / rates.queues.length : 1;
	const header = line({queue: 'Q', cpu: 'CPU', rxPps: 'rx pps', rxRate: 'rx rate', txPps: 'tx pps', txRate: 'tx rate', share: 'share', bar: ''});
	const shown = options.hideIdle ? rates.queues.filter(q => !isIdle(q)) : rates.queues;
	const rows = shown.map(q => ({
		text: line({
			queue: String(q.index),
			cpu: q.cpu === undefined ? '-' : String(q.cpu),
			rxPps: formatPps(q.rxPps),
			rxRate: formatRate(q.rxBps, options.units),
			txPps: formatPps(q.txPps),
			txRate: formatRate(q.txBps, options.units),
			share: formatPercent(q.share),
			// Half the bar is a fair share (1/N); a full bar is twice that or more.
			bar: bar(q.share / (2 * fair), width, options.ascii),
		}),
		hot: rates.queues.length > 1 && q.share > 2 * fair,
		idle: isIdle(q),
	}));
	const t = rates.totals;
	const total = line({
		queue: 'all',
		cpu: '',
		rxPps: formatPps(t.rxPps),
		rxRate: formatRate(t.rxBps, options.units),
		txPps: formatPps(t.txPps),
		txRate: formatRate(t.txBps, options.units),
		share: rates.queues.length > 0 ? '100%' : '-',
		bar: '',
	});
	return {header, rows, total, hidden: rates.queues.length - shown.length};
}
