// The history figure (issue 19): what 15 minutes of history cost for a device
// with 64 queues, a VF with 64 queues and 64 CPUs — the RSS it adds against
// the same process without it (both started with the bin's flags), whether it grows once the window is full, and
// the time to push one sample. Each mode runs in its own process, in turns.
import {execFile} from 'node:child_process';
import {binEnv, binNodeFlags} from '../bundle.js';
import {compileBench} from './compile.js';
import type {BenchContext, Figure} from './figures.js';
import {childEnv} from './pty.js';
import {median} from './stats.js';

type Point = {rssMb: number; heldMb: number};
type Result = {mode: string; before: Point; full: Point; later: Point; pushMedianMs: number; pushP90Ms: number};

async function runChild(file: string, mode: 'history' | 'none'): Promise<Result> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [...binNodeFlags, '--expose-gc', file, mode], {timeout: 300_000, env: childEnv({...binEnv})}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`${file} ${mode} failed: ${error.message}\n${stderr}`));
				return;
			}

			resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Result);
		});
	});
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

export async function historyCost(context: BenchContext): Promise<Figure> {
	const {file} = await compileBench('scripts/bench/history-memory.ts');
	const withHistory: Result[] = [];
	const without: Result[] = [];
	for (let rep = 0; rep < context.reps; rep++) {
		context.log(`history: run ${rep + 1}/${context.reps} (900 + 1800 samples, and the same without a history)`);
		// eslint-disable-next-line no-await-in-loop
		withHistory.push(await runChild(file, 'history'));
		// eslint-disable-next-line no-await-in-loop
		without.push(await runChild(file, 'none'));
	}

	const added = median(withHistory.map(r => r.full.rssMb)) - median(without.map(r => r.full.rssMb));
	const held = median(withHistory.map(r => r.full.heldMb - r.before.heldMb));
	const heldGrowth = median(withHistory.map(r => r.later.heldMb - r.full.heldMb));
	const rssGrowth = median(withHistory.map(r => r.later.rssMb - r.full.rssMb));
	const push = median(withHistory.map(r => r.pushMedianMs));
	return {
		id: 'history',
		number: 11,
		title: 'Memory of 15 min of history (900 samples): 64 queues + VF 64 queues + 64 CPUs',
		target: '≤ 6 MB added RSS, no growth once full',
		// RSS across processes moves by a few MB either way; what V8 holds is exact: the larger counts.
		value: `+${fixed(Math.max(added, held), 1)} MB (RSS ${added >= 0 ? '+' : ''}${fixed(added, 1)}, held ${fixed(held, 2)})`,
		met: Math.max(added, held) <= 6 && heldGrowth <= 0.1,
		details: [
			`VmRSS after a full GC with the window full: ${withHistory.map(r => fixed(r.full.rssMb, 1)).join(' / ')} MB against ${without.map(r => fixed(r.full.rssMb, 1)).join(' / ')} MB without it (each process first fills and keeps one history, so both have the push compiled: V8's compiler memory is paid once per process, and is the noise here)`,
			`held by V8 (live heap + typed arrays): ${fixed(held, 2)} MB for the history; after 1800 more samples (the window full twice over) ${fixed(heldGrowth, 3)} MB more (≤ 0.1 MB counts as none), VmRSS ${fixed(rssGrowth, 1)} MB`,
			`one sample pushed (short rings and the 15-minute series, 394 series): median ${fixed(push * 1000, 1)} µs, p90 ${fixed(median(withHistory.map(r => r.pushP90Ms)) * 1000, 1)} µs`,
		],
	};
}
