// How each driver names its per-queue counters in `ethtool -S`, as data: the
// plan (plan.ts) reads these tables and never compares driver names itself.
// A driver that is not listed is matched against the generic shapes, so it
// still shows queues when it names them like one of the drivers below.

export type Direction = 'rx' | 'tx';
export type QueueField = 'packets' | 'bytes' | 'drops';

/** Per field, the counter names (the part of the name that is not the queue) it adds up. */
export type FieldNames = Readonly<Partial<Record<QueueField, readonly string[]>>>;

/**
 * Names that carry their queue index, like `rx_3_packets`. The pattern's named
 * groups: `q` the queue index, `counter` the counter, and `dir` the direction
 * when the name carries it (else `direction`; 'channel' is mlx5's `chN_*`,
 * counters of the whole channel).
 */
export type NamedShape = {
	readonly kind: 'named';
	readonly pattern: RegExp;
	readonly direction?: Direction | 'channel';
	readonly rx?: FieldNames;
	readonly tx?: FieldNames;
};

/**
 * vmxnet3: a header counter opens each queue's block (`Tx Queue#`, `Rx Queue#`)
 * and the same names repeat under every header; the Nth header of a direction
 * is queue N (the driver writes N as the header's value). A name in `ends`
 * closes the block: the device counters after the last queue.
 */
export type BlockShape = {
	readonly kind: 'blocks';
	readonly headers: ReadonlyMap<string, Direction>;
	readonly ends: ReadonlySet<string>;
	readonly rx: FieldNames;
	readonly tx: FieldNames;
};

export type Shape = NamedShape | BlockShape;

/** One naming of the queues (drivers renamed theirs across kernels: each naming is a family). */
export type Family = {readonly name: string; readonly shapes: readonly Shape[]};

export type QueueLayout = {readonly driver: string; readonly families: readonly Family[]};

// A queue index: no leading zeros (`rx_00_*` is not queue 0), at most 4 digits
// before the bound check against maxQueues.
const q = String.raw`(?<q>0|[1-9]\d{0,3})`;
const counter = String.raw`(?<counter>[a-z\d_]{1,40})`;
const named = (source: string, fields: Pick<NamedShape, 'direction' | 'rx' | 'tx'>): NamedShape => ({kind: 'named', pattern: new RegExp(`^${source}$`), ...fields});

const traffic = {packets: ['packets'], bytes: ['bytes']} as const;

// Shapes, by the name they give queue 3's received packets.
/** `rx_queue_3_packets`: hv_netvsc, ixgbe, igb, ice, virtio_net before 6.10. */
const rxQueueN = String.raw`(?<dir>rx|tx)_queue_${q}_${counter}`;
/** `rx3_packets`: mlx5_core, virtio_net since 6.10. */
const rxN = String.raw`(?<dir>rx|tx)${q}_${counter}`;
/** `ch3_events`: mlx5_core's channel counters. */
const chN = String.raw`ch${q}_${counter}`;
/** `rx_3_packets`: mana. */
const rxUnderscoreN = String.raw`(?<dir>rx|tx)_${q}_${counter}`;
/** `rx-3.packets`: i40e, iavf (older i40e: `rx-3.rx_packets`). */
const rxDashN = String.raw`(?<dir>rx|tx)-${q}\.${counter}`;
/** `queue_3_rx_cnt`: ena. */
const queueNRx = String.raw`queue_${q}_(?<dir>rx|tx)_${counter}`;
/** `rx_bytes[3]`: gve. */
const rxBracketN = String.raw`(?<dir>rx|tx)_${counter}\[${q}\]`;

/** vmxnet3_ethtool.c: vmxnet3_{tq,rq}_{dev,driver}_stats, vmxnet3_global_stats. */
const vmxnet3Blocks: BlockShape = {
	kind: 'blocks',
	headers: new Map([['Tx Queue#', 'tx'], ['Rx Queue#', 'rx']]),
	ends: new Set(['tx timeout count']),
	tx: {
		packets: ['ucast pkts tx', 'mcast pkts tx', 'bcast pkts tx'],
		bytes: ['ucast bytes tx', 'mcast bytes tx', 'bcast bytes tx'],
		drops: ['pkts tx discard', 'drv dropped tx total'],
	},
	rx: {
		packets: ['ucast pkts rx', 'mcast pkts rx', 'bcast pkts rx'],
		bytes: ['ucast bytes rx', 'mcast bytes rx', 'bcast bytes rx'],
		// OOB: no receive buffer (the ring ran dry); drv dropped: the driver's own drops.
		drops: ['pkts rx OOB', 'drv dropped rx total'],
	},
};

// `drops` counts packets a queue lost, where the driver counts them per queue.
// XDP_DROP verdicts (`*_xdp_drop`) are a program's decision, not a loss: left out.
const layouts: readonly QueueLayout[] = [
	// drivers/net/hyperv/netvsc_drv.c, netvsc_get_strings: rx/tx_queue_%u_{packets,bytes,xdp_*}.
	{driver: 'hv_netvsc', families: [{name: 'rx_queue_N', shapes: [named(rxQueueN, {rx: traffic, tx: traffic})]}]},
	// drivers/net/ethernet/microsoft/mana/mana_ethtool.c, mana_get_strings(_stats):
	// rx_%d_{packets,bytes,xdp_drop,xdp_tx,xdp_redirect,pkt_len0_err,coalesced_cqe_N},
	// tx_%d_{packets,bytes,xdp_xmit,tso_*,long/short_pkt_fmt,csum_partial,mana_map_err}.
	// Ring exhaustion (hc_rx_discards_no_wqe) is a device counter, not per queue.
	{driver: 'mana', families: [{name: 'rx_N', shapes: [named(rxUnderscoreN, {rx: traffic, tx: traffic})]}]},
	// drivers/net/ethernet/mellanox/mlx5/core/en_stats.h/.c: MLX5E_DECLARE_{RX,TX,CH}_STAT
	// "rx%d_", "tx%d_", "ch%d_" (also rx%d_xdp_tx_*, rx%d_xsk_*, tx%d_xdp_*, rx%d_pp_*: consumed
	// as the queue's, not mapped). tx%d_dropped is the one per-queue loss; rx_out_of_buffer is
	// the device's. With several traffic classes tx index = channel + tc × channels.
	{driver: 'mlx5_core', families: [{name: 'rxN', shapes: [
		named(rxN, {rx: traffic, tx: {...traffic, drops: ['dropped']}}),
		named(chN, {direction: 'channel'}),
	]}]},
	// drivers/net/virtio_net.c: virtnet_get_strings "rx_queue_%u_%s" (before 6.10), then
	// virtnet_get_stats_string "rx%u_%s" / "rx%u_hw_%s"; virtnet_rq_stats_desc drops.
	{driver: 'virtio_net', families: [
		{name: 'rxN', shapes: [named(rxN, {rx: {...traffic, drops: ['drops']}, tx: traffic})]},
		{name: 'rx_queue_N', shapes: [named(rxQueueN, {rx: {...traffic, drops: ['drops']}, tx: traffic})]},
	]},
	// drivers/net/ethernet/amazon/ena/ena_ethtool.c, ena_queue_strings: "queue_%u_%s_%s"
	// with tx/rx (xdp_tx rings stay device counters) and ena_stats_{rx,tx}_strings cnt, bytes.
	{driver: 'ena', families: [{name: 'queue_N', shapes: [named(queueNRx, {rx: {packets: ['cnt'], bytes: ['bytes']}, tx: {packets: ['cnt'], bytes: ['bytes']}})]}]},
	// drivers/net/ethernet/google/gve/gve_ethtool.c, gve_gstrings_{rx,tx}_stats: "rx_bytes[%u]",
	// "rx_dropped_pkt[%u]", "tx_bytes[%u]"; no per-queue packet count (descriptors are not packets).
	{driver: 'gve', families: [{name: 'name[N]', shapes: [named(rxBracketN, {rx: {bytes: ['bytes'], drops: ['dropped_pkt']}, tx: {bytes: ['bytes']}})]}]},
	// drivers/net/ethernet/intel/{ixgbe/ixgbe_ethtool.c,igb/igb_ethtool.c,ice/ice_ethtool.c}:
	// "rx_queue_%u_packets", "rx_queue_%u_bytes" (tx likewise).
	...['ixgbe', 'igb', 'ice'].map(driver => ({driver, families: [{name: 'rx_queue_N', shapes: [named(rxQueueN, {rx: traffic, tx: traffic})]}]})),
	// drivers/net/ethernet/intel/{i40e/i40e_ethtool.c,iavf/iavf_ethtool.c}: "%s-%u.packets",
	// "%s-%u.bytes" with rx/tx; older i40e "tx-%u.tx_packets".
	...['i40e', 'iavf'].map(driver => ({driver, families: [{name: 'rx-N.', shapes: [named(rxDashN, {
		rx: {packets: ['packets', 'rx_packets'], bytes: ['bytes', 'rx_bytes']},
		tx: {packets: ['packets', 'tx_packets'], bytes: ['bytes', 'tx_bytes']},
	})]}]})),
	{driver: 'vmxnet3', families: [{name: 'blocks', shapes: [vmxnet3Blocks]}]},
];

/** Per-driver layouts by driver name (a Map: a driver name is untrusted text). */
export const knownLayouts: ReadonlyMap<string, QueueLayout> = new Map(layouts.map(layout => [layout.driver, layout]));

// Any driver: the shapes above with the common counter names.
const generic = (dir: Direction): FieldNames => ({
	packets: ['packets', 'cnt', `${dir}_packets`],
	bytes: ['bytes', `${dir}_bytes`],
	drops: ['drops', 'dropped'],
});
const genericFields = {rx: generic('rx'), tx: generic('tx')};

/** The shapes tried for a driver hvtop does not know (and for a known one whose names match none of its own). */
export const genericLayout: QueueLayout = {
	driver: '',
	families: [
		{name: 'rx_queue_N', shapes: [named(rxQueueN, genericFields)]},
		{name: 'rxN', shapes: [named(rxN, genericFields), named(chN, {direction: 'channel'})]},
		{name: 'rx-N.', shapes: [named(rxDashN, genericFields)]},
		{name: 'queue_N', shapes: [named(queueNRx, genericFields)]},
		{name: 'rx_N', shapes: [named(rxUnderscoreN, genericFields)]},
		{name: 'name[N]', shapes: [named(rxBracketN, genericFields)]},
		{name: 'blocks', shapes: [vmxnet3Blocks]},
	],
};
