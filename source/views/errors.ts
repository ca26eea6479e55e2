// The driver's error counters packed into a few lines: rising ones first (they
// are what the admin must see), then the ones that are non-zero but quiet.
import type {DeviceRates, ErrorRate} from '../stats/index.js';
import {formatCount, formatSi} from '../format.js';

export type ErrorItem = {readonly text: string; readonly rising: boolean};

/** Rising, without colour: the symbol says it (NO_COLOR). */
export const risingMark = '↑';

/**
 * The device's error counters and, when its VF is read, the VF driver's
 * (named "VF …"): on Azure most drops happen on the VF, so a line that showed
 * netvsc's alone would say "all at 0" while hc_rx_discards_no_wqe climbs.
 */
export function deviceAndVfErrors(rates: DeviceRates): readonly ErrorRate[] {
	const vf = rates.vfDevice;
	return vf && vf.errors.length > 0
		? [...rates.errors, ...vf.errors.map(e => ({...e, name: `VF ${e.name}`}))]
		: rates.errors;
}

export function errorItems(errors: readonly ErrorRate[], marks = false): ErrorItem[] {
	const shown = errors.filter(e => e.rising || e.value > 0n);
	shown.sort((a, b) => Number(b.rising) - Number(a.rising) || b.rate - a.rate);
	return shown.map(e => ({
		text: e.rising ? `${marks ? risingMark : ''}${e.name} ${formatCount(e.value)} +${formatSi(e.rate)}/s` : `${e.name} ${formatCount(e.value)}`,
		rising: e.rising,
	}));
}

/** Greedy line packing; what does not fit becomes "+N more". */
export function packLines(items: readonly ErrorItem[], columns: number, maxLines: number): ErrorItem[][] {
	const lines: ErrorItem[][] = [[]];
	let used = 0;
	for (const [index, item] of items.entries()) {
		const width = item.text.length + 2;
		if (used + width > columns && lines.at(-1)!.length > 0) {
			if (lines.length === maxLines) {
				// Make room on the last line for the "+N more" marker.
				const last = lines.at(-1)!;
				const rest = items.slice(index);
				const marker = (extra: number) => `+${rest.length + extra} more`;
				let extra = 0;
				while (last.length > 1 && used + marker(extra).length + 2 > columns) {
					used -= last.pop()!.text.length + 2;
					extra++;
				}

				last.push({text: marker(extra), rising: rest.some(x => x.rising)});
				return lines;
			}

			lines.push([]);
			used = 0;
		}

		lines.at(-1)!.push(item);
		used += width;
	}

	return lines.filter(line => line.length > 0);
}
