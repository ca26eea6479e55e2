// The history figure's child: the memory of 15 minutes of history for one
// device with 64 synthetic queues, a VF read through its driver with 64 queues
// and 64 CPUs, and the cost of pushing one sample. Mode `history` pushes 900
// samples (the window full), then 1800 more; mode `none` walks the same rates
// without a history, for the baseline. RSS after a full GC at each point; the
// push of every sample after the window filled is timed. JSON out; run with
// --expose-gc. Bundled by the bench like the bin.
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {createHistory, pushRates, type DeviceRates, type QueueRates, type VfQueueRates} from '../../source/stats/index.js';
import {parseStatusKb} from './proc.js';
import {median, percentile} from './stats.js';

const mode = process.argv[2] ?? 'history';
const window = 900;
const gc = (globalThis as {gc?: () => void}).gc;
if (!gc) {
	throw new Error('run with --expose-gc');
}

type Point = {readonly rssMb: number; readonly heldMb: number};

/** After a full GC: VmRSS as the kernel counts it, and what V8 holds (live heap and typed arrays' memory). */
function measure(): Point {
	gc!();
	const {heapUsed, arrayBuffers} = process.memoryUsage();
	return {rssMb: (parseStatusKb(readFileSync('/proc/self/status', 'utf8'), 'VmRSS') ?? Number.NaN) / 1024, heldMb: (heapUsed + arrayBuffers) / 2 ** 20};
}

// A handful of rates, reused in turn: what is measured is the history, not the making of rates.
const variants = Array.from({length: 8}, (_, v): DeviceRates => {
	const queue = (index: number): QueueRates => ({index, rxPps: 1000 * (index + v + 1), rxBps: 1e6 * (index + 1), txPps: 900 * (index + 1), txBps: 9e5 * (index + 1), share: 1 / 64, cpu: index});
	const vfQueue = (index: number): VfQueueRates => ({...queue(index), rxPps: 5000 * (index + v + 1), role: 'combined'});
	const queues = Array.from({length: 64}, (_, i) => queue(i));
	return {
		name: 'eth0',
		at: 0,
		elapsedSeconds: 1,
		queues,
		totals: {rxPps: 1e6, rxBps: 1e9, txPps: 9e5, txBps: 9e8},
		imbalance: 1.2 + (v / 10),
		errors: [{name: 'tx_send_full', value: 10n, rate: v, rising: v > 0}],
		cpus: Array.from({length: 64}, (_, cpu) => ({cpu, rxPps: 1e4, rxBps: 1e7, txPps: 1e4, txBps: 1e7, vfRxPps: 5e3, vfTxPps: 5e3, queues: [cpu], netRxPerSec: 100, netTxPerSec: 10, dropsPerSec: 0, squeezesPerSec: 0})),
		vf: {rxPps: 5e6, rxBps: 5e9, txPps: 4e6, txBps: 4e9, dropsPerSec: 0},
		vfDevice: {name: 'enP1s1', driver: 'mana', instance: 1, queues: Array.from({length: 64}, (_, i) => vfQueue(i)), totals: {rxPps: 5e6, rxBps: 5e9, txPps: 4e6, txBps: 4e9}, imbalance: 1.1, errors: [], replaced: false},
		reset: false,
	};
});

// Both modes first fill one history with the same rates and keep it: V8's
// optimising compiler keeps several MB of its own memory after compiling the
// hot push, once per process, which the app pays anyway. What differs between
// the modes is then one more history: the memory a device's 15 minutes hold.
const warm = createHistory();
for (let i = 0; i < window * 3; i++) {
	pushRates(warm, variants[i % variants.length]!, {at: i * 1000});
}

const before = measure();
const history = mode === 'history' ? createHistory() : undefined;
let sink = 0;
const pushes: number[] = [];
function run(from: number, to: number): void {
	for (let i = from; i < to; i++) {
		const rates = variants[i % variants.length]!;
		if (history) {
			const started = performance.now();
			pushRates(history, rates, {at: i * 1000});
			if (i >= window) {
				pushes.push(performance.now() - started);
			}
		} else {
			sink += rates.imbalance;
		}
	}
}

run(0, window);
const full = measure();
run(window, window * 3);
const later = measure();
process.stdout.write(`${JSON.stringify({
	mode,
	before,
	full,
	later,
	pushMedianMs: median(pushes),
	pushP90Ms: percentile(pushes, 0.9),
	sink: sink > 0 && warm.version > 0,
})}\n`);
