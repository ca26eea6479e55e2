// The VF's ring sizes (`ethtool -G enP… rx N tx M`), in descriptors — not the
// synthetic path's buffer sections. Planned with the VF driver's bounds
// (MANA: at least 128, at most rx 8192 / tx 16384; mlx5 its own) and its
// rounding up to a power of two, so `after` is what the VF will read back.
import type {Result, RingRequest, Rings} from '../../types.js';
import {roundUpPowerOfTwo} from '../../drivers/vf-driver.js';
import {checkDevice, parseCount, problem, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import type {ChangeKindSpec} from './kind.js';
import {parseRingArgs, ringInput, ringPersistKeys, stepPower} from './rings.js';
import {dialogVf, vfEffects, vfLabel, vfReading, type VfReading} from './vf.js';

type Reading = VfReading<Rings>;
type Field = 'rx' | 'tx';

/** Each asked size checked against the VF's maximum and its driver's minimum; the size the driver will keep. */
function checkSize(dev: string, reading: Reading, field: Field, raw: number | string, warnings: string[]): number | PlanResult {
	const parsed = parseCount(`VF ${field} ring size`, raw);
	if (!parsed.ok) {
		return problem('usage', parsed.message);
	}

	const {value} = parsed;
	const {facts, driver, value: rings} = reading;
	const max = field === 'rx' ? rings.rxMax : rings.txMax;
	const bounds = facts?.[field === 'rx' ? 'rxRing' : 'txRing'];
	if (value > max) {
		return problem('usage', `${field} ${value} is above ${vfLabel(dev, reading.vf)}'s maximum of ${max} descriptors`);
	}

	const min = Math.max(1, bounds?.min ?? 1);
	if (value < min) {
		return problem('usage', `${field} ${value} is below ${driver}'s minimum of ${min} descriptors (the driver refuses it)`);
	}

	// Mana and mlx5 both keep a power of two (roundup_pow_of_two): plan what will be read back.
	const kept = facts ? Math.min(max, roundUpPowerOfTwo(value)) : value;
	if (kept !== value) {
		warnings.push(`${field} ${value} becomes ${kept}: ${driver} rounds ring sizes up to a power of two`);
	}

	if (bounds && field === 'rx' && kept < Math.min(rings.rx, bounds.default)) {
		warnings.push(`rx ${kept} is below ${driver}'s default of ${bounds.default}: a burst runs the ring out sooner (${facts!.rxNoBufferStat} rises)`);
	}

	return kept;
}

export function planVfRings(dev: string, current: Result<Reading>, input: {readonly rx?: number | string; readonly tx?: number | string}): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (input.rx === undefined && input.tx === undefined) {
		return problem('usage', 'give --rx N and/or --tx M');
	}

	if (!current.ok) {
		return problem('refused', current.error.message, current.error);
	}

	const reading = current.value;
	const {vf, value: rings} = reading;
	const warnings: string[] = [];
	const kept: {rx?: number; tx?: number} = {};
	for (const field of ['rx', 'tx'] as const) {
		const raw = input[field];
		if (raw !== undefined) {
			const size = checkSize(dev, reading, field, raw, warnings);
			if (typeof size !== 'number') {
				return size;
			}

			kept[field] = size;
		}
	}

	const before: Values = {rx: rings.rx, tx: rings.tx};
	const after: Values = {rx: kept.rx ?? rings.rx, tx: kept.tx ?? rings.tx};
	if (after.rx === before.rx && after.tx === before.tx) {
		return problem('unchanged', `the rings of ${vfLabel(dev, vf)} are already rx ${rings.rx} tx ${rings.tx} descriptors; nothing to change`);
	}

	const request: RingRequest = {
		...(input.rx === undefined ? {} : {rx: Number(input.rx)}),
		...(input.tx === undefined ? {} : {tx: Number(input.tx)}),
	};
	return {
		ok: true,
		plan: {dev, kind: 'vf-rings', vf, before, after, request, max: {rx: rings.rxMax, tx: rings.txMax}, effects: vfEffects(reading, true), warnings},
	};
}

export const vfRings: ChangeKindSpec<Reading> = {
	name: 'vf-rings',
	noun: 'VF rings',
	ethtoolSet: '-G',
	usage: 'hvtop set vf-rings DEV [--rx N] [--tx M]',
	reading: snap => vfReading(snap, 'rings', vf => vf.rings),
	values: (reading): Values => ({rx: reading.value.rx, tx: reading.value.tx}),
	vf: reading => reading.vf,
	plan: (dev, current, input) => planVfRings(dev, current, ringInput(input)),
	apply: async (source, name, request, now) => source.setRings(name, request as RingRequest, now),
	// As vf-channels: the VF's queues are re-created, the synthetic device is not.
	recreates: 'vf-queues',
	// The rounding is planned (`after` is already a power of two): the read-back must match it.
	clamps: false,
	valuedOptions: ['rx', 'tx'],
	parseArgs: parseRingArgs,
	persist: {target: 'vf', ...ringPersistKeys},
	dialog: {
		open(_dev, current, {values = {}}) {
			if (!current.ok) {
				return current.error.message;
			}

			const rings = current.value.value;
			const now = {rx: rings.rx, tx: rings.tx};
			const proposed = {...now, ...(values.rx === undefined ? {} : {rx: values.rx}), ...(values.tx === undefined ? {} : {tx: values.tx})};
			const field = values.rx === undefined && values.tx !== undefined ? 'tx' : 'rx';
			const facts = current.value.facts;
			const min = facts ? {rx: facts.rxRing.min, tx: facts.txRing.min} : undefined;
			return {current: now, proposed, fields: ['rx', 'tx'], field, max: {rx: rings.rxMax, tx: rings.txMax}, ...(min ? {min} : {}), vf: dialogVf(current.value)};
		},
		label: field => `VF ${field} ring`,
		step: stepPower,
		withValue: (state, value) => ({...state.proposed, [state.field]: value}),
		input: proposed => ({rx: proposed.rx ?? 0, tx: proposed.tx ?? 0}),
	},
};
