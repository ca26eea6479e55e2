// `hvtop fleet --prometheus URL`: one row per VM and NIC that `hvtop export`
// feeds into Prometheus, worst first. In a terminal the dashboard
// (source/ui/fleet-app.tsx, loaded only then); --once prints the table,
// --json one object per line. Says when Prometheus cannot be reached or a
// query fails (that column shows ?), and --once/--json exit 1 then.
import {readFleet, noTargets} from '../fleet/read.js';
import type {Fetch} from '../fleet/prometheus-api.js';
import {fleetJsonLines, fleetText} from '../fleet/text.js';
import {splitArgs} from '../tuning/command-args.js';
import {visibleLines} from '../visible.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './set.js';

export const fleetUsage = 'usage: hvtop fleet --prometheus URL [--once | --json | --interval SECONDS] [--ascii]';

/** --interval in ms (seconds from 1 to 3600; 15 by default, a usual scrape interval), or why not. */
function interval(value: string | true | undefined): number | string {
	if (typeof value !== 'string') {
		return 15_000;
	}

	const seconds = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
	return seconds >= 1 && seconds <= 3600 ? seconds * 1000 : `--interval must be seconds from 1 to 3600, got ${JSON.stringify(value)}`;
}

export async function runFleetCommand(argv: readonly string[], io: CommandIo, options: {fetch?: Fetch} = {}): Promise<number> {
	const say = (line: string): void => {
		io.stderr.write(`hvtop fleet: ${visibleLines(line)}\n`);
	};

	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(`${fleetUsage}\n`);
		return exitCodes.ok;
	}

	const parts = splitArgs(argv, {valued: ['prometheus', 'interval'], flags: ['once', 'json', 'ascii']});
	const url = typeof parts === 'string' ? undefined : parts.options.get('prometheus');
	if (typeof parts === 'string' || parts.positional.length > 0 || typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) {
		say(`${typeof parts === 'string' ? parts : 'give --prometheus http://HOST:PORT'} (see hvtop fleet --help)`);
		return exitCodes.usage;
	}

	const intervalMs = interval(parts.options.get('interval'));
	if (typeof intervalMs === 'string') {
		say(intervalMs);
		return exitCodes.usage;
	}

	const batch = parts.options.has('once') || parts.options.has('json');
	if (batch && parts.options.has('interval')) {
		say('--interval is how often the dashboard asks Prometheus again; --once and --json ask once');
		return exitCodes.usage;
	}

	if (!batch) {
		if (io.stdin.isTTY && io.stdout.isTTY) {
			// Prometheus answers while Ink and React load: the first screen waits for the slower of the two, not both.
			const first = readFleet(url, options.fetch ? {fetch: options.fetch} : {});
			const {runFleetDashboard} = await import('../ui/fleet-main.js');
			return runFleetDashboard({url, intervalMs, ascii: parts.options.has('ascii'), first});
		}

		say(`${io.stdin.isTTY ? 'standard output' : 'standard input'} is not a terminal, so the dashboard cannot run; printing the table once instead (use --once or --json in scripts)`);
	}

	const reading = await readFleet(url, options.fetch ? {fetch: options.fetch} : {});
	if (reading.unreachable) {
		say(reading.unreachable);
		return 1;
	}

	for (const problem of reading.problems) {
		say(problem);
	}

	if (reading.rows.length === 0) {
		say(noTargets(url));
	}

	io.stdout.write(`${visibleLines(parts.options.has('json') ? fleetJsonLines(reading.rows) : fleetText(reading.rows))}\n`);
	return reading.problems.length > 0 ? 1 : exitCodes.ok;
}
