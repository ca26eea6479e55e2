// A small fleet as Prometheus would answer the fleet's queries: vm-a drops on
// its VF and is unbalanced, vm-b is left at 2 of 16 channels with advice,
// vm-c is down, db-1 is calm and busy with two NICs, old-1 was last scraped
// ten minutes ago. Range answers for vm-a's eth0 and its VF enP1.
import type {Series} from '../../source/fleet/prometheus-api.js';
import type {Answers} from '../../source/fleet/rows.js';
import type {RangeAnswer} from '../helpers/fake-prometheus.js';

const s = (labels: Record<string, string>, value: number): Series => ({labels: {job: 'hvtop', ...labels}, value});
export const a = 'vm-a:9469';
export const b = 'vm-b:9469';
export const c = 'vm-c:9469';
export const db = 'db-1:9469';
export const old = 'old-1:9469';

export const fleetAnswers: Answers = {
	up: [s({instance: a}, 1), s({instance: b}, 1), s({instance: c}, 0), s({instance: db}, 1), s({instance: old}, 1)],
	age: [s({instance: a}, 3), s({instance: b}, 4), s({instance: db}, 2), s({instance: old}, 600)],
	nics: [
		s({instance: a, device: 'eth0', vf_device: 'enP1'}, 1),
		s({instance: b, device: 'eth0', vf_device: ''}, 1),
		s({instance: db, device: 'eth0', vf_device: 'enP7'}, 1),
		s({instance: db, device: 'eth1', vf_device: 'enP8'}, 1),
		s({instance: old, device: 'eth0', vf_device: ''}, 1),
	],
	cpus: [s({instance: a}, 16), s({instance: b}, 16), s({instance: db}, 8), s({instance: old}, 4)],
	channels: [
		s({instance: a, device: 'eth0', limit: 'current'}, 16), s({instance: a, device: 'eth0', limit: 'max'}, 16),
		s({instance: a, device: 'enP1', limit: 'current'}, 4), s({instance: a, device: 'enP1', limit: 'max'}, 16),
		s({instance: b, device: 'eth0', limit: 'current'}, 2), s({instance: b, device: 'eth0', limit: 'max'}, 16),
		s({instance: db, device: 'eth0', limit: 'current'}, 8), s({instance: db, device: 'eth0', limit: 'max'}, 8),
		s({instance: db, device: 'eth1', limit: 'current'}, 8), s({instance: db, device: 'eth1', limit: 'max'}, 8),
		s({instance: old, device: 'eth0', limit: 'current'}, 4), s({instance: old, device: 'eth0', limit: 'max'}, 4),
	],
	packets: [
		s({instance: a, device: 'eth0', direction: 'receive'}, 1000), s({instance: a, device: 'eth0', direction: 'transmit'}, 500),
		s({instance: db, device: 'eth0', direction: 'receive'}, 90_000), s({instance: db, device: 'eth0', direction: 'transmit'}, 70_000),
		s({instance: db, device: 'eth1', direction: 'receive'}, 20_000), s({instance: db, device: 'eth1', direction: 'transmit'}, 80_000),
	],
	imbalance: [
		s({instance: a, device: 'eth0', role: 'synthetic'}, 1.1), s({instance: a, device: 'enP1', role: 'vf'}, 3.5),
		s({instance: b, device: 'eth0', role: 'synthetic'}, 1.5), s({instance: db, device: 'eth0', role: 'synthetic'}, 1.2),
	],
	drops: [s({instance: a, device: 'enP1', role: 'vf'}, 12)],
	advice: [s({instance: b, device: 'eth0'}, 2)],
	pending: [s({instance: db, device: 'eth1'}, 1)],
};

/** vm-a's queues (eth0 q0–q3, enP1 q0–q3) and CPUs 0–3 over the range: q1 of the VF rises, the rest idle along. */
export function fleetRange(expr: string, start: number, end: number, step: number): RangeAnswer | undefined {
	const times = Array.from({length: Math.floor((end - start) / step) + 1}, (_, index) => start + (index * step));
	const series = (metric: Record<string, string>, value: (index: number) => number) => ({metric, values: times.map((time, index): [number, string] => [time, String(value(index))])});
	if (!expr.includes('instance="vm-a:9469"')) {
		return undefined;
	}

	const directions = ['receive', 'transmit'] as const;
	if (expr.includes('hvtop_queue_packets_total')) {
		return [0, 1, 2, 3].flatMap(queue => directions.flatMap(direction => [
			series({device: 'eth0', role: 'synthetic', queue: String(queue), direction}, () => 10),
			series({device: 'enP1', role: 'vf', queue: String(queue), direction}, index => (queue === 1 && direction === 'receive' ? index * 100 : 50)),
		]));
	}

	return [0, 1, 2, 3].flatMap(cpu => directions.map(direction => series({cpu: String(cpu), direction}, () => 100 * (cpu + 1))));
}
