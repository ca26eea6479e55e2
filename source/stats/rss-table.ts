// Facts about an RSS indirection table that advice and the RSS view both read.

/** Table entries pointing at each queue 0…queues−1 (entries beyond are ignored). */
export function tableEntries(table: readonly number[], queues: number): number[] {
	const counts = Array.from({length: queues}, () => 0);
	for (const entry of table) {
		if (entry >= 0 && entry < queues) {
			counts[entry]!++;
		}
	}

	return counts;
}

/** The table `ethtool -X default` would give: entry i → i % queues. */
export const isDefaultTable = (table: readonly number[], queues: number): boolean =>
	queues > 0 && table.every((entry, i) => entry === i % queues);
