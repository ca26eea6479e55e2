// Small numeric helpers for the bench: medians over repeats, not means, so
// one descheduled sample on a shared 2-vCPU machine does not move a figure.

export function median(values: readonly number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The value below which `p` (0…1) of the samples fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export type Spread = {readonly min: number; readonly median: number; readonly max: number};

export function spread(values: readonly number[]): Spread {
	return {min: Math.min(...values), median: median(values), max: Math.max(...values)};
}

export const sleep = async (ms: number): Promise<void> => new Promise(resolve => {
	setTimeout(resolve, ms);
});
