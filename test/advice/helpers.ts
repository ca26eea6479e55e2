// Runs a model scenario second by second, polling every device the way the
// dashboard does, and keeps each device's readings and history, so advice
// rules and views are tested on the model's numbers, not hand-made ones.
import type {AdviceInput} from '../../source/advice/index.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {computeRates, createHistory, pushRates, type DeviceRates, type RateHistory} from '../../source/stats/index.js';

export type Action = {
	/** Second of the run before whose poll the action happens. */
	readonly at: number;
	readonly run: (source: ModelSource, now: number) => void;
};

export type DeviceRun = {
	readonly snapshot: DeviceSnapshot;
	readonly rates: DeviceRates;
	readonly history: RateHistory;
	readonly reading: DeviceReading;
	/** The rates of every tick, oldest first (tick 0 has no interval). */
	readonly ticks: readonly DeviceRates[];
};

export type ModelRun = {
	readonly source: ModelSource;
	readonly devices: ReadonlyMap<string, DeviceRun>;
	device(name: string): DeviceRun;
	input(name: string, extra?: Partial<AdviceInput>): AdviceInput;
	readings(): DeviceReading[];
};

const start = 10_000;

export async function runScenario(scenario: string, options: {seconds?: number; seed?: number; kernel?: string; actions?: readonly Action[]} = {}): Promise<ModelRun> {
	const created = createModelSource({scenario, seed: options.seed ?? 1, ...(options.kernel === undefined ? {} : {kernel: options.kernel})});
	if (!created.ok) {
		throw new Error(created.error.message);
	}

	const source = created.value;
	const names = await source.devices();
	const state = new Map(names.map(name => [name, {snapshot: undefined as DeviceSnapshot | undefined, rates: undefined as DeviceRates | undefined, history: createHistory(), ticks: [] as DeviceRates[]}]));
	const seconds = options.seconds ?? 12;
	for (let second = 0; second <= seconds; second++) {
		const now = start + (second * 1000);
		for (const action of options.actions ?? []) {
			if (action.at === second) {
				action.run(source, now - 1);
			}
		}

		for (const name of names) {
			const s = state.get(name)!;
			// eslint-disable-next-line no-await-in-loop
			const result = await source.snapshot(name, now);
			if (!result.ok) {
				throw new Error(`${scenario} ${name}: ${result.error.message}`);
			}

			s.rates = computeRates(s.snapshot, result.value);
			s.snapshot = result.value;
			pushRates(s.history, s.rates);
			s.ticks.push(s.rates);
		}
	}

	const devices = new Map<string, DeviceRun>([...state].map(([name, s]) => [name, {
		snapshot: s.snapshot!,
		rates: s.rates!,
		history: s.history,
		reading: {name, snapshot: s.snapshot!, rates: s.rates!},
		ticks: s.ticks,
	}]));
	const device = (name: string): DeviceRun => {
		const found = devices.get(name);
		if (!found) {
			throw new Error(`no device ${name} in ${scenario}`);
		}

		return found;
	};

	return {
		source,
		devices,
		device,
		input: (name, extra = {}) => ({snapshot: device(name).snapshot, rates: device(name).rates, history: device(name).history, ...extra}),
		readings: () => names.map(name => device(name).reading),
	};
}

/** The scenarios without a modelled VF (the `vf` one shows only its totals). */
export const plainScenarios = ['balanced', 'elephant', 'few-channels', 'small-rings', 'vf', 'large'] as const;

/** The scenarios whose netvsc devices carry a modelled VF (issue 15). */
export const vfScenarios = ['mana', 'mlx5', 'servicing', 'vf-rx-drops'] as const;

/** Every scenario the model ships with. */
export const scenarios = [...plainScenarios, ...vfScenarios] as const;

const cache = new Map<string, Promise<ModelRun>>();

/** A plain run of a scenario, shared by the tests of one file. */
export async function scenarioRun(scenario: string): Promise<ModelRun> {
	let run = cache.get(scenario);
	if (!run) {
		run = runScenario(scenario);
		cache.set(scenario, run);
	}

	return run;
}

/** Scenario/device pairs of the plain model on which a rule must stay silent. */
export type Case = readonly [scenario: string, device: string];

export async function adviceOn<T>(cases: readonly Case[], check: (input: AdviceInput) => T): Promise<Array<{case: string; result: T}>> {
	const results = [];
	for (const [scenario, device] of cases) {
		// eslint-disable-next-line no-await-in-loop
		const run = await scenarioRun(scenario);
		results.push({case: `${scenario} ${device}`, result: check(run.input(device))});
	}

	return results;
}

/** Every device of every plain scenario. */
export const everyCase: readonly Case[] = plainScenarios.flatMap(s => [[s, 'eth0'], [s, 'eth1']] as const);
