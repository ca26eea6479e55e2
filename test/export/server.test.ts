// The HTTP side: only GET/HEAD /metrics and /, content negotiation, basic auth
// with bcrypt hashes and TLS from the exporters' web config file format.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import bcrypt from 'bcryptjs';
import {startServer, type RunningServer} from '../../source/export/server.js';
import {loadWebConfig, type WebConfig} from '../../source/export/web-config.js';
import {modelExporter} from './helpers.js';

async function serving(t: {teardown(fn: () => Promise<void>): void}, web?: WebConfig): Promise<RunningServer> {
	const server = await startServer({exposition: modelExporter('balanced').exposition, listen: {host: '127.0.0.1', port: 0}, ...(web ? {web} : {})});
	t.teardown(async () => server.close());
	return server;
}

const url = (server: RunningServer, route: string): string => `http://127.0.0.1:${server.address.port}${route}`;

test('GET /metrics is the text format; an OpenMetrics Accept gets OpenMetrics', async t => {
	const server = await serving(t);
	const text = await fetch(url(server, '/metrics'));
	t.is(text.status, 200);
	t.regex(text.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
	t.regex(await text.text(), /# TYPE hvtop_queue_packets_total counter/);
	const om = await fetch(url(server, '/metrics'), {headers: {accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5'}});
	t.regex(om.headers.get('content-type')!, /^application\/openmetrics-text/);
	t.regex(await om.text(), /# EOF\n$/);
});

test('read-only: other methods are 405, other paths 404, / links to /metrics, HEAD has no body', async t => {
	const server = await serving(t);
	for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
		// eslint-disable-next-line no-await-in-loop
		const response = await fetch(url(server, '/metrics'), {method});
		t.is(response.status, 405, method);
		t.is(response.headers.get('allow'), 'GET, HEAD');
	}

	t.is((await fetch(url(server, '/set/channels'))).status, 404);
	t.regex(await (await fetch(url(server, '/'))).text(), /href="\/metrics"/);
	const head = await fetch(url(server, '/metrics'), {method: 'HEAD'});
	t.is(head.status, 200);
	t.is(await head.text(), '');
});

test('basic auth from the web config: a wrong or missing password is 401, the right one passes', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-web-'));
	const file = path.join(dir, 'web.yml');
	writeFileSync(file, `basic_auth_users:\n  prometheus: ${bcrypt.hashSync('s3cret', 4)}\n`);
	const web = await loadWebConfig(file);
	if (typeof web === 'string') {
		t.fail(web);
		return;
	}

	const server = await serving(t, web);
	const basic = (user: string, password: string) => ({authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`});
	t.is((await fetch(url(server, '/metrics'))).status, 401);
	t.is((await fetch(url(server, '/metrics'), {headers: basic('prometheus', 'wrong')})).status, 401);
	t.is((await fetch(url(server, '/metrics'), {headers: basic('nobody', 's3cret')})).status, 401);
	t.is((await fetch(url(server, '/metrics'), {headers: basic('prometheus', 's3cret')})).status, 200);
});

test('the web config refuses what it does not apply, and a hash that is not bcrypt', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-web-'));
	const write = (name: string, text: string): string => {
		writeFileSync(path.join(dir, name), text);
		return path.join(dir, name);
	};

	t.regex(await loadWebConfig(write('a.yml', 'http_server_config:\n  http2: true\n')) as string, /http_server_config is not supported/);
	t.regex(await loadWebConfig(write('b.yml', 'basic_auth_users:\n  u: plain\n')) as string, /not a bcrypt hash/);
	t.regex(await loadWebConfig(write('c.yml', 'tls_server_config:\n  cert_file: none.pem\n  key_file: none.key\n')) as string, /cannot read the TLS files/);
	t.regex(await loadWebConfig(path.join(dir, 'missing.yml')) as string, /cannot read/);
});

test('TLS from tls_server_config: cert and key relative to the config file', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-tls-'));
	try {
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], {stdio: 'ignore'});
	} catch {
		t.log('openssl not found: TLS not tried');
		t.pass();
		return;
	}

	writeFileSync(path.join(dir, 'web.yml'), 'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n');
	const web = await loadWebConfig(path.join(dir, 'web.yml'));
	if (typeof web === 'string') {
		t.fail(web);
		return;
	}

	const server = await serving(t, web);
	const body = await new Promise<string>((resolve, reject) => {
		https.get({host: '127.0.0.1', port: server.address.port, path: '/metrics', rejectUnauthorized: false}, response => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				text += chunk;
			});
			response.on('end', () => {
				resolve(text);
			});
		}).on('error', reject);
	});
	t.regex(body, /hvtop_build_info/);
	await t.throwsAsync(fetch(url(server, '/metrics')), undefined, 'plain HTTP is refused');
});
