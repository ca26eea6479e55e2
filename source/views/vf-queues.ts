// Below the VF split, for a device whose VF is read through its own driver:
// the VF's share of packets over the last samples, its queues (role, CPU,
// rates) and its driver's error counters. Devices without one add nothing.
import {formatCount, formatPercent, formatPps, formatRate, formatSi, type Units} from '../format.js';
import {vfShareSeries, type RateHistory} from '../stats/index.js';
import type {DeviceReading} from '../stats/reading.js';
import type {VfDeviceRates} from '../stats/rates.js';
import {fit, line, type ViewLine} from './line.js';
import {roleText} from './queue-path.js';
import {scaledSparkline} from './sparkline.js';
import {spanText} from './queues.js';

export type VfDetailOptions = {
	readonly units: Units;
	readonly columns: number;
	readonly maxLines: number;
	readonly ascii: boolean;
	readonly intervalMs?: number;
};

const row = (cells: readonly string[]): string =>
	[cells[0]!.padStart(3), cells[1]!.padEnd(5), cells[2]!.padStart(4), cells[3]!.padStart(8), cells[4]!.padStart(11), cells[5]!.padStart(8), cells[6]!.padStart(11), cells[7]!.padStart(6)].join(' ').trimEnd();

/** "VF share, last 24s ▁▂▅█ 96.1%": the split over time, from the device's history. */
function shareLine(vf: VfDeviceRates, history: RateHistory | undefined, options: VfDetailOptions): ViewLine[] {
	const values = history ? vfShareSeries(history) : [];
	if (values.length < 2) {
		return [];
	}

	const label = `VF ${vf.name} share of packets, last `;
	const width = Math.max(0, Math.min(values.length, options.columns - label.length - 12));
	const now = formatPercent(values.at(-1)!);
	return width > 1
		? [line(fit(`${label}${spanText(width, options.intervalMs ?? 1000)} ${scaledSparkline(values.slice(-width), width, 1, options.ascii)} ${now}`, options.columns))]
		: [];
}

/** The VF's driver errors on one line: rising first, "all N at 0" when none counted. */
function errorsLine(vf: VfDeviceRates, columns: number): ViewLine {
	const counted = vf.errors.filter(e => e.value > 0n || e.rising).sort((a, b) => Number(b.rising) - Number(a.rising));
	if (counted.length === 0) {
		const text = vf.errors.length > 0
			? `VF errors: all ${vf.errors.length} ${vf.driver} error counters at 0`
			: `VF errors: no error counter of ${vf.driver} that hvtop knows`;
		return line(fit(text, columns), 'dim');
	}

	const text = counted.map(e => `${e.name} ${formatCount(e.value)}${e.rising ? ` +${formatSi(e.rate)}/s` : ''}`).join('  ');
	return line(fit(`VF errors: ${text}`, columns), counted.some(e => e.rising) ? 'hot' : undefined);
}

/** The VF's own lines for one device, within maxLines; [] without a VF read through its driver. */
export function vfDetailLines(reading: DeviceReading, history: RateHistory | undefined, options: VfDetailOptions): ViewLine[] {
	const vf = reading.rates?.vfDevice;
	if (!vf || options.maxLines < 4) {
		return [];
	}

	const head = [
		line(''),
		...shareLine(vf, history, options),
		line(fit(`${reading.name}: VF ${vf.name} (${vf.driver}) queues, imbalance ${vf.imbalance.toFixed(2)}×${vf.replaced ? ' (new VF instance: counters restarted)' : ''}`, options.columns), 'accent'),
		line(fit(row(['Q', 'role', 'CPU', 'rx pps', 'rx rate', 'tx pps', 'tx rate', 'share']), options.columns), 'bold'),
	];
	const room = Math.max(0, options.maxLines - head.length - 1);
	const shown = vf.queues.length > room ? vf.queues.slice(0, Math.max(0, room - 1)) : vf.queues;
	const rows = shown.map(q => line(fit(row([String(q.index), roleText(q.role), q.cpu === undefined ? '-' : String(q.cpu), formatPps(q.rxPps), formatRate(q.rxBps, options.units), formatPps(q.txPps), formatRate(q.txBps, options.units), formatPercent(q.share)]), options.columns)));
	const more = vf.queues.length - shown.length;
	return [
		...head,
		...rows,
		...(more > 0 ? [line(`+${more} VF queues more (1, then f: the VF's queue table)`, 'dim')] : []),
		errorsLine(vf, options.columns),
	].slice(0, options.maxLines);
}
