// `--scenario NAME` and `--seed N` of `hvtop set` and `hvtop rollback`: which
// world of the model --model opens (a VF scenario such as mana, to try a VF
// change), checked with the dashboard's own checks and words.
import {findScenario} from '../netvsc/scenarios.js';
import {parseOptions} from '../options.js';

/** The model's scenario and seed, as given; the dashboard's defaults otherwise. */
export type ModelWorld = {readonly scenario?: string; readonly seed?: number; readonly kernel?: string};

export const modelWorldOptions = ['scenario', 'seed', 'kernel'] as const;

/** The model world the flags name, or the one sentence saying what is wrong. */
export function modelWorldFrom(options: ReadonlyMap<string, string | true>): ModelWorld | string {
	const scenario = options.get('scenario');
	const seed = options.get('seed');
	const kernel = options.get('kernel');
	if (scenario === undefined && seed === undefined && kernel === undefined) {
		return {};
	}

	if (!options.has('model')) {
		return `--${scenario === undefined ? (seed === undefined ? 'kernel' : 'seed') : 'scenario'} chooses the model's world: give --model too`;
	}

	const given = {...(typeof scenario === 'string' ? {scenario} : {}), ...(typeof seed === 'string' ? {seed} : {}), ...(typeof kernel === 'string' ? {kernel} : {})};
	const parsed = parseOptions({model: true, ...given});
	if (!parsed.ok) {
		return parsed.error.message;
	}

	const found = given.scenario === undefined ? undefined : findScenario(parsed.value.scenario);
	if (found && !found.ok) {
		return found.error.message;
	}

	return {
		...(given.scenario === undefined ? {} : {scenario: parsed.value.scenario}),
		...(given.seed === undefined ? {} : {seed: parsed.value.seed}),
		...(parsed.value.kernel === undefined ? {} : {kernel: parsed.value.kernel}),
	};
}
