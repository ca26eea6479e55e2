// `npm run bench`: measures every figure of issue 8 and prints each with its
// target and whether it is met. Not a test: a missed target is a finding,
// not a failure; the exit status is non-zero only when the bench broke.
//   npm run bench [-- --only cpu,startup] [--reps 3] [--json FILE]
// Figures: cpu, live-cpu, memory, startup, render, tick, poll, startup-sea, exporter, fleet, history.
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import {compileBench} from './compile.js';
import {
	dashboardCpu, livePoll, liveCpu, memory, modelTick, render, startup, type BenchContext, type Figure,
} from './figures.js';
import {exporterCost} from './exporter.js';
import {fleetCost} from './fleet.js';
import {historyCost} from './history-cost.js';
import {startupSingleExecutable} from './startup-sea.js';
import {formatTable} from './table.js';

const all: Record<string, (context: BenchContext) => Promise<Figure>> = {
	cpu: dashboardCpu,
	'live-cpu': liveCpu,
	memory,
	startup,
	render,
	tick: modelTick,
	poll: livePoll,
	'startup-sea': startupSingleExecutable,
	exporter: exporterCost,
	fleet: fleetCost,
	history: historyCost,
};

type Args = {only: string[]; reps: number; json: string | undefined};

function parseArgs(argv: readonly string[]): Args {
	const args: Args = {only: Object.keys(all), reps: 3, json: undefined};
	for (let i = 0; i < argv.length; i++) {
		const [flag, value] = [argv[i], argv[i + 1]];
		if (flag === '--only' && value) {
			args.only = value.split(',').map(id => id.trim());
			i++;
		} else if (flag === '--reps' && value) {
			args.reps = Math.max(1, Number.parseInt(value, 10) || 1);
			i++;
		} else if (flag === '--json' && value) {
			args.json = value;
			i++;
		} else {
			throw new Error(`unknown argument ${String(flag)} (use --only ${Object.keys(all).join(',')}, --reps N, --json FILE)`);
		}
	}

	const unknown = args.only.filter(id => !(id in all));
	if (unknown.length > 0) {
		throw new Error(`unknown figure ${unknown.join(', ')} (figures: ${Object.keys(all).join(', ')})`);
	}

	return args;
}

function machine(): string {
	const cpus = os.cpus();
	const load = os.loadavg().map(value => value.toFixed(2)).join(' ');
	return `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}; load average ${load}`;
}

const args = parseArgs(process.argv.slice(2));
const log = (line: string) => {
	process.stderr.write(`bench: ${line}\n`);
};

const started = machine();
log(`machine: ${started}`);
log('bundling the bin as npm run build does (scripts/bundle.ts)');
const bin = await compileBench('cli.tsx', {bin: true});
if (bin.reactDevelopment) {
	log('warning: the React development build is in the bundle');
}

const context: BenchContext = {bin: bin.file, reps: args.reps, log};
const figures: Figure[] = [];
let broken = false;
for (const id of args.only) {
	try {
		// eslint-disable-next-line no-await-in-loop
		figures.push(await all[id]!(context));
	} catch (error) {
		broken = true;
		figures.push({id, number: Object.keys(all).indexOf(id) + 1, title: id, target: '', skipped: `bench error: ${error instanceof Error ? error.message : String(error)}`, details: []});
	}
}

process.stdout.write(`\nhvtop bench — ${new Date().toISOString()}\nmachine: ${started}\nat the end: load average ${os.loadavg().map(value => value.toFixed(2)).join(' ')}\n\n`);
process.stdout.write(formatTable(figures));
if (args.json) {
	writeFileSync(args.json, `${JSON.stringify({machine: started, figures}, null, '\t')}\n`);
}

process.exitCode = broken ? 1 : 0;
