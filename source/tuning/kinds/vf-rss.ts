// The VF's own RSS indirection table and key (`ethtool -X enP… equal N |
// weight W… | default [hkey K]`): with Accelerated Networking most receive
// traffic arrives on the VF and follows this table, not netvsc's. Planned with
// the rss kind's checks (rss-plan.ts) after the VF driver's own
// (source/drivers: MANA refuses while its port is down; the table sizes each
// driver can have; the key length), applied to the VF by name, read back from
// the netvsc device's snapshot (its vfDevice), lost with the VF at servicing.
import {opError} from '../../errors.js';
import type {DeviceSnapshot} from '../../sources/source.js';
import type {Result, Rss} from '../../types.js';
import {ok} from '../../types.js';
import {checkDevice, problem, type PlanResult} from '../plan.js';
import type {ChangeKindSpec, KindInput} from './kind.js';
import {planRxfh, rssValues, type RssReading} from './rss-plan.js';
import {rss, rssReadingOf} from './rss.js';
import {dialogVf, vfEffects, vfLabel, vfReading, type VfReading} from './vf.js';

/** The VF's table and key, its channel count (the RX rings the entries must stay below), and whether it is up. */
export type VfRssReading = VfReading<RssReading> & {readonly up?: boolean};

export function vfRssReading(snap: DeviceSnapshot): Result<VfRssReading> {
	const reading = vfReading(snap, 'RSS table', vf => {
		if (vf.rss === undefined) {
			return undefined;
		}

		return vf.rss.ok && vf.channels.ok ? ok(rssReadingOf(vf.rss.value, vf.channels.value)) : (vf.rss.ok ? vf.channels as Result<never> : vf.rss);
	});
	return reading.ok ? ok({...reading.value, ...(snap.vfDevice?.up === undefined ? {} : {up: snap.vfDevice.up})}) : reading;
}

const keyBytes = (rss: Rss): number => (rss.key === '' ? 0 : rss.key.split(':').length);

/** What the VF's driver refuses before the ethtool core's checks could pass: its port down, a table or key it never has. */
function driverRefusal(dev: string, reading: VfRssReading): PlanResult | undefined {
	const {facts, driver, vf} = reading;
	const label = vfLabel(dev, vf);
	if (!facts) {
		return undefined;
	}

	const {portDown, tableEntries} = facts.rxfh;
	if (portDown && reading.up === false) {
		return problem('refused', `${label} is down: ${portDown.message}`, opError(portDown.code, portDown.message));
	}

	const size = reading.value.rss.table.length;
	if (size > 0 && (size < tableEntries.min || size > tableEntries.max)) {
		const message = `${label} reports a ${size}-entry table; ${driver} has ${tableEntries.min}–${tableEntries.max}: not the driver hvtop knows, change it by hand`;
		return problem('refused', message, opError('EOPNOTSUPP', message));
	}

	const bytes = keyBytes(reading.value.rss);
	if (bytes > 0 && bytes !== facts.rssKeyBytes) {
		const message = `${label} reports a ${bytes}-byte key; ${driver}'s is ${facts.rssKeyBytes}: not the driver hvtop knows, change it by hand`;
		return problem('refused', message, opError('EOPNOTSUPP', message));
	}

	return undefined;
}

export function planVfRss(dev: string, current: Result<VfRssReading>, input: KindInput): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	if (!current.ok) {
		return problem('refused', current.error.message, current.error);
	}

	const reading = current.value;
	const refused = driverRefusal(dev, reading);
	if (refused) {
		return refused;
	}

	const {vf, facts, driver} = reading;
	const transmit = facts?.txPick === 'indirection'
		? [`${driver} also picks each flow's transmit queue from this table: sent traffic moves with it`]
		: [];
	return planRxfh(dev, ok(reading.value), input, {
		kind: 'vf-rss',
		subject: vfLabel(dev, vf),
		resetCommand: `hvtop set vf-rss ${dev} default`,
		applied: `no queue is re-created: ${vf.name} keeps its carrier and per-queue counters`,
		effects: [...transmit, ...vfEffects(reading, false)],
		vf,
	});
}

export const vfRss: ChangeKindSpec<VfRssReading> = {
	name: 'vf-rss',
	noun: 'VF RSS table',
	ethtoolSet: '-X',
	restore: (target, before, after) => rss.restore!(target, before, after),
	usage: 'hvtop set vf-rss DEV [equal N | weight W0 W1 … | default] [--hkey K]',
	reading: vfRssReading,
	values: reading => rssValues(reading.value),
	vf: reading => reading.vf,
	plan: planVfRss,
	// The VF's own name: the source sends `ethtool -X` to it (the model: the VF driver's checks).
	apply: async (source, name, request, now) => rss.apply(source, name, request, now),
	// No `recreates`: set_rxfh rewrites the table (MANA: mana_config_rss; mlx5: the RQT) without re-creating queues.
	clamps: false,
	valuedOptions: ['hkey'],
	// MANA refuses -X until netvsc has opened the VF, a moment after udev sees it added: persist-apply waits for that.
	persist: {target: 'vf', rule: {apply: values => values}},
	parseArgs(positional, options): KindInput | string {
		const hkey = options.get('hkey');
		const words = hkey === undefined ? positional : [...positional, 'hkey', hkey];
		const parsed = rss.parseArgs(words, options);
		return typeof parsed === 'string' ? parsed.replace('hvtop set rss DEV', 'hvtop set vf-rss DEV') : parsed;
	},
	dialog: {
		open(dev, current, prefill) {
			if (!current.ok) {
				return current.error.message;
			}

			const refused = driverRefusal(dev, current.value);
			if (refused && !refused.ok) {
				return refused.problem.message;
			}

			const opening = rss.dialog.open(current.value.vf.name, ok(current.value.value), prefill);
			return typeof opening === 'string' ? opening : {...opening, vf: dialogVf(current.value)};
		},
		label: () => 'VF equal over queues',
		step: rss.dialog.step,
		withValue: rss.dialog.withValue,
		input: rss.dialog.input,
	},
};
