// The RSS indirection table and hash key of the device (`ethtool -X DEV equal
// N | weight W… | default [hkey K]`). No re-add: the table goes to the host at
// once and flows hashing to a changed entry move queue. Planned in
// rss-plan.ts, applied with the source's setRss, read back from `ethtool -x`.
// A revert writes the old table back in the one ethtool form that gives it.
import type {Channels, Result, Rss, RssRequest} from '../../types.js';
import {failWith} from '../../errors.js';
import {spreadOf, spreadWords, type RxfhSpread} from '../../ethtool/rxfh.js';
import type {DeviceSnapshot} from '../../sources/source.js';
import type {ChangeRequest, Values} from '../types.js';
import type {ChangeKindSpec, DialogValues, KindInput} from './kind.js';
import {planRss, rssValues, type RssReading} from './rss-plan.js';

export {planRss, type RssReading} from './rss-plan.js';

/** The table and key, with the RX rings from the channels (combined on netvsc, rx elsewhere). */
export function rssReading(snap: DeviceSnapshot): Result<RssReading> {
	if (!snap.rss.ok) {
		return snap.rss;
	}

	if (!snap.channels.ok) {
		return snap.channels;
	}

	const reading = rssReadingOf(snap.rss.value, snap.channels.value);
	return {ok: true, value: snap.vf === undefined ? reading : {...reading, vf: snap.vf}};
}

/** A table with the RX rings its entries must stay below: combined channels (netvsc, the VFs), else rx. */
export function rssReadingOf(table: Rss, ch: Channels): RssReading {
	return {rss: table, queues: ch.maxCombined > 0 ? ch.combined : Math.max(ch.rx, ch.combined)};
}

const fromSpread = (spread: RxfhSpread): RssRequest => {
	switch (spread.form) {
		case 'default': {
			return {reset: true};
		}

		case 'equal': {
			return {equal: spread.queues};
		}

		case 'weight': {
			return {weights: spread.weights};
		}
	}
};

/** A plan's request (equal/weight/spread, key) or a revert's (the old values) in ethtool's words; or why not. */
export function rssRequestOf(request: ChangeRequest): RssRequest | string {
	const key = typeof request['key'] === 'string' ? {key: request['key']} : {};
	const {table} = request;
	if (Array.isArray(table)) {
		const spread = spreadOf(table as readonly number[], Number(request['rssQueues'] ?? 0));
		return spread ? {...fromSpread(spread), ...key} : 'the table cannot be written with ethtool -X (not equal, weight or default)';
	}

	if (request['spread'] === 'default') {
		return {reset: true, ...key};
	}

	if (typeof request['equal'] === 'number') {
		return {equal: request['equal'], ...key};
	}

	if (Array.isArray(request['weight'])) {
		return {weights: request['weight'] as readonly number[], ...key};
	}

	return key;
}

/** The one `ethtool -X` run that sets the table and key again on a new device, or why no form gives the table. */
export function rssRuleRuns(values: Values): ReadonlyArray<readonly string[]> | string {
	const spread = values.table ? spreadOf(values.table, values.rssQueues ?? 0) : undefined;
	if (values.table && values.table.length > 0 && !spread) {
		return 'its table is none of ethtool -X\'s forms (default, equal N, weight W…), so no command line sets it again';
	}

	const words = [...(spread ? spreadWords(spread) : []), ...(values.key ? ['hkey', values.key] : [])];
	return words.length === 0 ? [] : [['-X', ...words]];
}

/** `ethtool -X DEV <form> hkey K`: what puts `before` back by hand. */
function restore(target: string, before: Values): string {
	const spread = before.table ? spreadOf(before.table, before.rssQueues ?? 0) : undefined;
	const words = [...(spread ? spreadWords(spread) : []), ...(before.key ? ['hkey', before.key] : [])];
	return `ethtool -X ${target} ${words.join(' ')}`;
}

const keywords = new Set(['equal', 'weight', 'default', 'hkey']);

/** `equal N`, `weight W0 W1 …`, `default`, `hkey K`: one table form and/or a key. */
function parseRssArgs(positional: readonly string[]): KindInput | string {
	const input: Record<string, string> = {};
	for (let i = 0; i < positional.length; i++) {
		const word = positional[i]!;
		if (!keywords.has(word)) {
			return `unexpected argument ${JSON.stringify(word)} (give equal N, weight W0 W1 …, default and/or hkey K)`;
		}

		if (word !== 'hkey' && input['spread'] !== undefined) {
			return `${input['spread']} and ${word} exclude each other: give one table form`;
		}

		if (word === 'default') {
			input['spread'] = 'default';
		} else if (word === 'weight') {
			const weights: string[] = [];
			while (i + 1 < positional.length && !keywords.has(positional[i + 1]!)) {
				weights.push(positional[++i]!);
			}

			input['spread'] = 'weight';
			input['weight'] = weights.join(' ');
		} else {
			const value = positional[++i];
			if (value === undefined) {
				return `${word} needs a value`;
			}

			input[word === 'hkey' ? 'key' : 'spread'] = word === 'hkey' ? value : 'equal';
			if (word === 'equal') {
				input['equal'] = value;
			}
		}
	}

	return Object.keys(input).length === 0 ? 'give equal N, weight W0 W1 …, default and/or hkey K: hvtop set rss DEV equal 4' : input;
}

/** The N of an `equal N` (or default) table, for the dialog's "now" column. */
function equalNow(reading: RssReading): number | undefined {
	const spread = spreadOf(reading.rss.table, reading.queues);
	return spread?.form === 'default' ? reading.queues : (spread?.form === 'equal' ? spread.queues : undefined);
}

export const rss: ChangeKindSpec<RssReading> = {
	name: 'rss',
	noun: 'RSS table',
	ethtoolSet: '-X',
	restore,
	usage: 'hvtop set rss DEV [equal N | weight W0 W1 … | default] [hkey K]',
	reading: rssReading,
	values: rssValues,
	plan: planRss,
	async apply(source, dev, request, now) {
		if (!source.setRss) {
			return failWith('EOPNOTSUPP', `this ${source.kind} source cannot set an RSS table`);
		}

		const asked = rssRequestOf(request);
		return typeof asked === 'string' ? failWith('EINVAL', asked) : source.setRss(dev, asked, now);
	},
	clamps: false,
	valuedOptions: [],
	// Netvsc takes -X at any time: udev runs ethtool on each add, after net_setup_link set the channels.
	persist: {target: 'device', rule: {ethtool: rssRuleRuns}},
	parseArgs(positional, options): KindInput | string {
		if (options.has('rx') || options.has('tx')) {
			return '--rx/--tx are for rings; an RSS table takes equal N, weight W…, default or hkey K';
		}

		return parseRssArgs(positional);
	},
	dialog: {
		open(dev, current, {values = {}}) {
			if (!current.ok) {
				return `cannot read ${dev}'s RSS table: ${current.error.message}`;
			}

			const reading = current.value;
			if (reading.rss.table.length === 0 || reading.queues < 2) {
				return `${dev} has ${reading.queues < 2 ? 'a single channel' : 'no RSS table'}: nothing to spread`;
			}

			const {queues} = reading;
			// The proposal: an even spread over every channel (the reset of a skewed table), unless advice says otherwise.
			const equal = Math.min(queues, Math.max(1, values['equal'] ?? queues));
			const now = equalNow(reading);
			const proposed: DialogValues = {equal, queues};
			return {current: now === undefined ? {} : {equal: now}, proposed, fields: ['equal'], field: 'equal', max: {equal: queues}};
		},
		label: () => 'equal over queues',
		step: (value, direction, max) => Math.min(max, Math.max(1, value + direction)),
		withValue: (state, value) => ({...state.proposed, equal: value}),
		// Over every channel is the driver's own table (`default`), which later channel changes keep valid.
		input: proposed => (proposed['equal'] === proposed['queues'] ? {spread: 'default'} : {spread: 'equal', equal: proposed['equal'] ?? 0}),
	},
};
