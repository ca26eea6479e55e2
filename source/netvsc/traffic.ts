// Simulated flows and how their packets land on queues and CPUs. Flows are a
// seeded set of 5-tuples with smoothly varying rates; packets are counted per
// queue per step from closed-form integrals of the flows' rates, summed per
// queue (rate-integral.ts), never packet by packet. Received packets go where
// the host's RSS puts them (rx_table[toeplitz(key, tuple) & (size - 1)]); sent
// packets use tx_table[flow hash & 15] (netvsc_pick_tx); with a VF, the VF
// carries almost everything and its per-CPU counters grow instead.
import {createToeplitzHasher, type ToeplitzHasher} from './toeplitz.js';
import {ClassPhases, PlaceSums, product} from './rate-integral.js';
import {flowTypeBits} from './rss.js';
import {tcp, type FlowSet} from './flows.js';

export {generateFlows, tcp, udp, type FlowSet, type TrafficProfile} from './flows.js';

/** The device state traffic routing depends on; stamps say when caches are stale. */
export type Routing = {
	readonly channels: number;
	/** What the host was last told; undefined → no RSS, everything arrives on queue 0. */
	readonly hostRss?: {readonly key: Uint8Array; readonly table: readonly number[]} | undefined;
	readonly rssStamp: number;
	readonly txTable: readonly number[];
	readonly l4HashLevel: number;
	readonly txStamp: number;
	/** Share of packets the VF carries (0 without an active VF). */
	readonly vfShare: number;
	/** CPUs the VF's queues interrupt, in queue order. */
	readonly vfCpus: readonly number[];
	readonly vfStamp: number;
	/** The VF is modelled through its driver (device-vf.ts): its share lands on its queues there, not per CPU here. */
	readonly vfByQueue: boolean;
	readonly lro: boolean;
	readonly tso: boolean;
	readonly mtu: number;
	readonly featureStamp: number;
	/**
	 * Fraction of the step each path carried traffic. During a change the
	 * synthetic path is closed and TX is stopped on the netvsc device (so also
	 * through the VF), while the VF keeps receiving.
	 */
	readonly active: {readonly syntheticRx: number; readonly syntheticTx: number; readonly vfRx: number; readonly vfTx: number};
};

/** What one step asks of each queue and of the VF per CPU, before capacity limits. */
export type Demand = {
	readonly channels: number;
	readonly rxPackets: Float64Array;
	readonly rxBytes: Float64Array;
	/** Σ packets × burst factor: divided by the step, the queue's peak rate. */
	readonly rxBurst: Float64Array;
	readonly txPackets: Float64Array;
	readonly txBytes: Float64Array;
	/** skbs small enough for a send section (copied into the send buffer). */
	readonly txSmall: Float64Array;
	readonly txSmallBurst: Float64Array;
	readonly vfRxPackets: Float64Array;
	readonly vfRxBytes: Float64Array;
	readonly vfTxPackets: Float64Array;
	readonly vfTxBytes: Float64Array;
};

const sendSectionPayload = 6144 - 200; // room left after the RNDIS header

/** Per-device routing caches and per-queue sums. */
export type TrafficEngine = {
	/** Accumulate the demand of [t0, t1] (ms). */
	step(t0: number, t1: number, routing: Routing): Demand;
	/** Which queue each flow's received packets use now (for tests and views). */
	rxQueueOf(flow: number, routing: Routing): number;
	readonly flows: FlowSet;
};

export function createTrafficEngine(flows: FlowSet, cpuCount: number): TrafficEngine {
	return new Engine(flows, cpuCount);
}

/** The demand arrays each set of sums adds into, in the order of its coefficients. */
type Targets = {
	readonly rx: readonly Float64Array[];
	readonly tx: readonly Float64Array[];
	readonly vfRx: readonly Float64Array[];
	readonly vfTx: readonly Float64Array[];
};

const targetsOf = (demand: Demand): Targets => ({
	rx: [demand.rxPackets, demand.rxBytes, demand.rxBurst],
	tx: [demand.txPackets, demand.txBytes, demand.txSmall, demand.txSmallBurst],
	vfRx: [demand.vfRxPackets, demand.vfRxBytes],
	vfTx: [demand.vfTxPackets, demand.vfTxBytes],
});

// A class, not closures: every device's engine then shares one set of
// functions, so V8's type feedback (and optimised code) is monomorphic across
// devices. Routing a flow (hashes, tables, features) happens when the routing
// changes; a step only evaluates the per-queue sums.
class Engine implements TrafficEngine {
	readonly flows: FlowSet;
	readonly #n: number;
	readonly #cpuCount: number;
	readonly #rxQueue: Int32Array;
	readonly #txQueue: Int32Array;
	readonly #vfCpu: Int32Array;
	readonly #rssHash: Uint32Array;
	readonly #rxCountFactor: Float64Array;
	readonly #txCountFactor: Float64Array;
	readonly #txSkbSize: Float64Array;
	readonly #phases: ClassPhases;
	readonly #rxSums: PlaceSums;
	readonly #txSums: PlaceSums;
	readonly #vfRxSums: PlaceSums;
	readonly #vfTxSums: PlaceSums;
	#hasher: ToeplitzHasher | undefined = undefined;
	#hashedKey: Uint8Array | undefined = undefined;
	#rssStamp = -1;
	#txStamp = -1;
	#vfStamp = -1;
	#featureStamp = -1;
	/** The queue count the sums were built for. */
	#queues = 0;
	#demand: Demand;
	#targets: Targets;

	constructor(flows: FlowSet, cpuCount: number) {
		const n = flows.count;
		this.flows = flows;
		this.#n = n;
		this.#cpuCount = cpuCount;
		this.#rxQueue = new Int32Array(n);
		this.#txQueue = new Int32Array(n);
		this.#vfCpu = new Int32Array(n);
		this.#rssHash = new Uint32Array(n);
		this.#rxCountFactor = new Float64Array(n).fill(1);
		this.#txCountFactor = new Float64Array(n).fill(1);
		this.#txSkbSize = new Float64Array(n);
		this.#phases = new ClassPhases(flows.classOmega);
		this.#rxSums = new PlaceSums(flows);
		this.#txSums = new PlaceSums(flows);
		this.#vfRxSums = new PlaceSums(flows);
		this.#vfTxSums = new PlaceSums(flows);
		this.#demand = allocateDemand(1, cpuCount);
		this.#targets = targetsOf(this.#demand);
	}

	#hashFlow(i: number): number {
		// The host hashes TCP on the 4-tuple, UDP on addresses only (no UDP hash types, 7.2.3).
		const h = this.#hasher!;
		const {flows} = this;
		return flows.proto[i] === tcp
			? h.ipv4Ports(flows.remoteIp[i]!, flows.localIp, flows.remotePort[i]!, flows.localPort[i]!)
			: h.ipv4(flows.remoteIp[i]!, flows.localIp);
	}

	#refresh(routing: Routing): void {
		const {flows} = this;
		const n = this.#n;
		const queues = Math.max(1, routing.channels);
		// New features change every flow's factors, a new queue count every place: all sums are rebuilt.
		const rebuildAll = routing.featureStamp !== this.#featureStamp || queues !== this.#queues;
		this.#queues = queues;
		if (this.#demand.channels !== routing.channels) {
			this.#demand = allocateDemand(routing.channels, this.#cpuCount);
			this.#targets = targetsOf(this.#demand);
		}

		if (rebuildAll) {
			this.#featureStamp = routing.featureStamp;
			const wire = routing.mtu + 14;
			for (let i = 0; i < n; i++) {
				const isTcp = flows.proto[i] === tcp;
				// RSC: the host coalesces bulk TCP segments; one coalesced frame counts once.
				this.#rxCountFactor[i] = routing.lro && isTcp && flows.rxSize[i]! >= 1000 ? 1 / 3 : 1;
				// Without TSO the stack cuts large TCP skbs into MTU-sized ones.
				const size = flows.txSize[i]!;
				const pieces = !routing.tso && isTcp && size > wire ? Math.ceil(size / wire) : 1;
				this.#txCountFactor[i] = pieces;
				this.#txSkbSize[i] = size / pieces;
			}
		}

		if (routing.rssStamp !== this.#rssStamp || rebuildAll) {
			this.#rssStamp = routing.rssStamp;
			this.#routeRx(routing);
			const {rxBase, rxSize, burst} = flows;
			// Coefficients live only while the sums are built (the dashboard keeps the engine for hours).
			const scratch = new Float64Array(n);
			const sums = this.#rxSums;
			sums.reset(this.#rxQueue, queues, 3);
			sums.add(0, product(scratch, rxBase, this.#rxCountFactor));
			sums.add(2, product(scratch, scratch, burst));
			sums.add(1, product(scratch, rxBase, rxSize));
		}

		if (routing.txStamp !== this.#txStamp || rebuildAll) {
			this.#txStamp = routing.txStamp;
			const txQueue = this.#txQueue;
			for (let i = 0; i < n; i++) {
				const bit = flows.proto[i] === tcp ? flowTypeBits.tcp4 : flowTypeBits.udp4;
				const hash = (routing.l4HashLevel & bit) ? flows.l4Hash[i]! : flows.l3Hash[i]!;
				txQueue[i] = (routing.txTable[hash & 15] ?? 0) % queues;
			}

			const skbs = product(new Float64Array(n), flows.txBase, this.#txCountFactor);
			const sums = this.#txSums;
			sums.reset(txQueue, queues, 4);
			sums.add(0, skbs);
			sums.add(1, product(new Float64Array(n), skbs, this.#txSkbSize));
			// Only skbs small enough for a send section are copied into the send buffer.
			for (let i = 0; i < n; i++) {
				skbs[i] = this.#txSkbSize[i]! <= sendSectionPayload ? skbs[i]! : 0;
			}

			sums.add(2, skbs);
			sums.add(3, product(skbs, skbs, flows.burst));
		}

		if (routing.vfStamp !== this.#vfStamp || rebuildAll) {
			this.#vfStamp = routing.vfStamp;
			const cpus = routing.vfCpus.length > 0 ? routing.vfCpus : [0];
			const vfCpu = this.#vfCpu;
			for (let i = 0; i < n; i++) {
				vfCpu[i] = cpus[flows.vfHash[i]! % cpus.length]!;
			}

			const places = Math.max(1, this.#cpuCount);
			const {rxBase, rxSize} = flows;
			const scratch = new Float64Array(n);
			this.#vfRxSums.reset(vfCpu, places, 2);
			this.#vfRxSums.add(0, rxBase);
			// vf_rx_bytes counts skb->len after the Ethernet header was pulled.
			for (let i = 0; i < n; i++) {
				scratch[i] = rxBase[i]! * (rxSize[i]! - 14);
			}

			this.#vfRxSums.add(1, scratch);
			this.#vfTxSums.reset(vfCpu, places, 2);
			this.#vfTxSums.add(0, product(scratch, flows.txBase, this.#txCountFactor));
			this.#vfTxSums.add(1, product(scratch, scratch, this.#txSkbSize));
		}
	}

	#routeRx(routing: Routing): void {
		const n = this.#n;
		const host = routing.hostRss;
		const rxQueue = this.#rxQueue;
		if (!host || host.table.length === 0) {
			rxQueue.fill(0);
			return;
		}

		if (this.#hashedKey === undefined || !sameBytes(this.#hashedKey, host.key)) {
			this.#hashedKey = Uint8Array.from(host.key);
			this.#hasher = createToeplitzHasher(this.#hashedKey, 12);
			for (let i = 0; i < n; i++) {
				this.#rssHash[i] = this.#hashFlow(i);
			}
		}

		// Tables are a power of two in practice; the host masks with size − 1.
		const mask = host.table.length - 1;
		const rssHash = this.#rssHash;
		for (let i = 0; i < n; i++) {
			const queue = host.table[(rssHash[i]! & mask) % host.table.length] ?? 0;
			// An entry naming a sub-channel the host did not open lands on the primary (unverified).
			rxQueue[i] = queue < routing.channels ? queue : 0;
		}
	}

	rxQueueOf(flow: number, routing: Routing): number {
		this.#refresh(routing);
		return this.#rxQueue[flow] ?? 0;
	}

	step(t0: number, t1: number, routing: Routing): Demand {
		this.#refresh(routing);
		const demand = this.#demand;
		clearDemand(demand);
		const seconds = (t1 - t0) / 1000;
		const phases = this.#phases;
		phases.step(t0 / 1000, t1 / 1000);
		const synRx = (1 - routing.vfShare) * routing.active.syntheticRx;
		const synTx = (1 - routing.vfShare) * routing.active.syntheticTx;
		const vfRx = routing.vfShare * routing.active.vfRx;
		const vfTx = routing.vfShare * routing.active.vfTx;
		const targets = this.#targets;
		if (synRx > 0) {
			this.#rxSums.addTo(targets.rx, phases, seconds, synRx);
		}

		if (synTx > 0) {
			this.#txSums.addTo(targets.tx, phases, seconds, synTx);
		}

		if (!routing.vfByQueue) {
			if (vfRx > 0) {
				this.#vfRxSums.addTo(targets.vfRx, phases, seconds, vfRx);
			}

			if (vfTx > 0) {
				this.#vfTxSums.addTo(targets.vfTx, phases, seconds, vfTx);
			}
		}

		return demand;
	}
}

function allocateDemand(channels: number, cpuCount: number): Demand {
	const queues = (): Float64Array => new Float64Array(Math.max(1, channels));
	const cpus = (): Float64Array => new Float64Array(Math.max(1, cpuCount));
	return {
		channels,
		rxPackets: queues(),
		rxBytes: queues(),
		rxBurst: queues(),
		txPackets: queues(),
		txBytes: queues(),
		txSmall: queues(),
		txSmallBurst: queues(),
		vfRxPackets: cpus(),
		vfRxBytes: cpus(),
		vfTxPackets: cpus(),
		vfTxBytes: cpus(),
	};
}

function clearDemand(demand: Demand): void {
	demand.rxPackets.fill(0);
	demand.rxBytes.fill(0);
	demand.rxBurst.fill(0);
	demand.txPackets.fill(0);
	demand.txBytes.fill(0);
	demand.txSmall.fill(0);
	demand.txSmallBurst.fill(0);
	demand.vfRxPackets.fill(0);
	demand.vfRxBytes.fill(0);
	demand.vfTxPackets.fill(0);
	demand.vfTxBytes.fill(0);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}
