// The channel count (`ethtool -L`): combined channels on hv_netvsc, rx+tx
// together on drivers with separate channels (veth). Planned against the
// driver's maximum, applied with setChannels, read back from `ethtool -l`.
import type {ChannelRequest, Channels, Result} from '../../types.js';
import {plural} from '../../plural.js';
import {opError} from '../../errors.js';
import type {DeviceSnapshot} from '../../sources/source.js';
import {isDefaultTable} from '../../stats/rss-table.js';
import {checkDevice, commonEffects, notSupported, parseCount, problem, sameValues, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import {dialogNumbers, type ChangeKindSpec, type KindInput} from './kind.js';

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
export function channelValues(ch: Channels): {readonly combined?: number; readonly rx?: number; readonly tx?: number} {
	return channelShape(ch) === 'rxtx' ? {rx: ch.rx, tx: ch.tx} : {combined: ch.combined};
}

/**
 * Channels as a change reads them, with the highest queue a table set by hand
 * (`ethtool -X`) references: the ethtool core refuses to shrink below it. Where
 * the "set by hand" flag is not known (ethtool does not print it), a table that
 * is not the driver's round-robin was set by hand.
 */
export type ChannelsReading = Channels & {readonly tableInUse?: number};

export function channelsReading(snap: DeviceSnapshot): Result<ChannelsReading> {
	if (!snap.channels.ok || !snap.rss.ok || snap.rss.value.table.length === 0) {
		return snap.channels;
	}

	const ch = snap.channels.value;
	const {table, configured} = snap.rss.value;
	const byHand = configured ?? !isDefaultTable(table, channelShape(ch) === 'rxtx' ? ch.rx : ch.combined);
	return byHand ? {ok: true, value: {...ch, tableInUse: Math.max(...table)}} : snap.channels;
}

const maxOf = (ch: Channels): number => (channelShape(ch) === 'combined' ? ch.maxCombined : Math.min(ch.maxRx, ch.maxTx));

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
		return problem('refused', `${dev} has no adjustable channels (the driver reports no maximum)`, notSupported);
	}

	const parsed = parseCount('channels', input);
	if (!parsed.ok) {
		return problem('usage', parsed.message);
	}

	const n = parsed.value;
	const max = maxOf(ch);
	const noun = shape === 'combined' ? 'combined channels' : 'rx/tx channels';
	if (n === 0) {
		return problem('usage', `channels must be at least 1: 0 would leave ${dev} without a receive or transmit queue`);
	}

	if (n > max) {
		// Driver-neutral: on hv_netvsc the host and the online vCPUs set this maximum, elsewhere the driver.
		return problem('usage', `${dev} allows at most ${max} ${max === 1 ? noun.replace(/s$/, '') : noun} (the maximum ethtool -l reports); ${n} asked`);
	}

	const inUse = (ch as ChannelsReading).tableInUse;
	if (inUse !== undefined && n <= inUse) {
		const core = `requested channel counts are too low for existing indirection table (${inUse})`;
		return problem('refused', `${dev}'s RSS table was set by hand and sends traffic to queue ${inUse}, so the kernel refuses fewer than ${inUse + 1} channels (${core}); reset the table first: hvtop set rss ${dev} default`, opError('EINVAL', core));
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

export const channels: ChangeKindSpec<ChannelsReading> = {
	name: 'channels',
	noun: 'channels',
	ethtoolSet: '-L',
	usage: 'hvtop set channels DEV N',
	reading: channelsReading,
	values: channelValues,
	plan: (dev, current, input) => planChannels(dev, current, input['count'] ?? ''),
	apply: async (source, dev, request, now) => source.setChannels(dev, request as ChannelRequest, now),
	// netvsc_set_channels is netvsc_detach + netvsc_attach: the host opens every sub-channel again.
	recreates: 'device',
	clamps: false,
	// How many sub-channels the host granted: the one shortfall netvsc has.
	shortfall(granted, after) {
		if (granted.combined !== undefined && after.combined !== undefined && granted.combined < after.combined) {
			return `: the host granted ${granted.combined - 1} of ${plural(after.combined - 1, 'sub-channel')} (combined ${granted.combined}, asked ${after.combined})`;
		}

		return undefined;
	},
	valuedOptions: [],
	parseArgs(positional, options): KindInput | string {
		const [count, ...extra] = positional;
		if (count === undefined) {
			return 'give the channel count: hvtop set channels DEV N';
		}

		if (extra.length > 0) {
			return `unexpected argument ${JSON.stringify(extra[0])}`;
		}

		if (options.has('rx') || options.has('tx')) {
			return '--rx/--tx are for rings; channels take one count';
		}

		return {count};
	},
	// Systemd.link(5): the channel keys since systemd 239; NetworkManager's since 1.46.
	persist: {
		target: 'device',
		link: {combined: 'CombinedChannels', rx: 'RxChannels', tx: 'TxChannels'},
		networkManager: {since: '1.46', keys: {combined: 'ethtool.channels-combined', rx: 'ethtool.channels-rx', tx: 'ethtool.channels-tx'}},
	},
	dialog: {
		open(dev, current, {step = 0, values = {}}) {
			if (!current.ok) {
				return `cannot read ${dev}'s channels: ${current.error.message}`;
			}

			const ch = current.value;
			const shape = channelShape(ch);
			if (shape === 'none') {
				return `${dev} has no adjustable channels`;
			}

			const n = shape === 'combined' ? ch.combined : ch.rx;
			const max = maxOf(ch);
			// An advised count (from the advice panel) replaces the step.
			const next = Math.min(max, Math.max(1, values.combined ?? n + step));
			const field = shape === 'combined' ? 'combined' : 'rx';
			const proposed: Values = shape === 'combined' ? {combined: next} : {rx: next, tx: next};
			return {current: dialogNumbers(channelValues(ch)), proposed: dialogNumbers(proposed), fields: [field], field, max: {combined: max, rx: max, tx: max}};
		},
		label: field => (field === 'combined' ? 'combined channels' : 'rx/tx channels'),
		step: (value, direction, max) => Math.min(max, Math.max(1, value + direction)),
		// Veth-style devices set rx and tx together from one number.
		withValue: (state, value) => (state.field === 'combined' ? {...state.proposed, combined: value} : {rx: value, tx: value}),
		input: proposed => ({count: proposed.combined ?? proposed.rx ?? 0}),
	},
};

