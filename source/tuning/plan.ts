// A plan: a proposed change checked against the device's current state and
// bounds before anything runs, with what it will do in words. Each kind plans
// its own (kinds/*.ts); the vocabulary they share is here. Pure.
import type {OpError} from '../types.js';
import {opError} from '../errors.js';
import {isValidDeviceName} from '../ethtool/device-name.js';
import {keyText, tableText} from './rss-text.js';
import type {ChangeKind, ChangeRequest, FieldValue, ValueField, Values, VfTarget} from './types.js';

export type Plan = {
	readonly dev: string;
	readonly kind: ChangeKind;
	/** A VF change: the VF instance planned against (`dev` is its netvsc device). */
	readonly vf?: VfTarget;
	readonly before: Values;
	/** What the device should read back afterwards (before clamping). */
	readonly after: Values;
	/** What is sent to the source; usually `after`, but tests may send more (rx-jumbo). */
	readonly request: ChangeRequest;
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

// Beyond u32 ethtool refuses; far beyond any real driver maximum anyway.
const maxCount = 0xFF_FF_FF_FF;

export const problem = (kind: PlanProblem['kind'], message: string, error?: OpError): PlanResult => ({
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

export const notSupported: OpError = opError('EOPNOTSUPP');

export const checkDevice = (dev: string): string | undefined =>
	isValidDeviceName(dev) ? undefined : `${JSON.stringify(dev)} is not a valid network device name`;

/** What every re-creating change does to a device, one sentence each; `sections`: netvsc detaches it. */
export const commonEffects = (dev: string, sections: boolean): string[] => [
	sections
		? `${dev} will be detached and re-added by the driver: traffic stops for a moment`
		: `the driver re-creates ${dev}'s queues: traffic may stop for a moment`,
	'per-queue counters restart from zero',
	'the carrier drops briefly (network managers may react to it)',
];

/**
 * Each field as ethtool spells it (in `ethtool -L/-G/-C` and in messages), in
 * the order messages list them; `text` when a value needs more than String()
 * (a table of 128 entries reads as its shape, not its entries).
 */
export const fieldSpecs: Readonly<Record<ValueField, {readonly words: string; readonly text?: (value: FieldValue) => string}>> = {
	combined: {words: 'combined'},
	rx: {words: 'rx'},
	tx: {words: 'tx'},
	rxCqeFrames: {words: 'rx-cqe-frames'},
	table: {words: 'table', text: value => tableText(value as readonly number[])},
	key: {words: 'hkey', text: value => keyText(String(value))},
	// The channels the table spreads over (ethtool -X's "rx rings").
	rssQueues: {words: 'channels'},
	flowHashTcp4: {words: 'rx-flow-hash tcp4'},
	flowHashTcp6: {words: 'rx-flow-hash tcp6'},
	flowHashUdp4: {words: 'rx-flow-hash udp4'},
	flowHashUdp6: {words: 'rx-flow-hash udp6'},
	channelCpus: {words: 'channel CPUs', text: value => (Array.isArray(value) ? value.map((cpu, queue) => `q${queue}:${cpu}`).join(' ') : String(value))},
	channelRelids: {words: 'relids', text: value => (Array.isArray(value) ? value.join(',') : String(value))},
	irqAffinity: {words: 'IRQ affinity', text: value => String(value).split(' ').map(pair => pair.replace(':', '→')).join(' ')},
};

export const valueFields = Object.keys(fieldSpecs) as readonly ValueField[];
const fields = valueFields;

export const fieldWords = Object.fromEntries(fields.map(f => [f, fieldSpecs[f].words])) as Readonly<Record<ValueField, string>>;

/** Two values of one field: numbers and words alike, lists entry by entry. */
export function sameFieldValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((entry, i) => entry === b[i]);
	}

	return a === b;
}

/** Equal on every field that `want` names. */
export function sameValues(have: Values, want: Values): boolean {
	return fields.every(f => want[f] === undefined || sameFieldValue(have[f], want[f]));
}

/**
 * The fields of `values` that one of `of` names: a read-back as far as a change is about it
 * (a flow hash change is one flow type; the device reads all four).
 */
export function onlyFields(values: Values, ...of: readonly Values[]): Values {
	return Object.fromEntries(fields.flatMap(f => (values[f] !== undefined && of.some(v => v[f] !== undefined) ? [[f, values[f]]] : []))) as Values;
}

/** Numbers held within their maximum and above `floor` (a driver that clamps rings); other fields as they are. */
export function clampValues(values: Values, max: Values, floor: number): Values {
	const out: Record<string, FieldValue> = {};
	for (const f of fields) {
		const v = values[f];
		const m = max[f];
		if (typeof v === 'number') {
			out[f] = Math.max(floor, typeof m !== 'number' || m === 0 ? v : Math.min(v, m));
		} else if (v !== undefined) {
			out[f] = v;
		}
	}

	return out as Values;
}

const fieldText = (f: ValueField, value: FieldValue): string =>
	fieldSpecs[f].text?.(value) ?? (Array.isArray(value) ? value.join(',') : String(value));

/** "combined 8" / "rx 2 tx 2": how values read in messages. */
export function describeValues(values: Values | undefined): string {
	if (!values) {
		return '?';
	}

	const parts = fields.flatMap(f => {
		const value = values[f];
		return value === undefined ? [] : [`${fieldWords[f]} ${fieldText(f, value)}`];
	});
	return parts.length > 0 ? parts.join(' ') : '—';
}
