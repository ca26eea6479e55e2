// How an RSS table and key read in messages: a table by its shape ("equal over
// 8 queues", "weights 4 1 1 1", "128 entries"), a key by its ends. Pure.
import {spreadOf} from '../ethtool/rxfh.js';

const maxWeightsShown = 16;

/** A table as the form that writes it, over the queues it references. */
export function tableText(table: readonly number[]): string {
	if (table.length === 0) {
		return 'empty';
	}

	const spread = spreadOf(table, Math.max(...table) + 1);
	if (spread?.form === 'default') {
		const queues = Math.max(...table) + 1;
		return queues === 1 ? 'all on queue 0' : `equal over ${queues} queues`;
	}

	if (spread?.form === 'weight') {
		const shown = spread.weights.slice(0, maxWeightsShown).join(' ');
		return `weights ${shown}${spread.weights.length > maxWeightsShown ? ' …' : ''}`;
	}

	return `${table.length} entries`;
}

/** A key by its first four and last two bytes: two keys that differ anywhere mostly differ there too. */
export function keyText(key: string): string {
	const bytes = key.split(':');
	return bytes.length <= 6 ? key : `${bytes.slice(0, 4).join(':')}…${bytes.slice(-2).join(':')}`;
}
