// The --json `vf` object of a device whose VF the source read (snapshot.vfDevice):
// its driver, instance, channels, rings, coalescing, per-queue rates and raw
// counters (decimal strings: 64-bit) with each queue's role, its RSS table and
// key where read, and its driver's error counters. Absent without a vfDevice: such devices print as before.
import type {VfDeviceRates} from '../stats/rates.js';
import type {Result, VfDeviceSnapshot} from '../types.js';
import {queueTrafficJson} from './queue-json.js';


const panel = <T>(result: Result<T>): T | {error: {code: string; message: string}} =>
	result.ok ? result.value : {error: {code: result.error.code, message: result.error.message}};

export function vfDeviceToJson(vf: VfDeviceSnapshot, rates: VfDeviceRates | undefined): Record<string, unknown> {
	const counters = new Map(vf.queues.map(q => [q.index, q]));
	return {
		name: vf.name,
		driver: vf.driver,
		instance: vf.instance,
		channels: panel(vf.channels),
		rings: panel(vf.rings),
		...(vf.coalesce ? {coalesce: panel(vf.coalesce)} : {}),
		// The VF's own RSS table and key (ethtool -x): most receive traffic follows it, not netvsc's.
		...(vf.rss ? {rss: panel(vf.rss)} : {}),
		...(vf.up === undefined ? {} : {up: vf.up}),
		// A new instance since the last snapshot (host servicing): its rates are 0 this once.
		replaced: rates?.replaced ?? false,
		imbalance: rates?.imbalance ?? 1,
		totals: rates ? {rxPps: rates.totals.rxPps, rxBytesPerSecond: rates.totals.rxBps, txPps: rates.totals.txPps, txBytesPerSecond: rates.totals.txBps} : null,
		queues: (rates?.queues ?? []).map(q => {
			const raw = counters.get(q.index);
			return {
				queue: q.index,
				role: q.role,
				...(q.cpu === undefined ? {} : {cpu: q.cpu}),
				...queueTrafficJson(q, raw),
				...(raw?.rxDrops === undefined ? {} : {rxDrops: raw.rxDrops.toString(), rxDropsPerSecond: q.rxDropsPerSec ?? 0}),
				...(raw?.txDrops === undefined ? {} : {txDrops: raw.txDrops.toString(), txDropsPerSecond: q.txDropsPerSec ?? 0}),
			};
		}),
		errors: (rates?.errors ?? vf.errors.map(([name, value]) => ({name, value, rate: 0}))).map(e => ({name: e.name, value: e.value.toString(), perSecond: e.rate})),
	};
}
