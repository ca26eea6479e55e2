// Queries against Prometheus's HTTP API: instant (/api/v1/query) and range
// (/api/v1/query_range), each answered as the series or one sentence saying
// why not: unreachable, an HTTP error, or the query's own error.
import {httpGet, type Fetch} from './http-get.js';

export type {Fetch} from './http-get.js';

export type Series = {readonly labels: Readonly<Record<string, string>>; readonly value: number};

/** One series of a range query: its values at `times` (unix seconds), oldest first. */
export type RangeSeries = {readonly labels: Readonly<Record<string, string>>; readonly times: readonly number[]; readonly values: readonly number[]};

export type Failure = {readonly ok: false; readonly unreachable: boolean; readonly message: string};

export type QueryResult = {readonly ok: true; readonly series: readonly Series[]} | Failure;

export type RangeResult = {readonly ok: true; readonly series: readonly RangeSeries[]} | Failure;

export type QueryOptions = {readonly fetch?: Fetch; readonly timeoutMs?: number};

type Answer = {status?: string; error?: string; data?: {resultType?: string; result?: unknown}};

type Reply = {readonly ok: true; readonly answer: Answer; readonly status: number} | Failure;

async function ask(base: string, path: string, parameters: Record<string, string>, options: QueryOptions): Promise<Reply> {
	const url = `${base.replace(/\/+$/, '')}${path}?${new URLSearchParams(parameters).toString()}`;
	const get = options.fetch ?? httpGet;
	const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
	try {
		const response = await get(url, {signal});
		const answer = await response.json() as Answer;
		return {ok: true, answer: answer && typeof answer === 'object' ? answer : {}, status: response.status};
	} catch (error) {
		const cause = (error as {cause?: {message?: string}}).cause?.message;
		const why = signal.aborted ? `no answer in ${(options.timeoutMs ?? 10_000) / 1000} s` : cause ?? (error as Error).message;
		return {ok: false, unreachable: true, message: `cannot reach Prometheus at ${base}: ${why}`};
	}
}

const failed = (reply: Extract<Reply, {ok: true}>, expr: string, wanted: string): Failure => ({
	ok: false,
	unreachable: false,
	message: `query failed (HTTP ${reply.status}): ${reply.answer.error ?? `not ${wanted}`}: ${expr}`,
});

export async function instantQuery(base: string, expr: string, options: QueryOptions = {}): Promise<QueryResult> {
	const reply = await ask(base, '/api/v1/query', {query: expr}, options);
	if (!reply.ok) {
		return reply;
	}

	const {answer} = reply;
	if (answer.status !== 'success' || answer.data?.resultType !== 'vector' || !Array.isArray(answer.data.result)) {
		return failed(reply, expr, 'an instant vector');
	}

	const result = answer.data.result as Array<{metric?: Record<string, string>; value?: [number, string]}>;
	return {ok: true, series: result.map(item => ({labels: item.metric ?? {}, value: Number(item.value?.[1])}))};
}

/** `expr` from `start` to `end` (unix seconds) every `step` seconds. */
export async function rangeQuery(base: string, expr: string, range: {readonly start: number; readonly end: number; readonly step: number}, options: QueryOptions = {}): Promise<RangeResult> {
	const reply = await ask(base, '/api/v1/query_range', {query: expr, start: String(range.start), end: String(range.end), step: String(range.step)}, options);
	if (!reply.ok) {
		return reply;
	}

	const {answer} = reply;
	if (answer.status !== 'success' || answer.data?.resultType !== 'matrix' || !Array.isArray(answer.data.result)) {
		return failed(reply, expr, 'a range vector');
	}

	const result = answer.data.result as Array<{metric?: Record<string, string>; values?: Array<[number, string]>}>;
	return {ok: true, series: result.map(item => {
		const values = Array.isArray(item.values) ? item.values : [];
		return {labels: item.metric ?? {}, times: values.map(([time]) => Number(time)), values: values.map(([, value]) => Number(value))};
	})};
}
