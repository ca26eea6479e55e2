// `hvtop export [DEV...] …` as data. It listens on loopback unless an address
// is given; a textfile run writes DIR/hvtop.prom every --interval seconds, or
// once with --once.
import {machineOptions, splitArgs, worldFrom, type ArgSpec} from '../tuning/command-args.js';
import {checkDevice} from '../tuning/plan.js';
import type {Machine} from '../tuning/scope.js';
import type {Listen} from '../export/server.js';
import {modelWorldFrom, modelWorldOptions, type ModelWorld} from './model-world.js';

/** 9469, in the range Prometheus keeps for exporters' default ports. */
export const defaultListen: Listen = {host: '127.0.0.1', port: 9469};

export const exportUsage = 'usage: hvtop export [DEV...] [--listen HOST:PORT] [--textfile DIR [--interval SECONDS] [--once]] [--web.config.file FILE] [--raw-stats] [--state-dir DIR] [--live|--model [--scenario NAME] [--seed N]] [--sysfs-root DIR] [--procfs-root DIR] [--ethtool PATH]';

export type ExportArgs = {
	readonly devices: readonly string[];
	/** Undefined with --textfile alone: no HTTP server. */
	readonly listen?: Listen;
	readonly textfile?: string;
	readonly intervalMs: number;
	readonly once: boolean;
	readonly webConfig?: string;
	readonly rawStats: boolean;
	readonly stateDir?: string;
	readonly live?: boolean;
	readonly machine?: Machine;
	readonly world?: ModelWorld;
};

const spec: ArgSpec = {
	valued: ['listen', 'textfile', 'interval', 'web.config.file', 'state-dir', ...machineOptions, ...modelWorldOptions],
	flags: ['once', 'raw-stats', 'live', 'model'],
};

/** HOST:PORT or [V6]:PORT; the host is required, so listening beyond loopback is always written out. */
export function parseListen(value: string): Listen | string {
	const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
	const port = match ? Number(match[3]) : Number.NaN;
	if (!match || port > 65_535) {
		return `--listen must be HOST:PORT (e.g. 127.0.0.1:${defaultListen.port}, or 0.0.0.0:${defaultListen.port} for every address), got ${JSON.stringify(value)}`;
	}

	return {host: match[1] ?? match[2]!, port};
}

function interval(value: string | true | undefined): number | string {
	if (typeof value !== 'string') {
		return 15_000;
	}

	const seconds = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
	return seconds >= 1 && seconds <= 3600 ? seconds * 1000 : `--interval must be seconds from 1 to 3600, got ${JSON.stringify(value)}`;
}

function outputs(options: ReadonlyMap<string, string | true>): Pick<ExportArgs, 'listen' | 'textfile' | 'intervalMs' | 'once'> | string {
	const textfile = options.get('textfile') as string | undefined;
	const listenText = options.get('listen') as string | undefined;
	const listen = listenText === undefined ? (textfile === undefined ? defaultListen : undefined) : parseListen(listenText);
	if (typeof listen === 'string') {
		return listen;
	}

	const once = options.has('once');
	if (once && (textfile === undefined || listen !== undefined)) {
		return '--once writes the textfile once and exits: give --textfile DIR and no --listen';
	}

	const intervalMs = interval(options.get('interval'));
	if (typeof intervalMs === 'string') {
		return intervalMs;
	}

	if (options.has('interval') && textfile === undefined) {
		return '--interval is how often --textfile is written; a server is read when scraped';
	}

	return {...(listen ? {listen} : {}), ...(textfile === undefined ? {} : {textfile}), intervalMs, once};
}

export function parseExportArgs(argv: readonly string[]): ExportArgs | string {
	const parts = splitArgs(argv, spec);
	if (typeof parts === 'string') {
		return parts;
	}

	const {positional, options} = parts;
	const badDev = positional.map(dev => checkDevice(dev)).find(Boolean);
	if (badDev) {
		return badDev;
	}

	const machine = worldFrom(options, 'export');
	const world = modelWorldFrom(options);
	const out = outputs(options);
	for (const problem of [machine, world, out]) {
		if (typeof problem === 'string') {
			return problem;
		}
	}

	const web = options.get('web.config.file') as string | undefined;
	const stateDir = options.get('state-dir') as string | undefined;
	return {
		devices: positional,
		...(out as Exclude<typeof out, string>),
		...(web === undefined ? {} : {webConfig: web}),
		rawStats: options.has('raw-stats'),
		...(stateDir === undefined ? {} : {stateDir}),
		...(options.has('live') ? {live: true} : (options.has('model') ? {live: false} : {})),
		...(machine ? {machine: machine as Machine} : {}),
		...(Object.keys(world as ModelWorld).length > 0 ? {world: world as ModelWorld} : {}),
	};
}
