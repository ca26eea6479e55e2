// Small builders for DeviceSnapshot fixtures: only what a stats test cares about.
import type {DeviceSnapshot} from '../../source/sources/source.js';
import type {CpuCounters, QueueCounters, SoftirqCounters} from '../../source/types.js';
import type {OpError} from '../../source/types.js';

const unknown: OpError = {code: 'EOPNOTSUPP', errno: 95, message: 'not in a stats fixture'};
const missing = {ok: false, error: unknown} as const;

type Counter = bigint | number;
const big = (x: Counter): bigint => (typeof x === 'bigint' ? x : BigInt(x));

/** A queue; bytes default to 100 × packets, tx to 0. */
export const queue = (index: number, rxPackets: Counter, txPackets: Counter = 0, rxBytes?: Counter, txBytes?: Counter): QueueCounters => ({
	index,
	rxPackets: big(rxPackets),
	rxBytes: rxBytes === undefined ? big(rxPackets) * 100n : big(rxBytes),
	txPackets: big(txPackets),
	txBytes: txBytes === undefined ? big(txPackets) * 100n : big(txBytes),
});

/** Per-CPU counters given as the synthetic and VF parts; rx/tx are their sum, as the driver reports. */
export const cpu = (id: number, synthetic: {rx?: Counter; tx?: Counter} = {}, vf: {rx?: Counter; tx?: Counter} = {}): CpuCounters => {
	const [sRx, sTx, vRx, vTx] = [synthetic.rx ?? 0, synthetic.tx ?? 0, vf.rx ?? 0, vf.tx ?? 0].map(big) as [bigint, bigint, bigint, bigint];
	return {
		cpu: id,
		rxPackets: sRx + vRx,
		rxBytes: (sRx + vRx) * 100n,
		txPackets: sTx + vTx,
		txBytes: (sTx + vTx) * 100n,
		vfRxPackets: vRx,
		vfRxBytes: vRx * 100n,
		vfTxPackets: vTx,
		vfTxBytes: vTx * 100n,
	};
};

export const softirq = (id: number, netRx: Counter, netTx: Counter = 0, dropped: Counter = 0, squeezed: Counter = 0): SoftirqCounters => ({
	cpu: id,
	netRx: big(netRx),
	netTx: big(netTx),
	dropped: big(dropped),
	squeezed: big(squeezed),
});

/** A snapshot of device "eth0" at `at` ms, epoch 0, with nothing but what is given. */
export const snapshot = (fields: Partial<DeviceSnapshot> & {readonly at: number}): DeviceSnapshot => ({
	name: 'eth0',
	info: missing,
	link: {up: true, carrier: true},
	vcpus: 8,
	channels: missing,
	rings: missing,
	features: missing,
	rss: missing,
	stats: missing,
	queues: [],
	cpus: [],
	errors: [],
	channelCpu: [],
	softirqs: [],
	epoch: 0,
	...fields,
});

/** `n` queues whose rx packets are given by `rx(i)`. */
export const queues = (n: number, rx: (i: number) => Counter): QueueCounters[] =>
	Array.from({length: n}, (_, i) => queue(i, rx(i)));
