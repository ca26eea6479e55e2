// The read-only HTTP side: GET or HEAD /metrics (Prometheus text, or
// OpenMetrics when the scraper's Accept asks for it) and / with a link to it.
// Any other path is 404, any other method 405: nothing here changes a device.
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {basicAuth, type Authenticator} from './auth.js';
import {contentTypes, type Exposition, type Format} from './registry.js';
import type {WebConfig} from './web-config.js';

export type Listen = {readonly host: string; readonly port: number};

export type ServerOptions = {
	readonly exposition: Exposition;
	readonly listen: Listen;
	readonly web?: WebConfig;
	/** A failed scrape, for the log. */
	readonly onError?: (error: Error) => void;
};

export type RunningServer = {
	/** host:port actually bound (port 0 picks one). */
	readonly address: Listen;
	close(): Promise<void>;
};

/** OpenMetrics when the Accept header names it (Prometheus sends it first), else the text format. */
export const negotiate = (accept: string | undefined): Format =>
	/application\/openmetrics-text/i.test(accept ?? '') ? 'openmetrics' : 'text';

const home = '<!doctype html><html><head><title>hvtop exporter</title></head><body><h1>hvtop exporter</h1><p><a href="/metrics">Metrics</a></p></body></html>\n';

function send(response: http.ServerResponse, status: number, headers: Record<string, string>, body: string, head: boolean): void {
	response.writeHead(status, headers);
	response.end(head ? undefined : body);
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, options: ServerOptions, auth: Authenticator | undefined): Promise<void> {
	const head = request.method === 'HEAD';
	if (auth && !(await auth(request.headers.authorization))) {
		send(response, 401, {'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="hvtop"'}, 'Unauthorized\n', head);
		return;
	}

	const {pathname} = new URL(request.url ?? '/', 'http://localhost');
	if (pathname !== '/metrics' && pathname !== '/') {
		send(response, 404, {'content-type': 'text/plain; charset=utf-8'}, 'Not Found: see /metrics\n', head);
		return;
	}

	if (request.method !== 'GET' && !head) {
		send(response, 405, {'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD'}, 'Method Not Allowed: read-only\n', false);
		return;
	}

	if (pathname === '/') {
		send(response, 200, {'content-type': 'text/html; charset=utf-8'}, home, head);
		return;
	}

	const format = negotiate(request.headers.accept);
	try {
		const body = await options.exposition.render(format);
		send(response, 200, {'content-type': contentTypes[format]}, body, head);
	} catch (error) {
		options.onError?.(error as Error);
		send(response, 500, {'content-type': 'text/plain; charset=utf-8'}, `scrape failed: ${(error as Error).message}\n`, head);
	}
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
	const auth = options.web?.users ? basicAuth(options.web.users) : undefined;
	const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => {
		void handle(request, response, options, auth);
	};

	// https (and TLS) is loaded only when the web configuration asks for it: ~1 MB resident otherwise.
	const tls = options.web?.tls;
	const server = tls ? (await import('node:https')).createServer({cert: tls.cert, key: tls.key}, listener) : http.createServer(listener);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.listen.port, options.listen.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const bound = server.address() as AddressInfo;
	return {
		address: {host: bound.address, port: bound.port},
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
