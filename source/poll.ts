// One tick of the data flow: source → snapshot → rates, for every device.
// Shared by the dashboard loop and the non-interactive outputs.
import type {Source} from './sources/source.js';
import {trafficError} from './sources/traffic-error.js';
import {computeRates} from './stats/index.js';
import type {DeviceReading, Readings} from './stats/reading.js';

export async function pollDevice(source: Source, previous: DeviceReading | undefined, name: string, now: number): Promise<DeviceReading> {
	const result = await source.snapshot(name, now);
	if (!result.ok) {
		return {...previous, name, error: result.error};
	}

	// A snapshot without counters is no baseline: the next interval is
	// measured from the last one that had them (over the longer window).
	const last = previous?.snapshot;
	const baseline = last !== undefined && trafficError(last) !== undefined ? previous?.baseline : last;
	const snapshot = result.value;
	const rates = computeRates(baseline, snapshot);
	const from = baseline === undefined ? {} : {measuredFrom: baseline};
	return trafficError(snapshot) !== undefined && baseline !== undefined ? {name, snapshot, rates, baseline, ...from} : {name, snapshot, rates, ...from};
}

export async function pollAll(source: Source, devices: readonly string[], previous: Readings, now: number): Promise<Map<string, DeviceReading>> {
	const next = new Map<string, DeviceReading>();
	const readings = await Promise.all(devices.map(async name => pollDevice(source, previous.get(name), name, now)));
	for (const reading of readings) {
		next.set(reading.name, reading);
	}

	return next;
}
