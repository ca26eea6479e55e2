// One reading of the fleet: every column's query at once, the rows, and what
// went wrong said in sentences. Shared by --once/--json and the dashboard.
import {instantQuery, type Failure, type QueryOptions} from './prometheus-api.js';
import {fleetQueries, type FleetQuery} from './queries.js';
import {fleetRows, type Answers, type FleetRow} from './rows.js';

export type FleetReading = {
	readonly rows: readonly FleetRow[];
	/** Every query failed to reach Prometheus: the rows are empty, this says why. */
	readonly unreachable?: string;
	/** Queries that failed (their columns show ?). */
	readonly problems: readonly string[];
};

export async function readFleet(url: string, options: QueryOptions = {}): Promise<FleetReading> {
	const names = Object.keys(fleetQueries) as FleetQuery[];
	const results = await Promise.all(names.map(async name => instantQuery(url, fleetQueries[name], options)));
	const failed = results.filter((result): result is Failure => !result.ok);
	if (failed.length === results.length && failed.every(result => result.unreachable)) {
		return {rows: [], unreachable: failed[0]!.message, problems: []};
	}

	const answers: Answers = Object.fromEntries(names.flatMap((name, index) => {
		const result = results[index]!;
		return result.ok ? [[name, result.series]] : [];
	}));
	return {rows: fleetRows(answers), problems: [...new Set(failed.map(result => result.message))]};
}

export const noTargets = (url: string): string => `no hvtop targets in ${url} (nothing exported hvtop_build_info in the last hour)`;
