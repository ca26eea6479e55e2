// Runs the model the way the dashboard does, on the injected clock: one
// snapshot per second of model time, a reading across a queue re-creation left
// out of the history and marking the next sample. For the history tests.
import {pollDevice} from '../../source/poll.js';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import {createHistory, markReset, pushRates, type RateHistory} from '../../source/stats/index.js';
import {isFreshSample, type DeviceReading} from '../../source/stats/reading.js';

export type ModelRun = {
	readonly history: RateHistory;
	readonly source: ModelSource;
	readonly reading: DeviceReading | undefined;
};

export type ModelRunOptions = {
	readonly scenario: string;
	readonly ticks: number;
	readonly seed?: number;
	/** Before the snapshot of this tick (1-based), 500 ms earlier: a channel change to `combined`. */
	readonly channelsAt?: {readonly tick: number; readonly combined: number};
	/** Called after each tick (1-based) with the history as it is then. */
	readonly onTick?: (tick: number, history: RateHistory) => void;
};

export async function runModel(options: ModelRunOptions): Promise<ModelRun> {
	const opened = createModelSource({scenario: options.scenario, seed: options.seed ?? 2});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const source = opened.value;
	const history = createHistory();
	let reading: DeviceReading | undefined;
	for (let tick = 1; tick <= options.ticks; tick++) {
		if (tick === options.channelsAt?.tick) {
			// eslint-disable-next-line no-await-in-loop
			const set = await source.setChannels('eth0', {combined: options.channelsAt.combined}, (tick * 1000) - 500);
			if (!set.ok) {
				throw new Error(set.error.message);
			}
		}

		// eslint-disable-next-line no-await-in-loop
		reading = await pollDevice(source, reading, 'eth0', tick * 1000);
		if (isFreshSample(reading)) {
			pushRates(history, reading.rates!);
		} else if (reading.rates?.reset) {
			markReset(history);
		}

		options.onTick?.(tick, history);
	}

	return {history, source, reading};
}
