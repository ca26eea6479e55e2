// Ring sizes (`ethtool -G`): rx and/or tx. On hv_netvsc the unit is buffer
// sections and the driver raises values below its minimum (clamping), which
// the read-back accepts. Applied with setRings, read back from `ethtool -g`.
import type {Result, RingRequest, Rings} from '../../types.js';
import {formatBytes} from '../../format.js';
import {checkDevice, clampValues, commonEffects, notSupported, parseCount, problem, sameValues, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import {dialogNumbers, type ChangeKindSpec, type KindInput} from './kind.js';

// Netvsc raises ring values below this (NETVSC_MIN_RX/TX_SECTIONS).
const netvscRingFloor = 10;

export const ringValues = (rings: Rings): {readonly rx: number; readonly tx: number} => ({rx: rings.rx, tx: rings.tx});

export type RingInput = {readonly rx?: number | string; readonly tx?: number | string};

// Written as the header writes the same buffer (1020.0 KiB, 16.0 MiB): one way everywhere.
const mib = (bytes: number): string => formatBytes(bytes);

type Asked = {rx?: number; tx?: number};

function parseAsked(input: RingInput): Asked | string {
	const asked: Asked = {};
	for (const field of ['rx', 'tx'] as const) {
		const raw = input[field];
		if (raw !== undefined) {
			const parsed = parseCount(`${field} ring size`, raw);
			if (!parsed.ok) {
				return parsed.message;
			}

			if (parsed.value === 0) {
				return `${field} ring size must be at least 1`;
			}

			asked[field] = parsed.value;
		}
	}

	return asked;
}

/** Each asked value against the driver's maximum; warnings for clamping and buffer sizes. */
function checkBounds(dev: string, rings: Rings, asked: Asked, warnings: string[]): PlanResult | undefined {
	const sections = rings.unit === 'sections';
	for (const field of ['rx', 'tx'] as const) {
		const value = asked[field];
		const max = field === 'rx' ? rings.rxMax : rings.txMax;
		if (value === undefined) {
			continue;
		}

		if (max === 0) {
			return problem('refused', `${dev} has no ${field} ring to set (the driver reports no maximum)`, notSupported);
		}

		if (value > max) {
			return problem('usage', `${field} ${value} is above ${dev}'s maximum of ${max}${sections ? ' sections' : ''}`);
		}

		if (sections && value < netvscRingFloor) {
			warnings.push(`${field} ${value} is below the driver's minimum: it will be clamped to ${netvscRingFloor}`);
		}

		const bytes = field === 'rx' ? rings.rxSectionBytes : rings.txSectionBytes;
		const now = rings[field];
		if (bytes && value !== now) {
			warnings.push(`${field} buffer ${mib(now * bytes)} → ${mib(value * bytes)} (${bytes}-byte sections, not packets)`);
		}
	}

	return undefined;
}

export function planRings(dev: string, current: Result<Rings>, input: RingInput): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (input.rx === undefined && input.tx === undefined) {
		return problem('usage', 'give --rx N and/or --tx M');
	}

	const asked = parseAsked(input);
	if (typeof asked === 'string') {
		return problem('usage', asked);
	}

	if (!current.ok) {
		return problem('refused', `${dev} does not let its rings be read or set: ${current.error.message}`, current.error);
	}

	const rings = current.value;
	const sections = rings.unit === 'sections';
	const warnings: string[] = [];
	const refused = checkBounds(dev, rings, asked, warnings);
	if (refused) {
		return refused;
	}

	const before = ringValues(rings);
	const after: Values = {rx: asked.rx ?? rings.rx, tx: asked.tx ?? rings.tx};
	const expected = sections ? clampValues(after, {rx: rings.rxMax, tx: rings.txMax}, netvscRingFloor) : after;
	if (sameValues(before, expected)) {
		return problem('unchanged', `${dev}'s rings are already rx ${rings.rx} tx ${rings.tx}; nothing to change`);
	}

	const request: RingRequest = {
		...(asked.rx === undefined ? {} : {rx: asked.rx}),
		...(asked.tx === undefined ? {} : {tx: asked.tx}),
	};
	const sectionBytes: Values = {
		...(rings.rxSectionBytes ? {rx: rings.rxSectionBytes} : {}),
		...(rings.txSectionBytes ? {tx: rings.txSectionBytes} : {}),
	};
	return {
		ok: true,
		plan: {
			dev,
			kind: 'rings',
			before,
			after,
			request,
			max: {rx: rings.rxMax, tx: rings.txMax},
			...(sections ? {floor: netvscRingFloor, sectionBytes} : {}),
			effects: commonEffects(dev, sections),
			warnings,
		},
	};
}

// Rings span 10 … tens of thousands: the dialog steps by powers of two.
export function stepPower(value: number, direction: 1 | -1, max: number): number {
	const power = direction > 0 ? 2 ** Math.floor(Math.log2(Math.max(1, value)) + 1) : 2 ** Math.ceil(Math.log2(Math.max(1, value)) - 1);
	return Math.min(max, Math.max(1, power));
}

/** The sizes asked for, rx and tx, each only when given (rings and vf-rings alike). */
export function ringInput(input: KindInput): {rx?: number | string; tx?: number | string} {
	return {
		...(input['rx'] === undefined ? {} : {rx: input['rx']}),
		...(input['tx'] === undefined ? {} : {tx: input['tx']}),
	};
}

/** `hvtop set rings|vf-rings DEV --rx N --tx M`: no positional beyond the device. */
export function parseRingArgs(positional: readonly string[], options: ReadonlyMap<string, string>): KindInput | string {
	if (positional.length > 0) {
		return `unexpected argument ${JSON.stringify(positional[0])}`;
	}

	return {rx: options.get('rx'), tx: options.get('tx')};
}

/** Systemd.link(5): the ring keys since systemd 244 (the ethtool ring size, in the driver's unit); NetworkManager's since 1.26. */
export const ringPersistKeys = {
	link: {rx: 'RxBufferSize', tx: 'TxBufferSize'},
	networkManager: {since: '1.26', keys: {rx: 'ethtool.ring-rx', tx: 'ethtool.ring-tx'}},
} as const;

export const rings: ChangeKindSpec<Rings> = {
	name: 'rings',
	noun: 'rings',
	ethtoolSet: '-G',
	usage: 'hvtop set rings DEV [--rx N] [--tx M]',
	reading: snap => snap.rings,
	values: ringValues,
	plan: (dev, current, input) => planRings(dev, current, ringInput(input)),
	apply: async (source, dev, request, now) => source.setRings(dev, request as RingRequest, now),
	// netvsc_set_ringparam re-creates the device the same way (detach, new buffers, attach).
	recreates: 'device',
	clamps: true,
	valuedOptions: ['rx', 'tx'],
	parseArgs: parseRingArgs,
	persist: {target: 'device', ...ringPersistKeys},
	dialog: {
		open(dev, current, {values = {}}) {
			if (!current.ok) {
				return `${dev} does not let its rings be changed: ${current.error.message}`;
			}

			const now = dialogNumbers(ringValues(current.value));
			const proposed = {...now, ...(values.rx === undefined ? {} : {rx: values.rx}), ...(values.tx === undefined ? {} : {tx: values.tx})};
			const field = values.rx === undefined && values.tx !== undefined ? 'tx' : 'rx';
			return {current: now, proposed, fields: ['rx', 'tx'], field, max: {rx: current.value.rxMax, tx: current.value.txMax}};
		},
		label: field => `${field} ring`,
		step: stepPower,
		withValue: (state, value) => ({...state.proposed, [state.field]: value}),
		input: proposed => ({rx: proposed.rx ?? 0, tx: proposed.tx ?? 0}),
	},
};
