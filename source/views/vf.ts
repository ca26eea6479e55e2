// The VF split as lines: for every device, packets and bytes per second on
// the synthetic queues against the VF (Accelerated Networking), so queues that
// look idle are explained instead of looking like a fault
// (safety-and-practice.md §2.2; netvsc-model.md §8.7).
import {vfDominantShare} from '../stats/vf-share.js';
import type {DeviceReading} from '../stats/reading.js';
import type {Totals} from '../stats/index.js';
import {bar, formatPercent, formatPps, formatRate, type Units} from '../format.js';
import {fit, line, type Tone, type ViewLine} from './line.js';
import {plural} from '../plural.js';
import type {ViewSpec} from './view.js';
import {vfDetailLines} from './vf-queues.js';

export type VfState =
	/** The VF carries nearly everything: idle synthetic queues are expected. */
	| 'vf-carries'
	/** Both paths carry a fair part. */
	| 'mixed'
	/** VF counters show past traffic but no VF is paired now: synthetic fallback. */
	| 'vf-absent'
	/** No VF and no VF traffic ever: Accelerated Networking off. */
	| 'no-vf'
	| 'idle'
	| 'no-data';

export type VfSplit = {
	readonly device: string;
	readonly vf?: string;
	readonly queues: number;
	readonly synthetic: Totals;
	readonly vfPath?: Totals & {readonly dropsPerSec: number};
	/** 0…1 of the device's packets (rx + tx) that went through the VF. */
	readonly vfShare: number;
	/** 0…1 of them on the synthetic queues (0 as well when both paths are idle). */
	readonly syntheticShare: number;
	readonly state: VfState;
	/** Set for a driver other than hv_netvsc: it has no VF path (Accelerated Networking is netvsc's). */
	readonly otherDriver?: string;
};

const zero: Totals = {rxPps: 0, rxBps: 0, txPps: 0, txBps: 0};
const packets = (t: Totals | undefined): number => (t ? t.rxPps + t.txPps : 0);
/** Below one packet a second a path counts as idle. */
const idlePps = 1;

export function vfSplit(reading: DeviceReading): VfSplit {
	const {snapshot, rates} = reading;
	if (!snapshot || !rates) {
		return {device: reading.name, queues: 0, synthetic: zero, vfShare: 0, syntheticShare: 0, state: 'no-data'};
	}

	const synthetic = rates.totals;
	// The netvsc device's vf_* totals; without them, the VF's own queue totals (read through its driver).
	const vfPath = rates.vf ?? (rates.vfDevice ? {...rates.vfDevice.totals, dropsPerSec: 0} : undefined);
	const all = packets(synthetic) + packets(vfPath);
	const vfShare = all > 0 ? packets(vfPath) / all : 0;
	const hadVf = snapshot.vfTraffic !== undefined && snapshot.vfTraffic.rxPackets + snapshot.vfTraffic.txPackets > 0n;
	let state: VfState;
	if (snapshot.vf === undefined) {
		state = hadVf && packets(vfPath) < idlePps ? 'vf-absent' : (packets(vfPath) >= idlePps ? 'mixed' : 'no-vf');
	} else if (all < idlePps) {
		state = 'idle';
	} else {
		state = vfShare >= vfDominantShare ? 'vf-carries' : 'mixed';
	}

	const driver = snapshot.info.ok ? snapshot.info.value.driver : undefined;
	return {
		device: reading.name,
		...(driver === undefined || driver === 'hv_netvsc' ? {} : {otherDriver: driver}),
		...(snapshot.vf === undefined ? {} : {vf: snapshot.vf}),
		queues: rates.queues.length,
		synthetic,
		...(vfPath ? {vfPath} : {}),
		vfShare,
		syntheticShare: all > 0 ? 1 - vfShare : 0,
		state,
	};
}

function stateNote(split: VfSplit): {text: string; tone?: Tone} {
	const share = formatPercent(split.vfShare);
	switch (split.state) {
		case 'vf-carries': {
			return {text: `VF carries ${share} of packets: idle synthetic queues are expected`, tone: 'good'};
		}

		case 'mixed': {
			return {text: `VF carries ${share} of packets; the synthetic queues carry the rest`};
		}

		case 'vf-absent': {
			return {text: 'VF absent (it carried traffic before): synthetic fallback — host servicing?', tone: 'warn'};
		}

		case 'no-vf': {
			return split.otherDriver
				? {text: `VF split: not supported by ${split.otherDriver} (a VF path is hv_netvsc's)`, tone: 'dim'}
				: {text: 'no VF: Accelerated Networking off, all traffic on the synthetic queues', tone: 'dim'};
		}

		case 'idle': {
			return {text: 'idle on both paths', tone: 'dim'};
		}

		case 'no-data': {
			return {text: 'no data yet', tone: 'dim'};
		}
	}
}

const widths = {device: 8, path: 18, pps: 7, rate: 11, share: 6} as const;

function row(cells: {device: string; path: string; rxPps: string; rxRate: string; txPps: string; txRate: string; share: string}): string {
	return [
		cells.device.padEnd(widths.device),
		cells.path.padEnd(widths.path),
		cells.rxPps.padStart(widths.pps),
		cells.rxRate.padStart(widths.rate),
		cells.txPps.padStart(widths.pps),
		cells.txRate.padStart(widths.rate),
		cells.share.padStart(widths.share),
	].join(' ');
}

const rowWidth = row({device: '', path: '', rxPps: '', rxRate: '', txPps: '', txRate: '', share: ''}).length;

function pathCells(name: string, path: string, t: Totals, share: number, units: Units, barWidth: number, ascii: boolean): string {
	const text = row({
		device: name,
		path: fit(path, widths.path),
		rxPps: formatPps(t.rxPps),
		rxRate: formatRate(t.rxBps, units),
		txPps: formatPps(t.txPps),
		txRate: formatRate(t.txBps, units),
		share: formatPercent(share),
	});
	return barWidth > 0 ? `${text} ${bar(share, barWidth, ascii)}`.trimEnd() : text;
}

export type VfViewOptions = {
	readonly units: Units;
	readonly columns: number;
	readonly maxLines: number;
	readonly ascii?: boolean;
	/** The device on screen, shown in bold. */
	readonly selected?: string;
};

/** One block of lines per device: the synthetic path, the VF path (if any), and what it means. */
export function deviceBlock(split: VfSplit, options: VfViewOptions): ViewLine[] {
	const {columns, units} = options;
	const barWidth = Math.max(0, Math.min(20, columns - rowWidth - 1));
	const bold = split.device === options.selected;
	const synthetic = pathCells(split.device, `${split.otherDriver ? 'device' : 'synthetic'} ${split.queues} q`, split.synthetic, split.syntheticShare, units, barWidth, options.ascii ?? false);
	const lines: ViewLine[] = [line(fit(synthetic, columns), bold ? 'bold' : undefined)];
	if (split.vfPath && (split.vf !== undefined || split.state === 'mixed' || split.state === 'vf-absent')) {
		const name = split.vf ? `VF ${split.vf}` : 'VF (gone)';
		lines.push(line(fit(pathCells('', name, split.vfPath, split.vfShare, units, barWidth, options.ascii ?? false), columns)));
	}

	const note = stateNote(split);
	lines.push(line(fit(`${' '.repeat(widths.device + 1)}${note.text}`, columns), note.tone));
	return lines;
}

export function vfViewLines(readings: readonly DeviceReading[], options: VfViewOptions): ViewLine[] {
	if (readings.length === 0) {
		return [line('no devices', 'dim')].slice(0, options.maxLines);
	}

	const header = line(fit(row({device: 'device', path: 'path', rxPps: 'rx pps', rxRate: 'rx rate', txPps: 'tx pps', txRate: 'tx rate', share: 'share'}).trimEnd(), options.columns), 'bold');
	const lines: ViewLine[] = [header];
	for (const [index, reading] of readings.entries()) {
		const block = deviceBlock(vfSplit(reading), options);
		const left = readings.length - index;
		// Keep a line for "+N more" unless this is the last block.
		if (lines.length + block.length + (left > 1 ? 1 : 0) > options.maxLines) {
			lines.push(line(`+${plural(left, 'device')} more (--once --view vf lists all)`, 'dim'));
			break;
		}

		lines.push(...block);
	}

	return lines.slice(0, options.maxLines);
}

/** The VF view (4): synthetic against VF traffic, every device in one picture. */
export const vfView: ViewSpec<'vf'> = {
	name: 'vf',
	title: 'VF split',
	key: '4',
	scope: 'machine',
	lines({reading, readings, history}, options) {
		const split = vfViewLines(readings, {
			units: options.units,
			columns: options.columns,
			maxLines: options.maxLines,
			ascii: options.ascii,
			...(reading === undefined ? {} : {selected: reading.name}),
		});
		// The VF's own queues and errors: the device on screen's, or (--once) every device's that has them.
		const detailed = reading === undefined ? readings : [reading];
		const detail = (r: DeviceReading, maxLines: number) => vfDetailLines(r, r === reading ? history : undefined, {...options, maxLines, ...(options.intervalMs === undefined ? {} : {intervalMs: options.intervalMs})});
		return detailed.reduce((lines, r) => [...lines, ...detail(r, options.maxLines - lines.length)], split);
	},
	json: reading => ({...vfSplit(reading)}),
	// Nothing scrolls: a device that does not fit is counted in "+N more".
	scroll: (_input, options) => ({items: 0, window: options.maxLines}),
};
