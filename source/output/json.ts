// The --json shape: one object per device per snapshot, one per line
// (JSON Lines). Stable and documented in the README; counters are decimal
// strings because they are 64-bit and JSON numbers are not.
import type {DeviceReading} from '../stats/reading.js';
import type {Source} from '../sources/source.js';
import {trafficError} from '../sources/traffic-error.js';
import type {RateHistory} from '../stats/index.js';
import type {Result} from '../types.js';
import {visibleJson} from '../visible.js';
import type {ViewName} from '../views/registry.js';
import {readingAdviceToJson, viewToJson} from './views-text.js';
import {queueTrafficJson} from './queue-json.js';
import {vfDeviceToJson} from './vf-json.js';

export type JsonExtras = {
	/** Add this view's data (--json --view NAME). */
	readonly view?: ViewName | undefined;
	readonly history?: RateHistory | undefined;
};

export const jsonVersion = 1;

const panel = <T>(result: Result<T>): T | {error: {code: string; message: string}} =>
	result.ok ? result.value : {error: {code: result.error.code, message: result.error.message}};

export function readingToJson(reading: DeviceReading, source: Source, time: Date, extras: JsonExtras = {}): Record<string, unknown> {
	const {snapshot, rates} = reading;
	const base = {
		version: jsonVersion,
		time: time.toISOString(),
		source: {kind: source.kind, label: source.label, ...(source.notice ? {notice: source.notice} : {})},
		device: reading.name,
	};
	if (!snapshot || !rates) {
		return {...base, error: reading.error ? {code: reading.error.code, message: reading.error.message} : {code: 'ENODATA', message: 'no data yet'}};
	}

	const counters = new Map(snapshot.queues.map(q => [q.index, q]));
	// No counters (a failed -S with nothing standing in): no rates and no imbalance, not zeros.
	const noTraffic = trafficError(snapshot) !== undefined;
	return {
		...base,
		...(reading.error ? {error: {code: reading.error.code, message: reading.error.message}} : {}),
		driver: snapshot.info.ok ? snapshot.info.value.driver : undefined,
		link: snapshot.link,
		// The VF's name, or with its own driver read (vfDevice) the whole VF: queues with role, errors.
		vf: snapshot.vfDevice ? vfDeviceToJson(snapshot.vfDevice, rates.vfDevice) : snapshot.vf,
		vcpus: snapshot.vcpus,
		channels: panel(snapshot.channels),
		rings: panel(snapshot.rings),
		elapsedSeconds: rates.elapsedSeconds,
		reset: rates.reset,
		...(snapshot.stats.ok ? {} : {stats: panel(snapshot.stats)}),
		imbalance: noTraffic ? null : rates.imbalance,
		// False: the driver has no per-queue counters (veth); totals only, no made-up queue 0.
		perQueue: snapshot.perQueue ?? true,
		totals: noTraffic ? null : {
			rxPps: rates.totals.rxPps,
			rxBytesPerSecond: rates.totals.rxBps,
			txPps: rates.totals.txPps,
			txBytesPerSecond: rates.totals.txBps,
		},
		queues: snapshot.perQueue === false ? [] : rates.queues.map(q => {
			const raw = counters.get(q.index);
			return {
				index: q.index,
				cpu: q.cpu,
				...queueTrafficJson(q, raw),
			};
		}),
		errors: rates.errors.map(e => ({name: e.name, value: e.value.toString(), perSecond: e.rate})),
		advice: readingAdviceToJson(reading, extras.history ? {histories: new Map([[reading.name, extras.history]])} : {}),
		...(extras.view ? {view: viewToJson(extras.view, reading, extras.history ? {history: extras.history} : {})} : {}),
		...(rates.vf ? {vfTraffic: {rxPps: rates.vf.rxPps, rxBytesPerSecond: rates.vf.rxBps, txPps: rates.vf.txPps, txBytesPerSecond: rates.vf.txBps, dropsPerSecond: rates.vf.dropsPerSec}} : {}),
	};
}

/** One line: exact values, and no byte a terminal would obey (DEL, C1, bidi as \uHHHH). */
export const readingToJsonLine = (reading: DeviceReading, source: Source, time: Date, extras: JsonExtras = {}): string =>
	visibleJson(JSON.stringify(readingToJson(reading, source, time, extras)));
