// What the fleet view asks Prometheus, one instant query per column. They read
// the exporter's own series (not the recording rules), so a Prometheus without
// contrib/prometheus/hvtop-rules.yml serves the fleet view too.
export const dropEvents = '.*(drop|discard|out_of_buffer|no_memory).*';

export const fleetQueries = {
	/** hvtop targets that exported within the hour, up or not: a down one is a row too. */
	up: 'up and on (instance, job) max by (instance, job) (max_over_time(hvtop_build_info[1h]))',
	nics: 'hvtop_nic_info',
	cpus: 'hvtop_cpus_online',
	channels: 'hvtop_channels{kind="combined"}',
	// Per CPU hv_netvsc counts its own and its VF's path: the NIC's whole traffic, under its own name.
	packets: 'sum by (instance, job, device, direction) (rate(hvtop_cpu_packets_total[5m]))',
	imbalance: 'max by (instance, job, device, role) (hvtop_queue_imbalance_ratio)',
	drops: `sum by (instance, job, device, role) (rate(hvtop_driver_events_total{event=~"${dropEvents}"}[5m]) or rate(hvtop_queue_drops_total[5m]))`,
	advice: 'count by (instance, job, device) (hvtop_advice_info)',
	pending: 'count by (instance, job, device) (hvtop_change_pending)',
} as const;

export type FleetQuery = keyof typeof fleetQueries;
