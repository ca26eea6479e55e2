// The fleet as a plain table (--once) and as JSON Lines (--json).
import {formatPps} from '../format.js';
import {fewChannels, isStale, type FleetRow} from './rows.js';

const header = ['HOST', 'NIC', 'CHANNELS', 'VCPUS', 'VF', 'RX PPS', 'TX PPS', 'IMBAL', 'DROPS/S', 'ADVICE', 'PENDING', 'STATE'];

const number = (value: number | undefined, digits = 0): string => (value === undefined ? '?' : (digits > 0 ? value.toFixed(digits) : formatPps(value)));

function cells(row: FleetRow): string[] {
	if (!row.up) {
		return [row.instance, '-', 'target down', '', '', '', '', '', '', '', '', 'down'];
	}

	const channels = `${row.channels ?? '?'}/${row.maxChannels ?? '?'}${fewChannels(row) ? '!' : ''}`;
	const vf = row.vf ? `${row.vf}${row.vfChannels === undefined ? '' : ` (${row.vfChannels})`}` : 'none';
	return [row.instance, row.device ?? '', channels, number(row.vcpus), vf, number(row.rxPps), number(row.txPps), number(row.imbalance, 2), number(row.dropsPerSecond, 1), String(row.advice), row.pending > 0 ? String(row.pending) : '-', isStale(row) ? `stale ${Math.round(row.ageSeconds! / 60)} min` : 'ok'];
}

export function fleetText(rows: readonly FleetRow[]): string {
	const table = [header, ...rows.map(row => cells(row))];
	const widths = header.map((_, column) => Math.max(...table.map(line => line[column]!.length)));
	return table.map(line => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export const fleetJsonLines = (rows: readonly FleetRow[]): string => rows.map(row => JSON.stringify(row)).join('\n');
