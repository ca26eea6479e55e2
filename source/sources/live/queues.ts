// Per-queue counters for any driver, and when they restarted.
//
// Choice: per-queue numbers come from `ethtool -S` names
// `(rx|tx)_queue_N_(packets|bytes)` (hv_netvsc, virtio_net and others; see
// splitCounters). A driver without such names gets its device totals from
// sysfs `statistics/` as one queue, index 0 — e.g. veth, whose per-queue
// `-S` counters (`rx_queue_N_xdp_*`, `tx_queue_N_xdp_xmit*`) count only the
// NAPI/XDP path and have no TX side for ordinary traffic, so they would show
// zeros while packets flow. hv_netvsc never gets the fallback: its totals
// include the VF path and would look like queue 0's traffic; when its `-S`
// fails the queue list is empty and the stats panel shows why.
import {isReset} from '../counter-delta.js';
import type {QueueCounters} from '../source.js';
import type {DeviceTotals} from './sysfs.js';

export function queuesFor(fromStats: readonly QueueCounters[] | undefined, totals: DeviceTotals | undefined, isNetvsc: boolean): readonly QueueCounters[] {
	if (fromStats !== undefined && fromStats.length > 0) {
		return fromStats;
	}

	if (!isNetvsc && totals !== undefined) {
		return [{index: 0, rxPackets: totals.rxPackets, rxBytes: totals.rxBytes, txPackets: totals.txPackets, txBytes: totals.txBytes}];
	}

	return [];
}

/**
 * Whether any queue's counter fell to near zero (at most half, isReset) since
 * `previous` (the last non-empty list) — netvsc restarts per-queue counters
 * at every channel/ring/MTU change. A slight step back is not a restart: it
 * would count every queue's whole counter as this interval's traffic. Queues that appeared or went away say nothing by themselves: some
 * drivers (virtio_net) keep the surviving queues' counters across a channel
 * change, so a changed queue set alone must not restart them.
 */
export function queuesRestarted(previous: readonly QueueCounters[] | undefined, current: readonly QueueCounters[]): boolean {
	if (previous === undefined) {
		return false;
	}

	const before = new Map(previous.map(queue => [queue.index, queue]));
	return current.some(queue => {
		const old = before.get(queue.index);
		return old !== undefined && (isReset(old.rxPackets, queue.rxPackets)
			|| isReset(old.rxBytes, queue.rxBytes)
			|| isReset(old.txPackets, queue.txPackets)
			|| isReset(old.txBytes, queue.txBytes));
	});
}
