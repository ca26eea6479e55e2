// The fleet's rows, one per VM (Prometheus instance) and NIC, from the
// queries' answers; a VF's figures count for the NIC it is paired with
// (hvtop_nic_info). Worst first: down, dropping, holding a change, unbalanced,
// left at too few channels, then by advice count.
import type {FleetQuery} from './queries.js';
import type {Series} from './prometheus-api.js';

export type FleetRow = {
	readonly instance: string;
	/** Undefined for a target that is down (its NICs are unknown). */
	readonly device?: string;
	readonly up: boolean;
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

const imbalanceHigh = 2;

const key = (instance: string, device: string): string => `${instance}\u0000${device}`;

function pick(series: readonly Series[] | undefined, match: (labels: Readonly<Record<string, string>>) => boolean): number | undefined {
	return series?.find(s => match(s.labels))?.value;
}

/** Whether a row's channels are below both its vCPUs and its maximum. */
export const fewChannels = (row: FleetRow): boolean =>
	row.channels !== undefined && row.vcpus !== undefined && row.maxChannels !== undefined && row.channels < Math.min(row.vcpus, row.maxChannels);

function nicRow(answers: Answers, instance: string, device: string, vf: string): FleetRow {
	const at = (labels: Readonly<Record<string, string>>) => labels['instance'] === instance;
	const own = (labels: Readonly<Record<string, string>>) => at(labels) && labels['device'] === device;
	const ofVf = (labels: Readonly<Record<string, string>>) => at(labels) && vf !== '' && labels['device'] === vf;
	const channel = (match: typeof own, limit: string) => pick(answers.channels, labels => match(labels) && labels['limit'] === limit);
	const imbalances = (answers.imbalance ?? []).filter(s => own(s.labels) || ofVf(s.labels)).map(s => s.value);
	const drops = (answers.drops ?? []).filter(s => own(s.labels) || ofVf(s.labels));
	const optional = {
		vcpus: pick(answers.cpus, at),
		channels: channel(own, 'current'),
		maxChannels: channel(own, 'max'),
		vfChannels: vf === '' ? undefined : channel(ofVf, 'current'),
		rxPps: pick(answers.packets, labels => own(labels) && labels['direction'] === 'receive'),
		txPps: pick(answers.packets, labels => own(labels) && labels['direction'] === 'transmit'),
		imbalance: imbalances.length > 0 ? Math.max(...imbalances) : undefined,
		dropsPerSecond: answers.drops ? drops.reduce((sum, s) => sum + s.value, 0) : undefined,
	};
	return {
		instance,
		device,
		up: true,
		vf,
		...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
		advice: pick(answers.advice, own) ?? 0,
		pending: pick(answers.pending, own) ?? 0,
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

/** Worst first; ties by instance and device. */
export function worstFirst(rows: readonly FleetRow[]): FleetRow[] {
	return [...rows].sort((a, b) => {
		const [x, y] = [badness(a), badness(b)];
		const differs = x.findIndex((value, index) => value !== y[index]);
		if (differs >= 0) {
			return y[differs]! - x[differs]!;
		}

		return a.instance.localeCompare(b.instance) || (a.device ?? '').localeCompare(b.device ?? '');
	});
}

export function fleetRows(answers: Answers): FleetRow[] {
	const rows = new Map<string, FleetRow>();
	for (const {labels} of answers.nics ?? []) {
		const instance = labels['instance'] ?? '';
		rows.set(key(instance, labels['device'] ?? ''), nicRow(answers, instance, labels['device'] ?? '', labels['vf_device'] ?? ''));
	}

	for (const {labels, value} of answers.up ?? []) {
		if (value === 0) {
			rows.set(key(labels['instance'] ?? '', ''), {instance: labels['instance'] ?? '', up: false, advice: 0, pending: 0});
		}
	}

	return worstFirst([...rows.values()]);
}
