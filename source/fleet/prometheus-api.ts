// Instant queries against Prometheus's HTTP API (/api/v1/query), each
// answered as the series or one sentence saying why not: unreachable, an
// HTTP error, or the query's own error.
export type Series = {readonly labels: Readonly<Record<string, string>>; readonly value: number};

export type QueryResult = {readonly ok: true; readonly series: readonly Series[]} | {readonly ok: false; readonly unreachable: boolean; readonly message: string};

export type Fetch = (url: string, init?: {signal?: AbortSignal}) => Promise<{status: number; json(): Promise<unknown>}>;

type Answer = {status?: string; error?: string; data?: {resultType?: string; result?: Array<{metric: Record<string, string>; value: [number, string]}>}};

export async function instantQuery(base: string, expr: string, options: {fetch?: Fetch; timeoutMs?: number} = {}): Promise<QueryResult> {
	const url = `${base.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(expr)}`;
	const get = options.fetch ?? (fetch as Fetch);
	let answer: Answer;
	let status: number;
	try {
		const response = await get(url, {signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)});
		status = response.status;
		answer = await response.json() as Answer;
	} catch (error) {
		const cause = (error as {cause?: {message?: string}}).cause?.message;
		return {ok: false, unreachable: true, message: `cannot reach Prometheus at ${base}: ${cause ?? (error as Error).message}`};
	}

	if (answer.status !== 'success' || answer.data?.resultType !== 'vector') {
		return {ok: false, unreachable: false, message: `query failed (HTTP ${status}): ${answer.error ?? 'not an instant vector'}: ${expr}`};
	}

	return {ok: true, series: (answer.data.result ?? []).map(item => ({labels: item.metric, value: Number(item.value[1])}))};
}
