// The VF's channel count (`ethtool -L enP… combined N`): combined channels
// only, at most min(the driver's hardware maximum, vCPUs) — MANA 64, mlx5 128 —
// as the VF reports it. Applied to the VF by name, read back from the netvsc
// device's snapshot (its vfDevice), lost with the VF at host servicing.
import type {ChannelRequest, Channels, Result} from '../../types.js';
import {checkDevice, parseCount, problem, type PlanResult} from '../plan.js';
import type {Values} from '../types.js';
import type {ChangeKindSpec, KindInput} from './kind.js';
import {dialogVf, vfEffects, vfLabel, vfReading, type VfReading} from './vf.js';

type Reading = VfReading<Channels>;

const noun = (n: number): string => (n === 1 ? 'combined channel' : 'combined channels');

/** Where the VF's maximum comes from, in the driver's terms. */
function boundWords(reading: Reading): string {
	const {facts, driver, vcpus} = reading;
	return facts ? `${driver}: at most ${facts.hwMaxChannels}, and no more than the ${vcpus} vCPUs` : 'the maximum ethtool -l reports';
}

export function planVfChannels(dev: string, current: Result<Reading>, input: number | string): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (!current.ok) {
		return problem('refused', current.error.message, current.error);
	}

	const reading = current.value;
	const {vf, value: ch} = reading;
	const label = vfLabel(dev, vf);
	const parsed = parseCount('VF channels', input);
	if (!parsed.ok) {
		return problem('usage', parsed.message);
	}

	const n = parsed.value;
	if (n === 0) {
		return problem('usage', `VF channels must be at least 1: 0 would leave ${vf.name} without a queue`);
	}

	const max = ch.maxCombined;
	if (n > max) {
		return problem('usage', `${label} allows at most ${max} ${noun(max)} (${boundWords(reading)}); ${n} asked`);
	}

	if (n === ch.combined) {
		return problem('unchanged', `${label} already has ${n} ${noun(n)}; nothing to change`);
	}

	return {
		ok: true,
		plan: {
			dev,
			kind: 'vf-channels',
			vf,
			before: {combined: ch.combined},
			after: {combined: n},
			request: {combined: n},
			max: {combined: max},
			effects: [...vfEffects(reading, true), `receive traffic on the VF is spread over ${n} queue${n === 1 ? '' : 's'} instead of ${ch.combined}`],
			warnings: [],
		},
	};
}

export const vfChannels: ChangeKindSpec<Reading> = {
	name: 'vf-channels',
	noun: 'VF channels',
	ethtoolSet: '-L',
	usage: 'hvtop set vf-channels DEV N',
	reading: snap => vfReading(snap, 'channels', vf => vf.channels),
	values: (reading): Values => ({combined: reading.value.combined}),
	vf: reading => reading.vf,
	plan: (dev, current, input) => planVfChannels(dev, current, input['count'] ?? ''),
	apply: async (source, name, request, now) => source.setChannels(name, request as ChannelRequest, now),
	// The VF driver re-creates its own queues (MANA: mana_detach + mana_attach, buffers
	// allocated first; mlx5: new channels, then swapped); the synthetic device and its VMBus
	// channels stay as they are, so the host bug behind the rate limit (netvsp, microsoft/openvmm#2854) is not reached.
	recreates: 'vf-queues',
	clamps: false,
	valuedOptions: [],
	parseArgs(positional, options): KindInput | string {
		const [count, ...extra] = positional;
		if (count === undefined) {
			return 'give the VF channel count: hvtop set vf-channels DEV N';
		}

		if (extra.length > 0) {
			return `unexpected argument ${JSON.stringify(extra[0])}`;
		}

		if (options.has('rx') || options.has('tx')) {
			return '--rx/--tx are for vf-rings; vf-channels take one count';
		}

		return {count};
	},
	// Systemd.link(5): the channel keys since systemd 239; NetworkManager's since 1.46.
	persist: {
		target: 'vf',
		link: {combined: 'CombinedChannels', rx: 'RxChannels', tx: 'TxChannels'},
		networkManager: {since: '1.46', keys: {combined: 'ethtool.channels-combined', rx: 'ethtool.channels-rx', tx: 'ethtool.channels-tx'}},
	},
	dialog: {
		open(_dev, current, {step = 0, values = {}}) {
			if (!current.ok) {
				return current.error.message;
			}

			const {combined, maxCombined} = current.value.value;
			const next = Math.min(maxCombined, Math.max(1, values.combined ?? combined + step));
			return {current: {combined}, proposed: {combined: next}, fields: ['combined'], field: 'combined', max: {combined: maxCombined}, vf: dialogVf(current.value)};
		},
		label: () => 'VF combined channels',
		step: (value, direction, max) => Math.min(max, Math.max(1, value + direction)),
		withValue: (_state, value) => ({combined: value}),
		input: proposed => ({count: proposed.combined ?? 0}),
	},
};
