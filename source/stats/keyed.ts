// Lookups by a numeric key (queue index, CPU id) in a snapshot's arrays.
// Sources list each queue and CPU once, in ascending order: then the array
// is its own index and a tick needs no Map. Any other array (duplicates,
// any order, NaN) gets the Map it always had, so answers never differ.

export type KeyOf<T> = (item: T) => number;

/** Finds what `new Map(items.map(i => [key(i), i])).get(k)` would: the last item with that key. */
export type Lookup<T> = (key: number) => T | undefined;

/** Every key a number below the next one: one item per key, none NaN. */
export function isAscending<T>(items: readonly T[], key: KeyOf<T>): boolean {
	let previous = Number.NaN;
	for (let i = 0; i < items.length; i++) {
		const k = key(items[i]!);
		if (Number.isNaN(k) || (i > 0 && !(k > previous))) {
			return false;
		}

		previous = k;
	}

	return true;
}

function binarySearch<T>(items: readonly T[], key: KeyOf<T>, wanted: number): T | undefined {
	let low = 0;
	let high = items.length - 1;
	while (low <= high) {
		const middle = (low + high) >>> 1;
		const item = items[middle]!;
		const k = key(item);
		if (k === wanted) {
			return item;
		}

		if (k < wanted) {
			low = middle + 1;
		} else {
			high = middle - 1;
		}
	}

	return undefined;
}

export const byKey = <T>(items: readonly T[], key: KeyOf<T>): Map<number, T> =>
	new Map(items.map(item => [key(item), item]));

export function lookupBy<T>(items: readonly T[], key: KeyOf<T>): Lookup<T> {
	if (isAscending(items, key)) {
		return wanted => binarySearch(items, key, wanted);
	}

	const map = byKey(items, key);
	return wanted => map.get(wanted);
}
