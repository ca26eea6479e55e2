// `hvtop export`: serve the devices' metrics to Prometheus (/metrics) and/or
// write them for node_exporter's textfile collector. The devices are read when
// scraped (or when the textfile is due), never in a loop of their own.
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import process from 'node:process';
import {monotonicClock, type Clock} from '../clock.js';
import {createExposition, type Exposition} from '../export/registry.js';
import {createScraper} from '../export/scrape.js';
import {startServer, type RunningServer} from '../export/server.js';
import {writeTextfile} from '../export/textfile.js';
import {loadWebConfig, type WebConfig} from '../export/web-config.js';
import {openSource} from '../open-source.js';
import {parseOptions} from '../options.js';
import {bundledPackage} from '../package-info.js';
import type {Source} from '../sources/source.js';
import {openJournal, type Journal} from '../tuning/journal.js';
import {currentNetns, scopeOf} from '../tuning/scope.js';
import {scopedStateDir} from '../tuning/state-place.js';
import type {Result} from '../types.js';
import {visibleLines} from '../visible.js';
import {exitCodes} from './exit-codes.js';
import {exportUsage, parseExportArgs, type ExportArgs} from './export-args.js';
import type {CommandIo} from './set.js';

export type ExportOptions = {
	/** The model's time and the scrape timer (tests inject a manual one). */
	readonly clock?: Clock;
	/** Resolves when the exporter should stop (default: SIGINT or SIGTERM). */
	readonly stopped?: Promise<unknown>;
	/** Told the bound address once serving (tests listen on port 0). */
	readonly onListening?: (address: {host: string; port: number}) => void;
};

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

async function open(args: ExportArgs): Promise<Result<Source>> {
	const options = parseOptions({
		...(args.devices.length === 1 ? {device: args.devices[0]} : {}),
		...(args.live === undefined ? {} : (args.live ? {live: true} : {model: true})),
		...(args.world?.scenario === undefined ? {} : {scenario: args.world.scenario}),
		...(args.world?.seed === undefined ? {} : {seed: String(args.world.seed)}),
		...(args.machine ? {sysfsRoot: args.machine.sysfsRoot, procfsRoot: args.machine.procfsRoot, ethtool: args.machine.ethtool} : {}),
	});
	// Nothing runs between scrapes, so the model steps once from one scrape to the next (not 15 one-second steps).
	return options.ok ? openSource({...options.value, modelStepMs: Number.POSITIVE_INFINITY}) : options;
}

/** The journal the dashboard and `hvtop set` write for this source; none for the model's private one. */
function journalFor(source: Source, args: ExportArgs, env: CommandIo['env']): Journal | undefined {
	if (args.stateDir !== undefined) {
		return openJournal(args.stateDir);
	}

	if (source.needs.privateState) {
		return undefined;
	}

	const scoped = scopedStateDir(env, scopeOf(source, currentNetns()));
	return scoped.ok ? openJournal(scoped.value.dir) : undefined;
}

/** Why DIR cannot take the textfile (checked before serving, so a typo is said at once, not at the first write). */
async function textfileDirProblem(dir: string): Promise<{message: string; code: number} | undefined> {
	const info = await stat(dir).catch(() => undefined);
	if (!info?.isDirectory()) {
		return {message: `--textfile ${dir}: ${info ? 'not a directory' : 'no such directory'} (node_exporter's --collector.textfile.directory, e.g. /var/lib/prometheus/node-exporter)`, code: exitCodes.usage};
	}

	const writable = await access(dir, constants.W_OK).then(() => true, () => false);
	return writable ? undefined : {message: `--textfile ${dir}: permission denied: hvtop cannot write there (run as its owner or root)`, code: exitCodes.notPermitted};
}

const signalled = async (): Promise<void> => new Promise(resolve => {
	process.once('SIGINT', resolve);
	process.once('SIGTERM', resolve);
});

async function serve(exposition: Exposition, args: ExportArgs, web: WebConfig | undefined, say: (line: string) => void, options: ExportOptions): Promise<RunningServer | undefined> {
	if (!args.listen) {
		return undefined;
	}

	const server = await startServer({exposition, listen: args.listen, ...(web ? {web} : {}), onError(error) {
		say(`scrape failed: ${error.message}`);
	}});
	const {host, port} = server.address;
	const url = `${web?.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`;
	say(`serving ${url}`);
	if (!isLoopback(host) && !web?.users) {
		say(`listening beyond loopback without basic auth: anyone who reaches ${host}:${port} reads these metrics (see --web.config.file)`);
	}

	options.onListening?.(server.address);
	return server;
}

export async function runExportCommand(argv: readonly string[], io: CommandIo, options: ExportOptions = {}): Promise<number> {
	const say = (line: string): void => {
		io.stderr.write(`hvtop export: ${visibleLines(line)}\n`);
	};

	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(`${exportUsage}\n`);
		return exitCodes.ok;
	}

	const args = parseExportArgs(argv);
	if (typeof args === 'string') {
		say(`${args} (see hvtop export --help)`);
		return exitCodes.usage;
	}

	const textfileProblem = args.textfile === undefined ? undefined : await textfileDirProblem(args.textfile);
	if (textfileProblem) {
		say(textfileProblem.message);
		return textfileProblem.code;
	}

	const web = args.webConfig === undefined ? undefined : await loadWebConfig(args.webConfig);
	if (typeof web === 'string') {
		say(web);
		return exitCodes.usage;
	}

	const source = await open(args);
	if (!source.ok) {
		say(source.error.message);
		return exitCodes.usage;
	}

	// The dashboard falls back to the model on a machine without hv_netvsc; a service must not.
	if (args.live === undefined && source.value.kind === 'model') {
		await source.value.close();
		say('no hv_netvsc device on this machine: name the devices to export (hvtop export eth0), or give --model to serve the netvsc model');
		return exitCodes.usage;
	}

	try {
		return await run(source.value, args, web, say, options, io);
	} finally {
		await source.value.close();
	}
}

async function run(source: Source, args: ExportArgs, web: WebConfig | undefined, say: (line: string) => void, options: ExportOptions, io: CommandIo): Promise<number> {
	const have = await source.devices();
	const missing = args.devices.filter(dev => !have.includes(dev));
	if (missing.length > 0) {
		say(`unknown device ${missing.join(', ')}: ${source.label} has ${have.join(', ') || 'none'}`);
		return exitCodes.usage;
	}

	const clock = options.clock ?? monotonicClock;
	const journal = journalFor(source, args, io.env);
	const version = typeof bundledPackage?.['version'] === 'string' ? bundledPackage['version'] : 'dev';
	const scraper = createScraper({source, clock, version, rawStats: args.rawStats, ...(journal ? {journal} : {}), ...(args.devices.length > 0 ? {devices: args.devices} : {})});
	const exposition = createExposition(async () => scraper.scrape(), {rawStats: args.rawStats});
	if (args.once && args.textfile !== undefined) {
		try {
			say(`wrote ${await writeTextfile(exposition, args.textfile)}`);
			return exitCodes.ok;
		} catch (error) {
			say(`cannot write the textfile: ${(error as Error).message}`);
			return exitCodes.internal;
		}
	}

	let server: RunningServer | undefined;
	try {
		server = await serve(exposition, args, web, say, options);
	} catch (error) {
		say(`cannot listen on ${args.listen!.host}:${args.listen!.port}: ${(error as Error).message}`);
		return exitCodes.usage;
	}

	const textfile = args.textfile;
	const write = async (): Promise<void> => {
		try {
			await writeTextfile(exposition, textfile!);
		} catch (error) {
			say(`cannot write the textfile: ${(error as Error).message}`);
		}
	};

	if (textfile !== undefined) {
		await write();
	}

	const timer = textfile === undefined ? undefined : setInterval(write, args.intervalMs);
	await (options.stopped ?? signalled());
	clearInterval(timer);
	await server?.close();
	return exitCodes.ok;
}
