// Every metric `hvtop export` serves, in one list: name, type, labels and help.
// Names follow Prometheus practice (one `hvtop_` prefix, base units, `_total`
// on counters, dimensions as labels); `device` and `direction` are named as
// node_exporter names them, so the two join.
export type MetricType = 'counter' | 'gauge';

export type MetricSpec = {
	readonly name: string;
	readonly type: MetricType;
	readonly help: string;
	readonly labels: readonly string[];
};

const nic = ['device', 'driver', 'role'] as const;

// Per-CPU utilisation (/proc/stat; the model's own): machine-wide, one series per online CPU.
const cpuTimeMetrics = {
	cpuSoftirq: {name: 'hvtop_cpu_softirq_ratio', type: 'gauge', help: 'Share (0-1) of the CPU\'s time in softirq (network processing) since the previous scrape, from /proc/stat; absent on the first.', labels: ['cpu']},
} as const satisfies Record<string, MetricSpec>;

export const catalogue = {
	...cpuTimeMetrics,
	build: {name: 'hvtop_build_info', type: 'gauge', help: 'Always 1: the hvtop version and the source it reads (model or live).', labels: ['version', 'source']},
	nic: {name: 'hvtop_nic_info', type: 'gauge', help: 'Always 1: a synthetic NIC, its driver and the VF paired with it ("" when none).', labels: ['device', 'driver', 'version', 'vf_device', 'vf_driver']},
	deviceUp: {name: 'hvtop_device_up', type: 'gauge', help: '1 when the last scrape read the device, 0 when the read failed.', labels: ['device']},
	linkUp: {name: 'hvtop_link_up', type: 'gauge', help: '1 when the device is up with carrier.', labels: ['device']},
	cpus: {name: 'hvtop_cpus_online', type: 'gauge', help: 'Online vCPUs of the machine.', labels: []},
	vfPresent: {name: 'hvtop_vf_present', type: 'gauge', help: '1 when a VF (Accelerated Networking) is paired with this hv_netvsc device.', labels: ['device']},
	queuePackets: {name: 'hvtop_queue_packets_total', type: 'counter', help: 'Packets per queue and direction.', labels: [...nic, 'queue', 'direction']},
	queueBytes: {name: 'hvtop_queue_bytes_total', type: 'counter', help: 'Bytes per queue and direction.', labels: [...nic, 'queue', 'direction']},
	queueDrops: {name: 'hvtop_queue_drops_total', type: 'counter', help: 'Packets dropped per VF queue and direction, where the VF driver counts them per queue.', labels: [...nic, 'queue', 'direction']},
	cpuPackets: {name: 'hvtop_cpu_packets_total', type: 'counter', help: 'Packets per CPU as hv_netvsc counts them: role="synthetic" for its own path, role="vf" for the VF path.', labels: [...nic, 'cpu', 'direction']},
	events: {name: 'hvtop_driver_events_total', type: 'counter', help: 'Driver event and error counters (hv_netvsc tx_send_full, rx_comp_busy, stop_queue; VF hc_rx_discards_no_wqe, rx_out_of_buffer, ...).', labels: [...nic, 'event']},
	channels: {name: 'hvtop_channels', type: 'gauge', help: 'Channels (ethtool -l) by kind, limit="current" or "max".', labels: [...nic, 'kind', 'limit']},
	rings: {name: 'hvtop_ring_entries', type: 'gauge', help: 'Ring size (ethtool -g) in the driver\'s unit: buffer sections for hv_netvsc, descriptors for VFs.', labels: [...nic, 'direction', 'limit']},
	ringBytes: {name: 'hvtop_ring_buffer_bytes', type: 'gauge', help: 'hv_netvsc receive/send buffer size: sections times section size.', labels: ['device', 'direction']},
	rss: {name: 'hvtop_rss_indirection_entries', type: 'gauge', help: 'RSS indirection table slots pointing at each queue (0: the queue receives nothing).', labels: ['device', 'driver', 'queue']},
	flowHash: {name: 'hvtop_flow_hash_info', type: 'gauge', help: 'Always 1: the packet fields RSS hashes per flow type (ethtool -n rx-flow-hash, ethtool\'s letters: s/d addresses, f/n ports).', labels: [...nic, 'flow_type', 'fields']},
	imbalance: {name: 'hvtop_queue_imbalance_ratio', type: 'gauge', help: 'Busiest queue\'s packet rate over the mean (1 = even) since the previous scrape; absent on the first.', labels: nic},
	advice: {name: 'hvtop_advice_info', type: 'gauge', help: 'Always 1: advice hvtop gives for the device now, by rule id and severity.', labels: ['device', 'id', 'severity']},
	pending: {name: 'hvtop_change_pending', type: 'gauge', help: 'Always 1: a change in the journal that is neither kept nor undone yet.', labels: ['device', 'id', 'kind', 'state']},
	unpersisted: {name: 'hvtop_change_unpersisted', type: 'gauge', help: 'Always 1: a change kept in this boot that the next boot would not apply (hvtop persist makes it last; a model\'s never does).', labels: ['device', 'id', 'kind']},
	scrapeSeconds: {name: 'hvtop_scrape_duration_seconds', type: 'gauge', help: 'Time this scrape took to read every device.', labels: []},
	raw: {name: 'hvtop_ethtool_stat', type: 'gauge', help: 'A raw ethtool -S counter by its driver name (only with --raw-stats: one series per name).', labels: [...nic, 'stat']},
} as const satisfies Record<string, MetricSpec>;

export type MetricKey = keyof typeof catalogue;

/** A string for each name of a tuple of label names. */
type ValuesOf<Names extends readonly string[]> = {readonly [I in keyof Names]: string};

/** A metric's label values, in its catalogue order (the tuple's length is checked). */
export type LabelValues<K extends MetricKey> = ValuesOf<(typeof catalogue)[K]['labels']>;

/** One series' labels, name to value. */
export type Labels = Readonly<Record<string, string>>;

export type Sample = {readonly labels: Labels; readonly value: number};

/** Adds one sample to a scrape: the metric, its label values, its value. */
export type Add = <K extends MetricKey>(key: K, values: LabelValues<K>, value: number | bigint) => void;

/** One scrape's values, by metric. */
export type Samples = Map<MetricKey, Sample[]>;
