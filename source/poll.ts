// One tick of the data flow: source → snapshot → rates, for every device.
// Shared by the dashboard loop and the non-interactive outputs.
import type {DeviceSnapshot, Source} from './sources/source.js';
import {trafficError} from './sources/traffic-error.js';
import {computeRates, type DeviceRates} from './stats/index.js';
import type {OpError} from './types.js';

export type DeviceReading = {
	readonly name: string;
	readonly snapshot?: DeviceSnapshot;
	readonly rates?: DeviceRates;
	/** Why the last snapshot failed (device vanished, ethtool missing…); the rest keeps its last values. */
	readonly error?: OpError;
	/** While the counters cannot be read (trafficError): the last snapshot that had them, to measure the next interval from. */
	readonly baseline?: DeviceSnapshot;
};

export type Readings = ReadonlyMap<string, DeviceReading>;

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
	return trafficError(snapshot) !== undefined && baseline !== undefined ? {name, snapshot, rates, baseline} : {name, snapshot, rates};
}

export async function pollAll(source: Source, devices: readonly string[], previous: Readings, now: number): Promise<Map<string, DeviceReading>> {
	const next = new Map<string, DeviceReading>();
	const readings = await Promise.all(devices.map(async name => pollDevice(source, previous.get(name), name, now)));
	for (const reading of readings) {
		next.set(reading.name, reading);
	}

	return next;
}

/**
 * Whether a reading's rates belong in the history: not when the device or its
 * counters could not be read (the rates are the last good ones, repeated, or
 * none at all), nor across a
 * queue re-creation (counts since the reset divided by the whole interval
 * would show a false dip).
 */
export const isFreshSample = (reading: DeviceReading): boolean =>
	reading.rates !== undefined && reading.error === undefined && !reading.rates.reset
	&& (reading.snapshot === undefined || trafficError(reading.snapshot) === undefined);
