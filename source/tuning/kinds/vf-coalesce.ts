// MANA's CQE coalescing (`ethtool -C enP… rx-cqe-frames N`): 1 (off, the
// driver's default) or 4 received packets per completion. A VF driver without
// it (mlx5_core here) has no coalesce reading, so the kind is not offered.
import type {Coalesce, CoalesceRequest, Result} from '../../types.js';
import {checkDevice, parseCount, problem, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import type {ChangeKindSpec, KindInput} from './kind.js';
import {dialogVf, vfEffects, vfLabel, vfReading, type VfReading} from './vf.js';

type Reading = VfReading<Coalesce>;

/** The values the driver takes, in its order (the first is its default); unknown driver: anything from 1. */
const allowedOf = (reading: Reading): readonly number[] | undefined => {
	const values = reading.facts?.rxCqeFrames;
	return values && values.length > 0 ? values : undefined;
};

const orList = (values: readonly number[]): string => values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}`;

export function planVfCoalesce(dev: string, current: Result<Reading>, input: number | string | undefined): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (input === undefined) {
		return problem('usage', 'give --rx-cqe-frames N');
	}

	if (!current.ok) {
		return problem('refused', current.error.message, current.error);
	}

	const reading = current.value;
	const {vf, driver, value} = reading;
	const parsed = parseCount('rx-cqe-frames', input);
	if (!parsed.ok) {
		return problem('usage', parsed.message);
	}

	const n = parsed.value;
	const allowed = allowedOf(reading);
	if (allowed ? !allowed.includes(n) : n === 0) {
		return problem('usage', `rx-cqe-frames must be ${allowed ? orList(allowed) : 'at least 1'} on ${driver}; ${n} asked`);
	}

	if (n === value.rxCqeFrames) {
		return problem('unchanged', `${vfLabel(dev, vf)} already has rx-cqe-frames ${n}; nothing to change`);
	}

	const effect = n === 1
		? 'one completion per received packet (coalescing off): more completions to handle, no added delay'
		: `up to ${n} received packets per completion: fewer completions to handle, each packet may wait a little (rx-cqe-nsecs)`;
	return {
		ok: true,
		plan: {
			dev,
			kind: 'vf-coalesce',
			vf,
			before: {rxCqeFrames: value.rxCqeFrames},
			after: {rxCqeFrames: n},
			request: {rxCqeFrames: n},
			max: {rxCqeFrames: Math.max(...(allowed ?? [n]))},
			effects: [effect, ...vfEffects(reading, false)],
			warnings: [],
		},
	};
}

export const vfCoalesce: ChangeKindSpec<Reading> = {
	name: 'vf-coalesce',
	noun: 'VF CQE coalescing',
	ethtoolSet: '-C',
	usage: 'hvtop set vf-coalesce DEV --rx-cqe-frames N',
	reading: snap => vfReading(snap, 'CQE coalescing (rx-cqe-frames)', vf => vf.coalesce),
	values: (reading): Values => ({rxCqeFrames: reading.value.rxCqeFrames}),
	vf: reading => reading.vf,
	plan: (dev, current, input) => planVfCoalesce(dev, current, input['rxCqeFrames']),
	apply: async (source, name, request, now) => source.setCoalesce(name, request as CoalesceRequest, now),
	// No `recreates`: CQE coalescing is a setting of the VF's completion queues, applied without
	// re-creating them (the plan says so: no queue or counter restart), and the synthetic device is untouched.
	clamps: false,
	valuedOptions: ['rx-cqe-frames'],
	parseArgs(positional, options): KindInput | string {
		if (positional.length > 0) {
			return `unexpected argument ${JSON.stringify(positional[0])}`;
		}

		return {rxCqeFrames: options.get('rx-cqe-frames')};
	},
	// No .link or NetworkManager key has MANA's rx-cqe-frames: a udev rule runs ethtool -C.
	persist: {
		target: 'vf',
		rule: {ethtool: values => [['-C', 'rx-cqe-frames', String(values.rxCqeFrames)]]},
	},
	dialog: {
		open(_dev, current) {
			if (!current.ok) {
				return current.error.message;
			}

			const frames = current.value.value.rxCqeFrames;
			const max = Math.max(frames, ...(allowedOf(current.value) ?? []));
			const next = frames === 1 ? max : 1;
			return {current: {rxCqeFrames: frames}, proposed: {rxCqeFrames: next}, fields: ['rxCqeFrames'], field: 'rxCqeFrames', max: {rxCqeFrames: max}, vf: dialogVf(current.value)};
		},
		label: () => 'VF rx-cqe-frames',
		// MANA has two values: a step goes to the other end.
		step: (_value, direction, max) => (direction > 0 ? max : 1),
		withValue: (_state, value) => ({rxCqeFrames: value}),
		input: proposed => ({rxCqeFrames: proposed.rxCqeFrames ?? 0}),
	},
};
