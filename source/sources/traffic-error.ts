// When a snapshot has no traffic numbers at all: its `ethtool -S` failed
// (timeout, signal, oversized or garbage output…) and nothing stood in for it
// (hv_netvsc's queues come only from -S; other drivers fall back to sysfs
// totals). Such a snapshot must not be read as an idle NIC: no rates, no
// imbalance, the error instead.
import type {OpError} from '../types.js';
import type {DeviceSnapshot} from './source.js';

export function trafficError(snapshot: DeviceSnapshot): OpError | undefined {
	return !snapshot.stats.ok && snapshot.queues.length === 0 ? snapshot.stats.error : undefined;
}

/** What the queue table shows in its place. */
export const trafficErrorText = (error: OpError): string => `traffic: cannot read the counters (ethtool -S): ${error.message}`;
