// What the fleet view asks Prometheus, one instant query per column. They read
// the exporter's own series (not the recording rules), so a Prometheus without
// contrib/prometheus/hvtop-rules.yml serves the fleet view too. Every query
// sums on the server (by instance and device), so the answer is a few series
// per NIC however many queues and CPUs the fleet has, with only the labels
// the rows read (the bench's fleet: 3.5 → about 1.5 MB of JSON a reading).
import {staleAfterSeconds} from './stale.js';

export const dropEvents = '.*(drop|discard|out_of_buffer|no_memory).*';

export const fleetQueries = {
	/** hvtop targets that exported within the hour and are down now: a row each (the up ones are rows by their NICs). */
	up: '(up and on (instance, job) max by (instance, job) (max_over_time(hvtop_build_info[1h]))) == 0',
	/** Seconds since the last sample of the targets whose figures are old (staleAfterSeconds, rows.ts). */
	age: `(time() - max by (instance) (timestamp(hvtop_build_info))) > ${staleAfterSeconds}`,
	nics: 'max by (instance, device, vf_device) (hvtop_nic_info)',
	cpus: 'max by (instance) (hvtop_cpus_online)',
	// The NIC's current and maximum, its VF's current: what the row shows.
	channels: 'max by (instance, device, limit) (hvtop_channels{kind="combined", role="synthetic"} or hvtop_channels{kind="combined", limit="current"})',
	// Per CPU hv_netvsc counts its own and its VF's path: the NIC's whole traffic, under its own name.
	packets: 'sum by (instance, device, direction) (rate(hvtop_cpu_packets_total[5m]))',
	imbalance: 'max by (instance, device) (hvtop_queue_imbalance_ratio)',
	// Only the devices that drop: a NIC absent here drops nothing.
	drops: `sum by (instance, device) (rate(hvtop_driver_events_total{event=~"${dropEvents}"}[5m]) or rate(hvtop_queue_drops_total[5m])) > 0`,
	advice: 'count by (instance, device) (hvtop_advice_info)',
	pending: 'count by (instance, device) (hvtop_change_pending)',
} as const;

export type FleetQuery = keyof typeof fleetQueries;

/** A PromQL string literal (Go's escapes, which JSON's are a subset of). */
export const promString = (value: string): string => JSON.stringify(value);

/** A PromQL regex matching exactly one of `values` (Prometheus anchors it). */
export const promOneOf = (values: readonly string[]): string => promString(values.map(value => value.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** The rate window for a range query's step: at least four scrapes of 15 s. */
const window = (stepSeconds: number): string => `${Math.max(60, stepSeconds * 4)}s`;

/** One NIC's range queries (Enter): packets/s per queue of it and its VF, and per CPU. */
export function detailQueries(instance: string, device: string, vf: string | undefined, stepSeconds: number): {readonly queues: string; readonly cpus: string} {
	const at = `instance=${promString(instance)}`;
	const devices = promOneOf(vf ? [device, vf] : [device]);
	return {
		queues: `sum by (device, role, queue, direction) (rate(hvtop_queue_packets_total{${at}, device=~${devices}}[${window(stepSeconds)}]))`,
		cpus: `sum by (cpu, direction) (rate(hvtop_cpu_packets_total{${at}, device=${promString(device)}}[${window(stepSeconds)}]))`,
	};
}
