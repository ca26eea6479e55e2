// One queue's traffic in --json, shared by the synthetic and the VF queues.
import type {QueueRates} from '../stats/rates.js';
import type {QueueCounters} from '../types.js';

/** A queue's rates and exact counters (as strings), the same fields for synthetic and VF queues. */
export const queueTrafficJson = (q: QueueRates, raw: QueueCounters | undefined) => ({
	rxPps: q.rxPps,
	rxBytesPerSecond: q.rxBps,
	txPps: q.txPps,
	txBytesPerSecond: q.txBps,
	share: q.share,
	rxPackets: raw?.rxPackets.toString(),
	rxBytes: raw?.rxBytes.toString(),
	txPackets: raw?.txPackets.toString(),
	txBytes: raw?.txBytes.toString(),
});
