// `hvtop fleet --prometheus URL --once|--json`: one row per VM and NIC that
// `hvtop export` feeds into Prometheus, worst first. Says when Prometheus
// cannot be reached or a query fails (that column shows ?), and exits 1 then.
// The interactive fleet view is not built yet.
import {instantQuery, type Fetch, type QueryResult} from '../fleet/prometheus-api.js';
import {fleetQueries, type FleetQuery} from '../fleet/queries.js';
import {fleetRows, type Answers} from '../fleet/rows.js';
import {fleetJsonLines, fleetText} from '../fleet/text.js';
import {splitArgs} from '../tuning/command-args.js';
import {visibleLines} from '../visible.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './set.js';

export const fleetUsage = 'usage: hvtop fleet --prometheus URL (--once | --json)';

export async function runFleetCommand(argv: readonly string[], io: CommandIo, options: {fetch?: Fetch} = {}): Promise<number> {
	const say = (line: string): void => {
		io.stderr.write(`hvtop fleet: ${visibleLines(line)}\n`);
	};

	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(`${fleetUsage}\n`);
		return exitCodes.ok;
	}

	const parts = splitArgs(argv, {valued: ['prometheus'], flags: ['once', 'json']});
	const url = typeof parts === 'string' ? undefined : parts.options.get('prometheus');
	if (typeof parts === 'string' || parts.positional.length > 0 || typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) {
		say(`${typeof parts === 'string' ? parts : 'give --prometheus http://HOST:PORT'} (see hvtop fleet --help)`);
		return exitCodes.usage;
	}

	if (!parts.options.has('once') && !parts.options.has('json')) {
		say('the interactive fleet view is not built yet: use --once or --json');
		return exitCodes.usage;
	}

	const names = Object.keys(fleetQueries) as FleetQuery[];
	const results = await Promise.all(names.map(async name => instantQuery(url, fleetQueries[name], options.fetch ? {fetch: options.fetch} : {})));
	const failed = results.filter((result): result is Extract<QueryResult, {ok: false}> => !result.ok);
	if (failed.length === results.length && failed.every(result => result.unreachable)) {
		say(failed[0]!.message);
		return 1;
	}

	for (const result of failed) {
		say(result.message);
	}

	const answers: Answers = Object.fromEntries(names.flatMap((name, index) => {
		const result = results[index]!;
		return result.ok ? [[name, result.series]] : [];
	}));
	const rows = fleetRows(answers);
	if (rows.length === 0) {
		say(`no hvtop targets in ${url} (nothing exported hvtop_build_info in the last hour)`);
	}

	io.stdout.write(`${visibleLines(parts.options.has('json') ? fleetJsonLines(rows) : fleetText(rows))}\n`);
	return failed.length > 0 ? 1 : exitCodes.ok;
}
