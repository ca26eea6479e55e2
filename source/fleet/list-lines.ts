// The fleet dashboard's table as lines: one per row in the window, the
// selected one marked by a pointer (not by colour alone), columns fitted to
// the width (narrower gaps, a shorter host, then the least needed columns
// go). Pure: the Ink shell (source/ui/fleet-app.tsx) only prints them.
import {formatPps} from '../format.js';
import {fewChannels, isStale, type FleetRow} from './rows.js';

export type FleetLine = {readonly text: string; readonly style?: 'header' | 'selected' | 'problem' | 'dim'};

type Column = {readonly title: string; readonly cell: (row: FleetRow) => string; readonly right?: boolean};

const rate = (value: number | undefined): string => (value === undefined ? '?' : formatPps(value));
const fixed = (value: number | undefined, digits: number): string => (value === undefined ? '?' : value.toFixed(digits));

function state(row: FleetRow): string {
	if (!row.up) {
		return 'down';
	}

	return isStale(row) ? `stale ${Math.round(row.ageSeconds! / 60)}m` : 'ok';
}

// In the order shown; `drop` lists them least needed first, for a narrow terminal.
const columns: Readonly<Record<string, Column>> = {
	host: {title: 'HOST', cell: row => row.instance},
	nic: {title: 'NIC', cell: row => row.device ?? '-'},
	channels: {title: 'CH/MAX', cell: row => (row.up ? `${row.channels ?? '?'}/${row.maxChannels ?? '?'}${fewChannels(row) ? '!' : ''}` : ''), right: true},
	vcpus: {title: 'CPUS', cell: row => (row.up ? fixed(row.vcpus, 0) : ''), right: true},
	vf: {title: 'VF', cell: row => (row.up ? (row.vf ? 'yes' : 'no') : '')},
	rx: {title: 'RX/s', cell: row => (row.up ? rate(row.rxPps) : ''), right: true},
	tx: {title: 'TX/s', cell: row => (row.up ? rate(row.txPps) : ''), right: true},
	imbalance: {title: 'IMBAL', cell: row => (row.up ? fixed(row.imbalance, 2) : ''), right: true},
	drops: {title: 'DROP/s', cell: row => (row.up ? fixed(row.dropsPerSecond, 1) : ''), right: true},
	advice: {title: 'ADV', cell: row => (row.up ? String(row.advice) : ''), right: true},
	pending: {title: 'CHG', cell: row => (row.up && row.pending > 0 ? String(row.pending) : (row.up ? '-' : '')), right: true},
	state: {title: 'STATE', cell: state},
};

const order = Object.keys(columns);
const drop = ['vcpus', 'tx', 'advice', 'vf', 'channels', 'pending', 'rx'];
const minHost = 12;

const fit = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}~`);

/** Which columns, their widths and the gap, for these rows in `width` (the pointer's 2 columns aside). */
function layout(rows: readonly FleetRow[], width: number): {names: string[]; widths: Map<string, number>; gap: number} {
	const widths = new Map(order.map(name => [name, Math.max(columns[name]!.title.length, ...rows.map(row => columns[name]!.cell(row).length))]));
	let names = [...order];
	const total = (gap: number) => names.reduce((sum, name) => sum + widths.get(name)!, 0) + (gap * (names.length - 1)) + 2;
	for (const gap of [2, 1]) {
		if (total(gap) <= width) {
			return {names, widths, gap};
		}
	}

	widths.set('host', Math.max(minHost, widths.get('host')! - (total(1) - width)));
	for (const name of drop) {
		if (total(1) <= width) {
			break;
		}

		names = names.filter(other => other !== name);
	}

	return {names, widths, gap: 1};
}

export type ListInput = {
	readonly rows: readonly FleetRow[];
	readonly selected: number;
	readonly width: number;
	/** Lines for the table, its header included. */
	readonly height: number;
	readonly ascii: boolean;
	/** The rows are from an earlier reading (Prometheus did not answer since). */
	readonly stale: boolean;
};

/** The first row of the window that keeps `selected` on screen, about a third from the top when it moves far. */
export function windowStart(total: number, selected: number, size: number): number {
	if (total <= size) {
		return 0;
	}

	return Math.max(0, Math.min(selected - Math.floor(size / 3), total - size));
}

export function fleetListLines(input: ListInput): FleetLine[] {
	const size = Math.max(1, input.height - 1);
	const start = windowStart(input.rows.length, input.selected, size);
	const shown = input.rows.slice(start, start + size);
	const {names, widths, gap} = layout(shown, input.width);
	const space = ' '.repeat(gap);
	const line = (cell: (name: string) => string) => names.map(name => {
		const text = fit(cell(name), widths.get(name)!);
		return columns[name]!.right ? text.padStart(widths.get(name)!) : text.padEnd(widths.get(name)!);
	}).join(space).trimEnd();
	const pointer = input.ascii ? '>' : '›';
	const header: FleetLine = {text: `  ${line(name => columns[name]!.title)}`, style: 'header'};
	const body = shown.map((row, index): FleetLine => {
		const selected = start + index === input.selected;
		const cells = line(name => (name === 'state' && input.stale && row.up ? 'stale' : columns[name]!.cell(row)));
		return {text: `${selected ? pointer : ' '} ${cells}`, ...(selected ? {style: 'selected' as const} : (row.up ? {} : {style: 'problem' as const}))};
	});
	return [header, ...body];
}

/** `text` in lines of at most `width`, broken at spaces where it can; at most `max` lines, the last cut with "~". */
export function wrapLine(text: string, width: number, max: number): string[] {
	const lines: string[] = [];
	let rest = text;
	while (rest.length > 0 && lines.length < max) {
		if (rest.length <= width) {
			lines.push(rest);
			return lines;
		}

		const space = rest.lastIndexOf(' ', width);
		const cut = lines.length === max - 1 ? width - 1 : (space > width / 2 ? space : width);
		lines.push(lines.length === max - 1 ? `${rest.slice(0, cut)}~` : rest.slice(0, cut));
		rest = rest.slice(cut).trimStart();
	}

	return lines;
}
