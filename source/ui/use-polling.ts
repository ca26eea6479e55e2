import {useEffect, useRef, useState} from 'react';
import {timerScheduler, type Clock, type Scheduler} from '../clock.js';
import {isFreshSample, pollAll, type Readings} from '../poll.js';
import type {Source} from '../sources/source.js';
import {createHistory, pushRates, type RateHistory} from '../stats/index.js';

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

/** The app loop: every interval, read every device and compute its rates. */
export default function usePolling(source: Source, clock: Clock, intervalMs: number, paused: boolean, schedule: Scheduler = timerScheduler): Polling {
	const [state, setState] = useState<Polling>({devices: [], readings: new Map(), histories: new Map(), tick: 0});
	// The loop's own record of the last tick; render never writes it.
	const latest = useRef(state);
	useEffect(() => {
		if (paused) {
			return;
		}

		let stopped = false;
		let cancel = () => {};
		const tick = async () => {
			try {
				const devices = await source.devices();
				const readings = await pollAll(source, devices, latest.current.readings, clock.now());
				if (stopped) {
					return;
				}

				const histories = new Map<string, RateHistory>();
				for (const [name, reading] of readings) {
					const history = latest.current.histories.get(name) ?? createHistory();
					histories.set(name, reading.rates && isFreshSample(reading) ? pushRates(history, reading.rates) : history);
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
	}, [source, clock, intervalMs, paused, schedule]);
	return state;
}
