// imbalance.ts as of c8f0174, before the per-tick allocation work; the old
// computeRates (./rates.ts) uses it. Kept (issue 14): it fixes the rounding of
// the figure (max·N/sum): max/(sum/N) in source/ passed every direct test and
// only test/stats/same-as-before.test.ts caught it (--json shows the figure).
// How unevenly traffic is spread across the device's queues.
//
// Why max/mean: the hottest queue is what saturates first — its CPU runs out of
// softirq time while the others idle — so the figure an admin needs is "the
// hottest queue carries X× its fair share". It is 1 when even and N (the queue
// count) when one queue carries everything, so it is comparable across channel
// counts: at 8 queues an imbalance near 8 says more channels cannot help (one
// flow, or a hash that lands on one queue); near 1 says the spread is fine and
// more channels would add capacity. Variance-style figures hide the one hot queue.

/** What the figure needs of a queue; QueueRates fits. */
export type QueueLoad = {readonly index: number; readonly rxPps: number; readonly txPps: number};

const load = (q: QueueLoad): number => clean(q.rxPps) + clean(q.txPps);
// Negative or non-finite loads are treated as idle rather than poisoning the figure.
const clean = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/** max/mean of the loads, in [1, loads.length]; 1 when idle or with ≤ 1 load. */
export function imbalance(loads: readonly number[]): number {
	if (loads.length <= 1) {
		return 1;
	}

	let sum = 0;
	let max = 0;
	for (const raw of loads) {
		const x = clean(raw);
		sum += x;
		max = Math.max(max, x);
	}

	if (!(sum > 0) || !Number.isFinite(sum)) {
		return 1;
	}

	// Max·N/sum, clamped: float rounding must not leave the documented bounds.
	return Math.min(loads.length, Math.max(1, (max * loads.length) / sum));
}

/** The imbalance of per-queue (rx+tx) packets/s. */
export function queueImbalance(queues: readonly QueueLoad[]): number {
	return imbalance(queues.map(q => load(q)));
}

/** The index of the queue with the most (rx+tx) packets/s (lowest index on a tie); undefined when idle. */
export function hottestQueue(queues: readonly QueueLoad[]): number | undefined {
	let best: QueueLoad | undefined;
	let bestLoad = 0;
	for (const q of queues) {
		const x = load(q);
		if (x > bestLoad || (x === bestLoad && best !== undefined && q.index < best.index)) {
			best = q;
			bestLoad = x;
		}
	}

	return best?.index;
}
