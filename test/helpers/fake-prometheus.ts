// A stand-in for Prometheus's HTTP API on a loopback port, for the fleet
// view's tests and bench: /api/v1/query answers each of the fleet's queries
// (source/fleet/queries.ts) with the series a test gives, /api/v1/query_range
// the range series a test gives for a query, and a query it does not know
// with Prometheus's own error shape (HTTP 400, "bad_data"). It can be made to
// fail one query, or stop answering altogether (connection refused).
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {fleetQueries, type FleetQuery} from '../../source/fleet/queries.js';
import type {Series} from '../../source/fleet/prometheus-api.js';
import type {Answers} from '../../source/fleet/rows.js';

export type RangeAnswer = Array<{metric: Record<string, string>; values: Array<[number, string]>}>;

export type FakePrometheusOptions = {
	/** The instant answers, read at each request (a test may change them between refreshes). */
	readonly answers: () => Answers;
	/** The range answer for a query_range expression; undefined: the query is not known (HTTP 400). */
	readonly range?: (expr: string, start: number, end: number, step: number) => RangeAnswer | undefined;
	/** Instant answers as ready JSON bodies (the bench serves a big fleet without rebuilding it). */
	readonly bodies?: () => Partial<Record<FleetQuery, string>>;
};

export type FakePrometheus = {
	readonly url: string;
	/** Requests answered so far, by path. */
	readonly requests: string[];
	/** Makes `query` fail with a PromQL error (undefined: none fails). */
	failing(query: FleetQuery | undefined): void;
	/** Stops listening (clients get connection refused) or listens again on the same port. */
	setReachable(reachable: boolean): Promise<void>;
	close(): Promise<void>;
};

const byExpr = new Map<string, FleetQuery>(Object.entries(fleetQueries).map(([name, expr]) => [expr, name as FleetQuery]));

/** The JSON body Prometheus answers an instant query with. */
export const vectorBody = (series: readonly Series[]): string =>
	JSON.stringify({status: 'success', data: {resultType: 'vector', result: series.map(item => ({metric: item.labels, value: [1_700_000_000, String(item.value)]}))}});

const errorBody = (error: string) => JSON.stringify({status: 'error', errorType: 'bad_data', error});

export async function startFakePrometheus(options: FakePrometheusOptions): Promise<FakePrometheus> {
	let failing: FleetQuery | undefined;
	const requests: string[] = [];
	const handle = (url: URL): {status: number; body: string} => {
		const expr = url.searchParams.get('query') ?? '';
		if (url.pathname === '/api/v1/query') {
			const name = byExpr.get(expr);
			if (name === undefined || name === failing) {
				return {status: 400, body: errorBody(name === undefined ? `unknown query in this fake: ${expr}` : '1:1: parse error: made to fail by the test')};
			}

			return {status: 200, body: options.bodies?.()[name] ?? vectorBody(options.answers()[name] ?? [])};
		}

		if (url.pathname === '/api/v1/query_range') {
			const numbers = ['start', 'end', 'step'].map(key => Number(url.searchParams.get(key)));
			const result = options.range?.(expr, numbers[0]!, numbers[1]!, numbers[2]!);
			return result ? {status: 200, body: JSON.stringify({status: 'success', data: {resultType: 'matrix', result}})} : {status: 400, body: errorBody(`unknown range query: ${expr}`)};
		}

		return {status: 404, body: '404 page not found'};
	};

	const makeServer = (): Server => createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://fake');
		requests.push(url.pathname);
		const {status, body} = handle(url);
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(body);
	});

	let server = makeServer();
	const listen = async (port: number) => new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			resolve();
		});
	});
	await listen(0);
	const {port} = server.address() as AddressInfo;
	const close = async () => new Promise<void>(resolve => {
		server.closeAllConnections();
		server.close(() => {
			resolve();
		});
	});

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		failing(query) {
			failing = query;
		},
		async setReachable(reachable) {
			if (reachable === server.listening) {
				return;
			}

			if (reachable) {
				server = makeServer();
				await listen(port);
			} else {
				await close();
			}
		},
		close: async () => (server.listening ? close() : undefined),
	};
}
