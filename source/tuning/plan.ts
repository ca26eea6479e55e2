// Validates a proposed change against the device's current state and bounds
// before anything runs, and says in words what the change will do. Pure.
import type {ChannelRequest, Channels, OpError, Result, RingRequest, Rings} from '../types.js';
import {isValidDeviceName} from '../ethtool/device-name.js';
import type {ChangeKind, Values} from './types.js';
import {formatBytes} from '../format.js';

export type Plan = {
	readonly dev: string;
	readonly kind: ChangeKind;
	readonly before: Values;
	/** What the device should read back afterwards (before clamping). */
	readonly after: Values;
	/** What is sent to the source; usually `after`, but tests may send more (rx-jumbo). */
	readonly request: ChannelRequest | RingRequest;
	/** Largest value per field, as the driver reports it. */
	readonly max: Values;
	/** Smallest value the driver keeps; rings below it are raised (netvsc: 10). */
	readonly floor?: number;
	/** Bytes per section, for netvsc rings. */
	readonly sectionBytes?: Values;
	/** What will happen, one sentence each. */
	readonly effects: readonly string[];
	/** Things worth a second look (clamping, shrinking buffers). */
	readonly warnings: readonly string[];
};

export type PlanProblem = {
	/** `usage` = a bad value; `unchanged` = nothing to do; `refused` = the device cannot do it at all. */
	readonly kind: 'usage' | 'unchanged' | 'refused';
	readonly message: string;
	readonly error?: OpError;
};

export type PlanResult = {readonly ok: true; readonly plan: Plan} | {readonly ok: false; readonly problem: PlanProblem};

// Netvsc raises ring values below this (NETVSC_MIN_RX/TX_SECTIONS).
const netvscRingFloor = 10;
// Beyond u32 ethtool refuses; far beyond any real driver maximum anyway.
const maxCount = 0xFF_FF_FF_FF;

const problem = (kind: PlanProblem['kind'], message: string, error?: OpError): PlanResult => ({
	ok: false,
	problem: {kind, message, ...(error ? {error} : {})},
});

/** A count typed by a person or a script: decimal digits only, nothing else. */
export function parseCount(label: string, input: number | string): {ok: true; value: number} | {ok: false; message: string} {
	const text = typeof input === 'number' ? String(input) : input.trim();
	if (!/^\d+$/.test(text)) {
		return {ok: false, message: `${label} must be a whole number, got ${JSON.stringify(typeof input === 'number' ? input : input)}`};
	}

	const value = Number(text);
	if (!Number.isSafeInteger(value) || value > maxCount) {
		return {ok: false, message: `${label} ${text} is far too large`};
	}

	return {ok: true, value};
}

export const checkDevice = (dev: string): string | undefined =>
	isValidDeviceName(dev) ? undefined : `${JSON.stringify(dev)} is not a valid network device name`;

/** How a device exposes channels: netvsc has combined ones, veth separate rx/tx. */
export function channelShape(ch: Channels): 'combined' | 'rxtx' | 'none' {
	if (ch.maxCombined > 0) {
		return 'combined';
	}

	if (ch.maxRx > 0 && ch.maxTx > 0) {
		return 'rxtx';
	}

	return 'none';
}

/** Current channel values in the shape a change uses. */
export function channelValues(ch: Channels): Values {
	return channelShape(ch) === 'rxtx' ? {rx: ch.rx, tx: ch.tx} : {combined: ch.combined};
}

export const ringValues = (rings: Rings): Values => ({rx: rings.rx, tx: rings.tx});

const commonEffects = (dev: string, sections: boolean): string[] => [
	sections
		? `${dev} will be detached and re-added by the driver: traffic stops for a moment`
		: `the driver re-creates ${dev}'s queues: traffic may stop for a moment`,
	'per-queue counters restart from zero',
	'the carrier drops briefly (network managers may react to it)',
];

export function planChannels(dev: string, current: Result<Channels>, input: number | string): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (!current.ok) {
		return problem('refused', `cannot read ${dev}'s channels: ${current.error.message}`, current.error);
	}

	const ch = current.value;
	const shape = channelShape(ch);
	if (shape === 'none') {
		return problem('refused', `${dev} has no adjustable channels (the driver reports no maximum)`, {
			code: 'EOPNOTSUPP',
			errno: 95,
			message: 'Operation not supported',
		});
	}

	const parsed = parseCount('channels', input);
	if (!parsed.ok) {
		return problem('usage', parsed.message);
	}

	const n = parsed.value;
	const max = shape === 'combined' ? ch.maxCombined : Math.min(ch.maxRx, ch.maxTx);
	const noun = shape === 'combined' ? 'combined channels' : 'rx/tx channels';
	if (n === 0) {
		return problem('usage', `channels must be at least 1: 0 would leave ${dev} without a receive or transmit queue`);
	}

	if (n > max) {
		// Driver-neutral: on hv_netvsc the host and the online vCPUs set this maximum, elsewhere the driver.
		return problem('usage', `${dev} allows at most ${max} ${max === 1 ? noun.replace(/s$/, '') : noun} (the maximum ethtool -l reports); ${n} asked`);
	}

	const before = channelValues(ch);
	const after: Values = shape === 'combined' ? {combined: n} : {rx: n, tx: n};
	if (sameValues(before, after)) {
		return problem('unchanged', `${dev} already has ${n} ${noun}; nothing to change`);
	}

	const from = shape === 'combined' ? ch.combined : `${ch.rx}/${ch.tx}`;
	return {
		ok: true,
		plan: {
			dev,
			kind: 'channels',
			before,
			after,
			request: after,
			max: shape === 'combined' ? {combined: ch.maxCombined} : {rx: ch.maxRx, tx: ch.maxTx},
			effects: [
				...commonEffects(dev, shape === 'combined'),
				`receive traffic is spread over ${n} queue${n === 1 ? '' : 's'} instead of ${from}`,
			],
			warnings: [],
		},
	};
}

export type RingInput = {readonly rx?: number | string; readonly tx?: number | string};

// Written as the header writes the same buffer (1020.0 KiB, 16.0 MiB): one way everywhere.
const mib = (bytes: number): string => formatBytes(bytes);

export function planRings(dev: string, current: Result<Rings>, input: RingInput): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (input.rx === undefined && input.tx === undefined) {
		return problem('usage', 'give --rx N and/or --tx M');
	}

	const asked: {rx?: number; tx?: number} = {};
	for (const field of ['rx', 'tx'] as const) {
		const raw = input[field];
		if (raw !== undefined) {
			const parsed = parseCount(`${field} ring size`, raw);
			if (!parsed.ok) {
				return problem('usage', parsed.message);
			}

			if (parsed.value === 0) {
				return problem('usage', `${field} ring size must be at least 1`);
			}

			asked[field] = parsed.value;
		}
	}

	if (!current.ok) {
		return problem('refused', `${dev} does not let its rings be read or set: ${current.error.message}`, current.error);
	}

	const rings = current.value;
	const sections = rings.unit === 'sections';
	const warnings: string[] = [];
	for (const field of ['rx', 'tx'] as const) {
		const value = asked[field];
		const max = field === 'rx' ? rings.rxMax : rings.txMax;
		if (value === undefined) {
			continue;
		}

		if (max === 0) {
			return problem('refused', `${dev} has no ${field} ring to set (the driver reports no maximum)`, {
				code: 'EOPNOTSUPP',
				errno: 95,
				message: 'Operation not supported',
			});
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

const fields = ['combined', 'rx', 'tx'] as const;

/** Equal on every field that `want` names. */
export function sameValues(have: Values, want: Values): boolean {
	return fields.every(f => want[f] === undefined || have[f] === want[f]);
}

export function clampValues(values: Values, max: Values, floor: number): Values {
	const out: {combined?: number; rx?: number; tx?: number} = {};
	for (const f of fields) {
		const v = values[f];
		if (v !== undefined) {
			const m = max[f];
			out[f] = Math.max(floor, m === undefined || m === 0 ? v : Math.min(v, m));
		}
	}

	return out;
}

/** "combined 8" / "rx 2 tx 2": how values read in messages. */
export function describeValues(values: Values | undefined): string {
	if (!values) {
		return '?';
	}

	const parts = fields.flatMap(f => (values[f] === undefined ? [] : [`${f} ${values[f]}`]));
	return parts.length > 0 ? parts.join(' ') : '—';
}
