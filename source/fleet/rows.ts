// The fleet's rows, one per VM (Prometheus instance) and NIC, from the
// queries' answers; a VF's figures count for the NIC it is paired with
// (hvtop_nic_info). Worst first: down, dropping, holding a change, unbalanced,
// left at too few channels, then by advice count. Each answer is indexed by
// instance and device once, so a fleet of thousands of NICs costs one pass.
import type {FleetQuery} from './queries.js';
import type {Series} from './prometheus-api.js';
import {staleAfterSeconds} from './stale.js';

export {staleAfterSeconds} from './stale.js';

export type FleetRow = {
	readonly instance: string;
	/** Undefined for a target that is down (its NICs are unknown). */
	readonly device?: string;
	readonly up: boolean;
	/** Seconds since the target's last sample in Prometheus, when known. */
	readonly ageSeconds?: number;
	readonly vcpus?: number;
	readonly channels?: number;
	readonly maxChannels?: number;
	readonly vf?: string;
	readonly vfChannels?: number;
	readonly rxPps?: number;
	readonly txPps?: number;
	readonly imbalance?: number;
	readonly dropsPerSecond?: number;
	readonly advice: number;
	readonly pending: number;
};

export type Answers = Partial<Record<FleetQuery, readonly Series[]>>;

export const imbalanceHigh = 2;

export const isStale = (row: FleetRow): boolean => row.ageSeconds !== undefined && row.ageSeconds > staleAfterSeconds;

/** Identifies a row: its instance and device ("" for a target that is down). */
export const rowKey = (row: Pick<FleetRow, 'instance' | 'device'>): string => `${row.instance}\u0000${row.device ?? ''}`;

type Labels = Readonly<Record<string, string>>;

/** An answer's series by instance and device ("" when the series has no device). */
function indexed(series: readonly Series[] | undefined): Map<string, Series[]> {
	const index = new Map<string, Series[]>();
	for (const item of series ?? []) {
		const key = `${item.labels['instance'] ?? ''}\u0000${item.labels['device'] ?? ''}`;
		const list = index.get(key);
		if (list) {
			list.push(item);
		} else {
			index.set(key, [item]);
		}
	}

	return index;
}

type Index = Partial<Record<FleetQuery, Map<string, Series[]>>>;

const pick = (list: readonly Series[] | undefined, match: (labels: Labels) => boolean): number | undefined => list?.find(s => match(s.labels))?.value;

/** Whether a row's channels are below both its vCPUs and its maximum. */
export const fewChannels = (row: FleetRow): boolean =>
	row.channels !== undefined && row.vcpus !== undefined && row.maxChannels !== undefined && row.channels < Math.min(row.vcpus, row.maxChannels);

function nicRow(answers: Answers, index: Index, instance: string, device: string, vf: string): FleetRow {
	const of = (query: FleetQuery, name: string): Series[] => (name === '' ? [] : index[query]?.get(`${instance}\u0000${name}`) ?? []);
	const both = (query: FleetQuery): Series[] => [...of(query, device), ...of(query, vf)];
	const limit = (name: string, wanted: string) => pick(of('channels', name), labels => labels['limit'] === wanted);
	const imbalances = both('imbalance').map(s => s.value);
	const optional = {
		ageSeconds: index.age?.get(`${instance}\u0000`)?.[0]?.value,
		vcpus: index.cpus?.get(`${instance}\u0000`)?.[0]?.value,
		channels: limit(device, 'current'),
		maxChannels: limit(device, 'max'),
		vfChannels: vf === '' ? undefined : limit(vf, 'current'),
		rxPps: pick(of('packets', device), labels => labels['direction'] === 'receive'),
		txPps: pick(of('packets', device), labels => labels['direction'] === 'transmit'),
		imbalance: imbalances.length > 0 ? Math.max(...imbalances) : undefined,
		dropsPerSecond: answers.drops ? both('drops').reduce((sum, s) => sum + s.value, 0) : undefined,
	};
	return {
		instance,
		device,
		up: true,
		vf,
		...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
		advice: of('advice', device)[0]?.value ?? 0,
		pending: of('pending', device)[0]?.value ?? 0,
	};
}

const badness = (row: FleetRow): number[] => [
	row.up ? 0 : 1,
	(row.dropsPerSecond ?? 0) > 0 ? 1 : 0,
	row.pending > 0 ? 1 : 0,
	(row.imbalance ?? 0) > imbalanceHigh ? 1 : 0,
	fewChannels(row) ? 1 : 0,
	row.advice,
	row.imbalance ?? 0,
];

/** Ties by instance and device. */
export const byName = (a: FleetRow, b: FleetRow): number => a.instance.localeCompare(b.instance) || (a.device ?? '').localeCompare(b.device ?? '');

/** Worst first; ties by instance and device. */
export function worstFirst(rows: readonly FleetRow[]): FleetRow[] {
	const scored = rows.map(row => ({row, score: badness(row)}));
	scored.sort((a, b) => {
		const differs = a.score.findIndex((value, index) => value !== b.score[index]);
		return differs >= 0 ? b.score[differs]! - a.score[differs]! : byName(a.row, b.row);
	});
	return scored.map(item => item.row);
}

export function fleetRows(answers: Answers): FleetRow[] {
	const index: Index = Object.fromEntries(Object.entries(answers).map(([name, series]) => [name, indexed(series)]));
	const rows = new Map<string, FleetRow>();
	for (const {labels} of answers.nics ?? []) {
		const instance = labels['instance'] ?? '';
		const device = labels['device'] ?? '';
		rows.set(rowKey({instance, device}), nicRow(answers, index, instance, device, labels['vf_device'] ?? ''));
	}

	for (const {labels, value} of answers.up ?? []) {
		if (value === 0) {
			const instance = labels['instance'] ?? '';
			rows.set(rowKey({instance}), {instance, up: false, advice: 0, pending: 0});
		}
	}

	return worstFirst([...rows.values()]);
}
