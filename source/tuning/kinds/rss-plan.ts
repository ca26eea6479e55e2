// Planning an `ethtool -X` change on the device: the table form asked for
// (equal, weight, default) and/or a key, checked the way the ethtool core and
// hv_netvsc check them (every entry below the RX ring count, a table of the
// device's size, a key of its length), before anything runs. Pure.
import type {OpError, Result, Rss} from '../../types.js';
import {opError} from '../../errors.js';
import {plural} from '../../plural.js';
import {equalTable, parseHkey, spreadOf, weightTable} from '../../ethtool/rxfh.js';
import {checkDevice, notSupported, parseCount, problem, sameValues, type PlanResult} from '../plan.js';
import type {ChangeRequest, Values, VfTarget} from '../types.js';
import type {KindInput} from './kind.js';

/** What the RSS kind reads: the table and key, and the RX rings (channels) the entries must stay below. */
export type RssReading = {
	readonly rss: Rss;
	readonly queues: number;
	/** The device's VF, when it has one: most receive traffic then bypasses this table. */
	readonly vf?: string;
};

export const rssValues = (reading: RssReading): Values => ({table: [...reading.rss.table], key: reading.rss.key, rssQueues: reading.queues});

type Asked = {
	readonly form?: 'equal' | 'weight' | 'default';
	readonly table?: readonly number[];
	readonly request: ChangeRequest;
	readonly key?: string;
};

const einval = (message: string): OpError => opError('EINVAL', message);

const usage = (message: string): PlanResult => problem('usage', message, einval(message));

function parseWeights(text: string): number[] | string {
	const words = text.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) {
		return 'give the weights: hvtop set rss DEV weight W0 W1 …';
	}

	const weights: number[] = [];
	for (const word of words) {
		const parsed = parseCount('a weight', word);
		if (!parsed.ok) {
			return parsed.message;
		}

		weights.push(parsed.value);
	}

	return weights;
}

/** The table the form asks for, checked against the table size and the RX rings; or why not. */
function askedTable(dev: string, reading: RssReading, input: KindInput): {table?: number[]; request: ChangeRequest} | PlanResult {
	const size = reading.rss.table.length;
	const {queues} = reading;
	const form = input['spread'];
	if (form === 'default') {
		return {table: equalTable(size, queues), request: {spread: 'default'}};
	}

	if (form === 'equal') {
		const parsed = parseCount('equal', input['equal'] ?? '');
		if (!parsed.ok) {
			return problem('usage', parsed.message);
		}

		const n = parsed.value;
		if (n === 0) {
			return usage('equal must be at least 1 (invalid equal value: 0)');
		}

		if (n > queues) {
			return usage(`every table entry must be below ${dev}'s ${plural(queues, 'RX ring')} (its channels): equal ${n} would use queue ${n - 1}`);
		}

		return {table: equalTable(size, n), request: {equal: n}};
	}

	if (form === 'weight') {
		const weights = parseWeights(String(input['weight'] ?? ''));
		if (typeof weights === 'string') {
			return problem('usage', weights);
		}

		const sum = weights.reduce((a, b) => a + b, 0);
		if (sum === 0) {
			return usage('At least one weight must be non-zero');
		}

		if (sum > size) {
			return usage(`Total weight exceeds the size of the indirection table (${sum} > ${size} entries)`);
		}

		const last = weights.findLastIndex(weight => weight > 0);
		if (last >= queues) {
			return usage(`every table entry must be below ${dev}'s ${plural(queues, 'RX ring')} (its channels): a weight for queue ${last} is not allowed`);
		}

		return {table: weightTable(size, weights), request: {weight: weights}};
	}

	return {request: {}};
}

/** The key asked for, of the device's key length; or why not. */
function askedKey(dev: string, reading: RssReading, text: string): string | PlanResult {
	const bytes = parseHkey(text);
	if (typeof bytes === 'string') {
		return problem('usage', bytes);
	}

	const length = reading.rss.key === '' ? 0 : reading.rss.key.split(':').length;
	if (length === 0) {
		return problem('refused', `${dev} does not report its RSS key size: the key cannot be set`, notSupported);
	}

	if (bytes.length !== length) {
		return usage(`the hash key of ${dev} is ${length} bytes; hkey has ${bytes.length}`);
	}

	return bytes.map(byte => byte.toString(16).padStart(2, '0')).join(':');
}

/** The request's table and key, or the problem with it. */
function ask(dev: string, reading: RssReading, input: KindInput): Asked | PlanResult {
	const table = askedTable(dev, reading, input);
	if ('ok' in table) {
		return table;
	}

	const keyText = input['key'];
	if (keyText === undefined) {
		return table.table ? {form: input['spread'] as Asked['form'], table: table.table, request: table.request} : usage('give equal N, weight W0 W1 …, default and/or hkey K');
	}

	const key = askedKey(dev, reading, String(keyText));
	if (typeof key !== 'string') {
		return key;
	}

	return {
		...(table.table ? {form: input['spread'] as Asked['form'], table: table.table} : {}),
		request: {...table.request, key},
		key,
	};
}

/** Entries per queue, as "queue q: n" shares; only the queues that change. */
function shareEffects(before: readonly number[], after: readonly number[], queues: number): string[] {
	const count = (table: readonly number[]) => Array.from({length: queues}, (_, q) => table.filter(entry => entry === q).length);
	const was = count(before);
	const will = count(after);
	const moved = after.filter((entry, i) => entry !== before[i]).length;
	const changes = will.flatMap((n, q) => (n === was[q] ? [] : [`${q}: ${was[q]}→${n}`]));
	return [
		`${plural(moved, 'table entry', 'table entries')} of ${after.length} point at another queue: the flows that hash to them move there (a moment of reordering)`,
		...(changes.length > 0 ? [`entries per queue ${changes.slice(0, 8).join(', ')}${changes.length > 8 ? ', …' : ''}`] : []),
	];
}

/**
 * How a plan names the table it changes and what applying it does: the device's own
 * (rss) or its VF's (vf-rss). The checks are the same; the words and the kind differ.
 */
export type RxfhWording = {
	readonly kind: 'rss' | 'vf-rss';
	/** The table's device in refusals ("eth0", or "enP30832s1 (the VF of eth0)"). */
	readonly subject: string;
	/** The hvtop command that gives the driver's own table back. */
	readonly resetCommand: string;
	/** What applying does to the device besides moving flows (no re-add, …). */
	readonly applied: string;
	/** Effects and warnings of the device kind (a VF's: host servicing, its TX pick). */
	readonly effects?: readonly string[];
	readonly warnings?: readonly string[];
	/** A VF change: the VF it is made on. */
	readonly vf?: VfTarget;
};

function effectsOf(reading: RssReading, asked: Asked, words: RxfhWording): {effects: string[]; warnings: string[]} {
	const effects: string[] = [];
	const warnings: string[] = [];
	if (asked.table) {
		effects.push(...shareEffects(reading.rss.table, asked.table, reading.queues));
	}

	if (asked.key) {
		effects.push('a new hash key re-hashes every flow: most flows move to another queue');
	}

	effects.push(words.applied, ...(words.effects ?? []));
	if (asked.form === 'default') {
		effects.push('the driver\'s own table again: it follows later channel changes');
	} else if (asked.table) {
		warnings.push(`a table set by hand stays when channels change: ${words.subject} cannot shrink below its highest queue until it is reset (${words.resetCommand})`);
	}

	if (reading.vf) {
		warnings.push(`${words.subject} has a VF (${reading.vf}): with Accelerated Networking most receive traffic arrives there and follows the VF's own table, not this one (hvtop set vf-rss)`);
	}

	return {effects, warnings: [...warnings, ...(words.warnings ?? [])]};
}

/** The device's own table (netvsc: told to the host, no re-add). */
const netvscWording = (dev: string): RxfhWording => ({
	kind: 'rss',
	subject: dev,
	resetCommand: `hvtop set rss ${dev} default`,
	applied: `no re-add: ${dev} keeps its carrier and per-queue counters (ethtool -X is told to the host at once)`,
});

export function planRss(dev: string, current: Result<RssReading>, input: KindInput): PlanResult {
	return planRxfh(dev, current, input, netvscWording(dev));
}

/** Plans `ethtool -X` on the device (rss) or on its VF (vf-rss, with the VF's wording). */
export function planRxfh(dev: string, current: Result<RssReading>, input: KindInput, wording: RxfhWording): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (!current.ok) {
		return problem('refused', `cannot read ${dev}'s RSS table: ${current.error.message}`, current.error);
	}

	const reading = current.value;
	const {subject} = wording;
	if (reading.rss.table.length === 0) {
		return problem('refused', `${subject} has no RSS indirection table (${wording.kind === 'rss' ? 'the host offers no vRSS' : 'its driver reports none'})`, notSupported);
	}

	if (reading.queues < 2) {
		return problem('refused', `${subject} has a single channel: every table entry must be queue 0, so there is nothing to spread (add channels first)`, notSupported);
	}

	if (reading.rss.hfunc !== '' && reading.rss.hfunc !== 'toeplitz') {
		return problem('refused', `${subject} hashes with ${reading.rss.hfunc}; hvtop sets tables on Toeplitz devices only`, notSupported);
	}

	const before = rssValues(reading);
	if (!spreadOf(reading.rss.table, reading.queues)) {
		return problem('refused', `${subject}'s current table is not one ethtool -X can write back (not equal, weight or default), so a revert could not restore it; change it by hand`, notSupported);
	}

	const asked = ask(subject, reading, input);
	if ('ok' in asked) {
		return asked;
	}

	const after: Values = {...before, ...(asked.table ? {table: asked.table} : {}), ...(asked.key ? {key: asked.key} : {})};
	// `default` over a hand-set table that happens to be the default still changes the "user set" flag.
	if (sameValues(before, after) && !(asked.form === 'default' && reading.rss.configured === true)) {
		return problem('unchanged', `${subject}'s RSS table and key already are what was asked; nothing to change`);
	}

	const {effects, warnings} = effectsOf(reading, asked, wording);
	return {ok: true, plan: {dev, kind: wording.kind, ...(wording.vf ? {vf: wording.vf} : {}), before, after, request: asked.request, max: {}, effects, warnings}};
}
