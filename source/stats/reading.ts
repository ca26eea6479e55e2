// What one tick knows about one device: its snapshot, the rates since the
// last one and why the last read failed. The type every view, advice and
// output reads; source/poll.ts makes these.
import type {DeviceSnapshot} from '../sources/source.js';
import {trafficError} from '../sources/traffic-error.js';
import type {DeviceRates} from './rates.js';
import type {OpError} from '../types.js';

export type DeviceReading = {
	readonly name: string;
	readonly snapshot?: DeviceSnapshot;
	readonly rates?: DeviceRates;
	/** Why the last snapshot failed (device vanished, ethtool missing…); the rest keeps its last values. */
	readonly error?: OpError;
	/** While the counters cannot be read (trafficError): the last snapshot that had them, to measure the next interval from. */
	readonly baseline?: DeviceSnapshot;
	/** The snapshot the rates were measured from (every counter's rate, for the counters view). */
	readonly measuredFrom?: DeviceSnapshot;
};

export type Readings = ReadonlyMap<string, DeviceReading>;

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
