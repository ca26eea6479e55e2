// GET over node:http(s) for the Prometheus API: the Fetch the fleet uses by
// default. Node's fetch (undici) costs ~300 ms to load on first use on a busy
// 2-vCPU machine, a tenth of that for node:http, and the first screen waits
// for it. The answer is read up to maxAnswerBytes (an untrusted server cannot
// fill the memory), then parsed as JSON.
import http from 'node:http';
import https from 'node:https';

/** How the fleet GETs a URL (tests give their own). */
export type Fetch = (url: string, init?: {signal?: AbortSignal}) => Promise<{status: number; json(): Promise<unknown>}>;

/** 64 MiB: a fleet's biggest answer is about 400 bytes per NIC (the bench: 2000 NICs, 0.7 MB). */
export const maxAnswerBytes = 64 * 1024 * 1024;

export const httpGet: Fetch = async (url, init) => new Promise((resolve, reject) => {
	const get = url.startsWith('https:') ? https.get : http.get;
	const request = get(url, {headers: {accept: 'application/json'}, ...(init?.signal ? {signal: init.signal} : {})}, response => {
		const chunks: Buffer[] = [];
		let size = 0;
		response.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxAnswerBytes) {
				request.destroy(new Error(`the answer is larger than ${maxAnswerBytes / 1024 / 1024} MiB`));
				return;
			}

			chunks.push(chunk);
		});
		response.on('error', reject);
		response.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			resolve({
				status: response.statusCode ?? 0,
				async json() {
					try {
						return JSON.parse(text) as unknown;
					} catch {
						throw new Error(`HTTP ${response.statusCode ?? 0}, not JSON: ${text.slice(0, 80)}`);
					}
				},
			});
		});
	});
	request.on('error', reject);
});
