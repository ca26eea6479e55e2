// Issue 18's fleet figure: `hvtop fleet` (the bin as built, in a 120×40 pty)
// on a Prometheus holding 1000 VMs × 2 NICs (each with a VF) × 16 queues.
// The Prometheus is the fake of test/helpers/fake-prometheus.ts serving
// synthetic answers to the fleet's queries — the series a real Prometheus
// returns for them, since every query sums by instance and device on the
// server (~20 000 series, ~1.5 MB of JSON per reading) — so the figure is
// hvtop's own cost: the requests, parsing, rows, sorting and the frame; a real
// server adds its evaluation time. First screen: spawn to the first row on
// screen. Refresh: `r` to the next reading's row on screen (a new down target
// leads each reading). Peak RSS of the process tree.
import {startFakePrometheus, vectorBody} from '../../test/helpers/fake-prometheus.js';
import type {Series} from '../../source/fleet/prometheus-api.js';
import type {FleetQuery} from '../../source/fleet/queries.js';
import type {BenchContext, Figure} from './figures.js';
import {processTree, statusMb} from './proc.js';
import {startInPty} from './pty.js';
import {median, spread} from './stats.js';

const vms = 1000;
const queues = 16;
const refreshes = 5;

/**
 * What Prometheus answers the fleet's queries with for this fleet (the labels
 * their `by` clauses keep; only down targets, stale targets and dropping
 * devices where the query filters so). Its one down target is gen-N: it sorts
 * first, so the reading on screen is N.
 */
export function fleetBodies(generation: number): Partial<Record<FleetQuery, string>> {
	const answers: Partial<Record<FleetQuery, Series[]>> = {up: [], age: [], nics: [], cpus: [], channels: [], packets: [], imbalance: [], drops: [], advice: [], pending: []};
	const add = (query: FleetQuery, labels: Record<string, string>, value: number) => {
		answers[query]!.push({labels, value});
	};

	add('up', {instance: `gen-${generation}:9469`, job: 'hvtop'}, 0);
	for (let vm = 0; vm < vms; vm++) {
		const instance = `vm-${String(vm).padStart(4, '0')}.fleet.example:9469`;
		add('cpus', {instance}, queues);
		for (const nic of [0, 1]) {
			const device = `eth${nic}`;
			const vf = `enP${(vm * 2) + nic}s1`;
			add('nics', {instance, device, vf_device: vf}, 1);
			add('channels', {instance, device, limit: 'current'}, vm % 7 === 0 ? 4 : queues);
			add('channels', {instance, device, limit: 'max'}, queues);
			add('channels', {instance, device: vf, limit: 'current'}, queues);
			for (const name of [device, vf]) {
				add('imbalance', {instance, device: name}, 1 + (((vm * 7) + generation) % 30) / 10);
				if (vm % 13 === 0) {
					add('drops', {instance, device: name}, 5);
				}
			}

			for (const direction of ['receive', 'transmit']) {
				add('packets', {instance, device, direction}, 1000 * ((vm + generation) % 97));
			}

			if (vm % 5 === 0) {
				add('advice', {instance, device}, 1 + (vm % 3));
			}

			if (vm % 97 === 0) {
				add('pending', {instance, device}, 1);
			}
		}
	}

	return Object.fromEntries(Object.entries(answers).map(([name, series]) => [name, vectorBody(series)]));
}

const treeHwmMb = (pid: number): number => Math.max(...processTree(pid).map(stat => statusMb(stat.pid, 'VmHWM') ?? 0));

async function oneRun(context: BenchContext): Promise<{first: number; refreshes: number[]; peakMb: number}> {
	let generation = 0;
	let bodies = fleetBodies(generation);
	const prometheus = await startFakePrometheus({answers: () => ({}), bodies: () => bodies});
	const child = startInPty([context.bin, 'fleet', '--prometheus', prometheus.url, '--interval', '3600'], {cols: 120, rows: 40, screen: true});
	try {
		const shows = (n: number) => (lines: readonly string[]) => lines.some(line => line.includes(`gen-${n}:9469`)) && lines.some(line => line.includes('vm-0'));
		const first = await child.waitForScreen(shows(0), 60_000);
		if (first === undefined) {
			throw new Error(`no first screen in 60 s: ${(await child.screen()).join('\n')}`);
		}

		const times: number[] = [];
		for (let i = 0; i < refreshes; i++) {
			generation++;
			bodies = fleetBodies(generation);
			const started = performance.now();
			const waiting = child.waitForScreen(shows(generation), 60_000);
			child.write('r');
			// eslint-disable-next-line no-await-in-loop
			const at = await waiting;
			if (at === undefined) {
				throw new Error(`refresh ${i + 1} never reached the screen`);
			}

			times.push(performance.now() - started);
		}

		return {first, refreshes: times, peakMb: treeHwmMb(child.pid)};
	} finally {
		await child.stop();
		await prometheus.close();
	}
}

export async function fleetCost(context: BenchContext): Promise<Figure> {
	const runs = [];
	for (let rep = 0; rep < context.reps; rep++) {
		context.log(`fleet: run ${rep + 1}/${context.reps} (${vms} VMs × 2 NICs × ${queues} queues, ${refreshes} refreshes)`);
		// eslint-disable-next-line no-await-in-loop
		runs.push(await oneRun(context));
	}

	const first = median(runs.map(run => run.first));
	const refresh = median(runs.flatMap(run => run.refreshes));
	const peak = Math.max(...runs.map(run => run.peakMb));
	const range = (values: readonly number[]) => {
		const s = spread(values);
		return `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)} ms`;
	};

	return {
		id: 'fleet',
		number: 10,
		title: `fleet view, ${vms} VMs × 2 NICs × ${queues} queues in one (fake) Prometheus, 120x40 pty`,
		target: 'first screen ≤ 2 s, refresh ≤ 1 s, ≤ 150 MB',
		value: `first screen ${first.toFixed(0)} ms, refresh ${refresh.toFixed(0)} ms, ${peak.toFixed(0)} MB peak`,
		met: first <= 2000 && refresh <= 1000 && peak <= 150,
		details: [
			`first screen min / median / max: ${range(runs.map(run => run.first))}; refresh: ${range(runs.flatMap(run => run.refreshes))}`,
			'the fake Prometheus answers from ready JSON: a real one adds its own evaluation of the ten queries',
		],
	};
}
