import {useEffect, useRef, useState} from 'react';
import {timerScheduler, type Clock, type Scheduler} from '../clock.js';
import {pollAll} from '../poll.js';
import {isFreshSample, type DeviceReading, type Readings} from '../stats/reading.js';
import type {Source} from '../sources/source.js';
import {createHistory, markReset, pushRates, type RateHistory} from '../stats/index.js';

export type Polling = {
	readonly devices: readonly string[];
	readonly readings: Readings;
	/** Short per-device history for sparklines and advice; bounded, never grows. */
	readonly histories: ReadonlyMap<string, RateHistory>;
	/** Bumped on every completed tick, so dependants can react to new data. */
	readonly tick: number;
};

// The first rates need two snapshots: take the second one soon after start
// so the first complete frame does not wait a whole interval.
const firstRatesDelayMs = 250;

/**
 * Devices not on screen are read every this many ticks: switching to one
 * shows rates at once (over the longer window), and a guest with several
 * NICs does not pay an `ethtool -S` per NIC per second for numbers nobody sees.
 */
export const backgroundEveryTicks = 5;

/** What is on screen: that device is read every tick; `all` reads every device every tick (the VF view shows them all). */
export type PollingFocus = {readonly device: string | undefined; readonly all: boolean};

const everything: {readonly current: PollingFocus} = {current: {device: undefined, all: true}};

/** The devices to read on tick `tick`: the focused one, any not read yet, and all of them now and then. */
export function devicesToRead(devices: readonly string[], focus: PollingFocus, known: Readings, tick: number): readonly string[] {
	// The first two ticks read everything, so every device has rates from the start.
	if (focus.all || focus.device === undefined || tick <= 1 || tick % backgroundEveryTicks === 0) {
		return devices;
	}

	return devices.filter(name => name === focus.device || !known.has(name));
}

/** The app loop: every interval, read the device on screen (the others now and then) and compute rates. */
export default function usePolling(source: Source, clock: Clock, intervalMs: number, paused: boolean, schedule: Scheduler = timerScheduler, focus: {readonly current: PollingFocus} = everything): Polling {
	const [state, setState] = useState<Polling>({devices: [], readings: new Map(), histories: new Map(), tick: 0});
	// The loop's own record of the last tick; render never writes it.
	const latest = useRef(state);
	// Devices read on the previous tick: their history moves one column a tick (kept across a pause).
	const lastRead = useRef<ReadonlySet<string>>(new Set());
	useEffect(() => {
		if (paused) {
			return;
		}

		let stopped = false;
		let cancel = () => {};

		const tick = async () => {
			try {
				const devices = await source.devices();
				const previous = latest.current.readings;
				const toRead = devicesToRead(devices, focus.current, previous, latest.current.tick);
				const fresh = await pollAll(source, toRead, previous, clock.now());
				if (stopped) {
					return;
				}

				const readLastTick = lastRead.current;
				lastRead.current = new Set(fresh.keys());

				// Devices not read this tick keep their last reading (and their history as it was).
				const readings = new Map<string, DeviceReading>();
				for (const name of devices) {
					const reading = fresh.get(name) ?? previous.get(name);
					if (reading) {
						readings.set(name, reading);
					}
				}

				const histories = new Map<string, RateHistory>();
				for (const [name, reading] of readings) {
					const history = latest.current.histories.get(name) ?? createHistory();
					if (fresh.has(name) && reading.rates && isFreshSample(reading)) {
						// A history column is one interval: a device read in the background
						// shows its average over the intervals it was not read in each of them.
						const intervals = readLastTick.has(name) ? 1 : Math.round((reading.rates.elapsedSeconds * 1000) / intervalMs);
						const columns = Math.min(backgroundEveryTicks, Math.max(1, intervals));
						for (let i = 0; i < columns; i++) {
							// Each column at the time of its own interval, so the history view's time axis stays even.
							pushRates(history, reading.rates, {at: reading.rates.at - ((columns - 1 - i) * intervalMs)});
						}
					} else if (fresh.has(name) && reading.rates?.reset) {
						markReset(history);
					}

					histories.set(name, history);
				}

				const next = {devices, readings, histories, tick: latest.current.tick + 1};
				latest.current = next;
				setState(next);
			} catch {
				// Sources return errors as data; a throw is a bug in one tick, not a reason to stop watching.
			}

			if (stopped) {
				return;
			}

			const delay = latest.current.tick === 1 ? Math.min(firstRatesDelayMs, intervalMs) : intervalMs;
			cancel = schedule(() => {
				void tick();
			}, delay);
		};

		void tick();
		return () => {
			stopped = true;
			cancel();
		};
	// eslint-disable-next-line react-hooks/exhaustive-deps -- focus is a ref read at each tick: a switch of device must not restart the loop
	}, [source, clock, intervalMs, paused, schedule]);
	return state;
}
