// `ethtool -X` as ethtool userspace sees it: `equal N` and `weight W…` become
// a full indirection table before the kernel sees anything (ethtool's
// fill_indir_table), `hkey` is hex bytes joined by colons, and a table read
// with `ethtool -x` is written back only in one of those forms (ethtool's
// command line has no explicit table). Pure; the model and the live source both
// use it, so there is one table arithmetic.

/** `equal N` from `start`: entry i → start + i % N. */
export const equalTable = (size: number, queues: number, start = 0): number[] =>
	Array.from({length: size}, (_, i) => start + (i % queues));

/**
 * `weight W0 W1 …`: queue q gets a contiguous run of entries in proportion to
 * its weight (ethtool rounds the boundaries down). The caller has checked
 * that the weights sum to 1 … size.
 */
export function weightTable(size: number, weights: readonly number[], start = 0): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	const table: number[] = [];
	let queue = -1;
	let partial = 0;
	for (let i = 0; i < size; i++) {
		while (i >= Math.floor((size * partial) / sum)) {
			queue++;
			partial += weights[queue] ?? 0;
		}

		table.push(start + queue);
	}

	return table;
}

/** How `ethtool -X` can put a table back: `default`, `equal N`, `weight W…`; undefined when no form gives it. */
export type RxfhSpread =
	| {readonly form: 'default'}
	| {readonly form: 'equal'; readonly queues: number}
	| {readonly form: 'weight'; readonly weights: readonly number[]};

const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((entry, i) => entry === b[i]);

/** Entries per queue 0 … highest, in queue order. */
function runs(table: readonly number[]): number[] {
	const counts: number[] = [];
	for (const entry of table) {
		counts[entry] = (counts[entry] ?? 0) + 1;
	}

	return Array.from(counts, count => count ?? 0);
}

/**
 * The ethtool form that writes `table` on a device with `queues` RX rings:
 * the default round-robin over all of them is `default` (it also clears the
 * "user configured" flag, as a table the driver chose should be); another
 * round-robin is `equal N`; contiguous runs are `weight` with each queue's run
 * length (smallest weights that reproduce it are not sought: run lengths always do).
 */
export function spreadOf(table: readonly number[], queues: number): RxfhSpread | undefined {
	if (table.length === 0) {
		return undefined;
	}

	if (same(table, equalTable(table.length, queues))) {
		return {form: 'default'};
	}

	const highest = Math.max(...table);
	if (same(table, equalTable(table.length, highest + 1))) {
		return {form: 'equal', queues: highest + 1};
	}

	const weights = runs(table);
	return same(table, weightTable(table.length, weights)) ? {form: 'weight', weights} : undefined;
}

/** The words after `ethtool -X DEV` for a spread. */
export function spreadWords(spread: RxfhSpread): string[] {
	switch (spread.form) {
		case 'default': {
			return ['default'];
		}

		case 'equal': {
			return ['equal', String(spread.queues)];
		}

		case 'weight': {
			return ['weight', ...spread.weights.map(String)];
		}
	}
}

/** `hkey` as ethtool takes it: hex bytes separated by colons (`6d:5a:56:…`); the bytes, or why not. */
export function parseHkey(text: string): number[] | string {
	const parts = text.trim().split(':');
	if (parts.some(part => !/^[\da-fA-F]{1,2}$/.test(part))) {
		return `hkey must be hex bytes separated by colons (e.g. 6d:5a:56:…), got ${JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text)}`;
	}

	return parts.map(part => Number.parseInt(part, 16));
}

/** Bytes as ethtool prints a key: two lower-case hex digits each, joined by colons. */
export const formatHkey = (bytes: readonly number[]): string => bytes.map(byte => byte.toString(16).padStart(2, '0')).join(':');
