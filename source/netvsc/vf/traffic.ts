// How the netvsc model's flows land on a VF's queues: received packets by the
// VF's own RSS (table[toeplitz(key, 4-tuple) & (size − 1)]; MANA and mlx5 hash
// UDP on its ports too), sent packets by the driver's TX pick (MANA: the same
// table indexed by the skb hash; mlx5: skb_tx_hash over the channels). A
// queue whose burst outruns its receive ring drops the excess, which the
// driver counts as hc_rx_discards_no_wqe / rx_out_of_buffer.
// Like ../traffic.ts: closed-form integrals summed per queue
// (../rate-integral.ts), rebuilt when the routing changes; a step walks
// queues, not flows, and allocates nothing.
import type {VfDriverFacts} from '../../drivers/index.js';
import {createToeplitzHasher, type ToeplitzHasher} from '../toeplitz.js';
import type {FlowSet} from '../flows.js';
import {ClassPhases, PlaceSums, product} from '../rate-integral.js';
import type {VfSettings} from './settings.js';

/**
 * How long a receive ring must hold a queue's packets before NAPI refills it
 * (seconds). A model assumption, not a kernel constant: a ring smaller than
 * peak rate × this window overflows.
 */
export const refillWindowSeconds = 0.001;

export type VfStepInput = {
	readonly settings: VfSettings;
	/** Share of each flow's packets that takes the VF path (0: the VF is absent or down). */
	readonly share: number;
	/** Multiplies every flow's peak rate for this step (1: the flows' own burstiness). */
	readonly burst: number;
};

/** One step's packets per VF queue, before they become counters. */
export type VfDemand = {
	readonly queues: number;
	readonly rxPackets: Float64Array;
	readonly rxBytes: Float64Array;
	/** Received packets the ring had no descriptor for (already subtracted from rxPackets). */
	readonly rxDropped: Float64Array;
	readonly txPackets: Float64Array;
	readonly txBytes: Float64Array;
};

export type VfTraffic = {
	step(t0: number, t1: number, input: VfStepInput): VfDemand;
	/** The VF receive queue a flow's packets use under these settings. */
	rxQueueOf(flow: number, settings: VfSettings): number;
	txQueueOf(flow: number, settings: VfSettings): number;
};

export function createVfTraffic(facts: VfDriverFacts, flows: FlowSet): VfTraffic {
	return new Engine(facts, flows);
}

class Engine implements VfTraffic {
	readonly #facts: VfDriverFacts;
	readonly #flows: FlowSet;
	readonly #rssHash: Uint32Array;
	readonly #rxQueue: Int32Array;
	readonly #txQueue: Int32Array;
	readonly #phases: ClassPhases;
	/** Per receive queue: packets, bytes and Σ packets × burst (the queue's peak). */
	readonly #rxSums: PlaceSums;
	/** Per send queue: packets and bytes. */
	readonly #txSums: PlaceSums;
	/** Scratch: Σ packets × burst per queue, the queue's peak. Tables and keys are cached by identity (settings are immutable). */
	#peak: Float64Array = new Float64Array(1);
	#demand: VfDemand = allocate(1);
	/** What the sums add into: the demand's arrays and the peak, in the order of their coefficients. */
	#rxTargets: readonly Float64Array[] = [this.#demand.rxPackets, this.#demand.rxBytes, this.#peak];
	#txTargets: readonly Float64Array[] = [this.#demand.txPackets, this.#demand.txBytes];
	#hashedKey: readonly number[] | undefined;
	#routedTable: readonly number[] | undefined;
	#routedChannels = 0;
	#hasher: ToeplitzHasher | undefined;

	constructor(facts: VfDriverFacts, flows: FlowSet) {
		this.#facts = facts;
		this.#flows = flows;
		const n = flows.count;
		this.#rssHash = new Uint32Array(n);
		this.#rxQueue = new Int32Array(n);
		this.#txQueue = new Int32Array(n);
		this.#phases = new ClassPhases(flows.classOmega);
		this.#rxSums = new PlaceSums(flows);
		this.#txSums = new PlaceSums(flows);
	}

	rxQueueOf(flow: number, settings: VfSettings): number {
		this.#route(settings);
		return this.#rxQueue[flow] ?? 0;
	}

	txQueueOf(flow: number, settings: VfSettings): number {
		this.#route(settings);
		return this.#txQueue[flow] ?? 0;
	}

	step(t0: number, t1: number, input: VfStepInput): VfDemand {
		const {settings} = input;
		this.#route(settings);
		if (this.#demand.queues !== settings.channels) {
			this.#demand = allocate(settings.channels);
			this.#peak = new Float64Array(settings.channels);
			this.#rxTargets = [this.#demand.rxPackets, this.#demand.rxBytes, this.#peak];
			this.#txTargets = [this.#demand.txPackets, this.#demand.txBytes];
		}

		const demand = this.#demand;
		clear(demand, this.#peak);
		const seconds = (t1 - t0) / 1000;
		this.#phases.step(t0 / 1000, t1 / 1000);
		if (input.share <= 0 || seconds <= 0) {
			return demand;
		}

		this.#rxSums.addTo(this.#rxTargets, this.#phases, seconds, input.share);
		this.#txSums.addTo(this.#txTargets, this.#phases, seconds, input.share);
		dropOverflow(demand, this.#peak, settings.rxRing, input.burst / seconds);
		return demand;
	}

	#route(settings: VfSettings): void {
		const flows = this.#flows;
		if (this.#hashedKey !== settings.key) {
			this.#hashedKey = settings.key;
			this.#hasher = createToeplitzHasher(settings.key, 12);
			const hasher = this.#hasher;
			for (let i = 0; i < flows.count; i++) {
				this.#rssHash[i] = hasher.ipv4Ports(flows.remoteIp[i]!, flows.localIp, flows.remotePort[i]!, flows.localPort[i]!);
			}

			this.#routedTable = undefined;
		}

		if (this.#routedTable === settings.table && this.#routedChannels === settings.channels) {
			return;
		}

		this.#routedTable = settings.table;
		this.#routedChannels = settings.channels;
		const {table, channels} = settings;
		const mask = table.length - 1;
		const byIndirection = this.#facts.txPick === 'indirection';
		for (let i = 0; i < flows.count; i++) {
			this.#rxQueue[i] = Math.min(table[this.#rssHash[i]! & mask] ?? 0, channels - 1);
			const hash = flows.l4Hash[i]!;
			// Reciprocal_scale(hash, n) = (hash × n) >> 32.
			this.#txQueue[i] = byIndirection ? Math.min(table[hash & mask] ?? 0, channels - 1) : Math.floor((hash * channels) / 4_294_967_296);
		}

		const {rxBase, txBase, rxSize, txSize, burst} = flows;
		const queues = Math.max(1, channels);
		const scratch = new Float64Array(flows.count);
		this.#rxSums.reset(this.#rxQueue, queues, 3);
		this.#rxSums.add(0, rxBase);
		this.#rxSums.add(1, product(scratch, rxBase, rxSize));
		this.#rxSums.add(2, product(scratch, rxBase, burst));
		this.#txSums.reset(this.#txQueue, queues, 2);
		this.#txSums.add(0, txBase);
		this.#txSums.add(1, product(scratch, txBase, txSize));
	}
}

/**
 * A queue whose peak arrivals over one refill window exceed its ring loses
 * the excess share of its packets (bytes in proportion).
 */
function dropOverflow(demand: VfDemand, peak: Float64Array, ring: number, burstPerSecond: number): void {
	const {rxPackets, rxBytes, rxDropped} = demand;
	for (let q = 0; q < demand.queues; q++) {
		const backlog = peak[q]! * burstPerSecond * refillWindowSeconds;
		if (backlog > ring) {
			const lost = 1 - (ring / backlog);
			rxDropped[q] = rxPackets[q]! * lost;
			rxPackets[q]! -= rxDropped[q]!;
			rxBytes[q]! *= 1 - lost;
		}
	}
}

function allocate(queues: number): VfDemand {
	const size = Math.max(1, queues);
	return {
		queues,
		rxPackets: new Float64Array(size),
		rxBytes: new Float64Array(size),
		rxDropped: new Float64Array(size),
		txPackets: new Float64Array(size),
		txBytes: new Float64Array(size),
	};
}

function clear(demand: VfDemand, peak: Float64Array): void {
	demand.rxPackets.fill(0);
	demand.rxBytes.fill(0);
	demand.rxDropped.fill(0);
	demand.txPackets.fill(0);
	demand.txBytes.fill(0);
	peak.fill(0);
}
