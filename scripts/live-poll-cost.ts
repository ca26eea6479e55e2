// What one live poll of one device costs: wall time per snapshot and CPU of
// Node plus its ethtool children, on (1) the synthetic netvsc machine (its
// stand-in ethtool is a Node script, so child CPU there is Node startup, not
// ethtool) and (2) a real veth in a throw-away namespace with the real
// ethtool (root only). Not a test: it prints numbers.
//   node --import=tsx scripts/live-poll-cost.ts [polls]
import {createLiveSource} from '../source/sources/live/index.js';
import {cpuTimes} from '../test/helpers/cpu-times.js';
import {startLiveWorker} from '../test/helpers/live-worker-client.js';
import {createVethPair, netnsSkipReason} from '../test/helpers/netns.js';
import {createSyntheticNetvsc} from '../test/helpers/synthetic-netvsc.js';

const polls = Number(process.argv[2] ?? 100);

type Measured = {samples: number[]; selfCpuMs: number; childCpuMs: number};

function report(label: string, first: number, measured: Measured): void {
	const sorted = [...measured.samples].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
	const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
	const n = measured.samples.length;
	console.log(`${label}: first poll (6 ethtool runs) ${first.toFixed(1)} ms; steady poll (1 run: -S) median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms wall; CPU per poll ${(measured.selfCpuMs / n).toFixed(2)} ms node + ${(measured.childCpuMs / n).toFixed(2)} ms children (${n} polls)`);
}

async function synthetic(): Promise<void> {
	const machine = createSyntheticNetvsc();
	try {
		const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
		if (!created.ok) {
			throw new Error(created.error.message);
		}

		const source = created.value;
		let begin = performance.now();
		await source.snapshot('eth0', 0);
		const first = performance.now() - begin;
		const samples: number[] = [];
		const before = cpuTimes();
		for (let i = 1; i <= polls; i++) {
			begin = performance.now();
			// eslint-disable-next-line no-await-in-loop
			await source.snapshot('eth0', i * 1000);
			samples.push(performance.now() - begin);
		}

		const after = cpuTimes();
		report('synthetic netvsc eth0 (8 queues, 8 CPUs, Node stand-in ethtool)', first, {samples, selfCpuMs: after.self - before.self, childCpuMs: after.children - before.children});
	} finally {
		machine.cleanup();
	}
}

async function veth(): Promise<void> {
	const skip = await netnsSkipReason();
	if (skip !== undefined) {
		console.log(`veth: skipped — ${skip}`);
		return;
	}

	const cleanups: Array<() => unknown> = [];
	try {
		const pair = await createVethPair({teardown: fn => cleanups.push(fn)}, {queues: 4});
		const worker = startLiveWorker(pair, pair.nsA);
		cleanups.unshift(() => {
			worker.stop();
		});
		await worker.call('create', {devices: [pair.devA]});
		const begin = performance.now();
		await worker.call('snapshot', pair.devA, 0);
		const first = performance.now() - begin;
		const measured = await worker.call<Measured>('measure', pair.devA, polls, 1000);
		report('veth hvta0 (4 queues, real ethtool 6.1)', first, measured);
	} finally {
		for (const cleanup of cleanups) {
			// eslint-disable-next-line no-await-in-loop
			await cleanup();
		}
	}
}

await synthetic();
await veth();
