// The web configuration file Prometheus exporters share (exporter-toolkit's
// --web.config.file): TLS from tls_server_config (cert_file, key_file) and
// basic auth from basic_auth_users (name: bcrypt hash). Other keys are refused
// rather than ignored, so a setting hvtop does not apply is never assumed on.
// yaml is loaded only when there is such a file: most exporters never hold it.
import {readFile} from 'node:fs/promises';
import path from 'node:path';

export type WebConfig = {
	readonly tls?: {readonly cert: Buffer; readonly key: Buffer};
	/** Name → bcrypt hash. */
	readonly users?: ReadonlyMap<string, string>;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const tlsKeys = new Set(['cert_file', 'key_file']);

async function readTls(value: unknown, dir: string): Promise<WebConfig['tls'] | string> {
	if (!isRecord(value)) {
		return 'tls_server_config must be a mapping';
	}

	const unknown = Object.keys(value).find(key => !tlsKeys.has(key));
	if (unknown !== undefined) {
		return `tls_server_config.${unknown} is not supported (only cert_file and key_file)`;
	}

	const {cert_file: certFile, key_file: keyFile} = value;
	if (typeof certFile !== 'string' || typeof keyFile !== 'string') {
		return 'tls_server_config needs cert_file and key_file';
	}

	try {
		// Relative paths are relative to the config file, as exporter-toolkit reads them.
		const [cert, key] = await Promise.all([readFile(path.resolve(dir, certFile)), readFile(path.resolve(dir, keyFile))]);
		return {cert, key};
	} catch (error) {
		return `cannot read the TLS files: ${(error as Error).message}`;
	}
}

function readUsers(value: unknown): ReadonlyMap<string, string> | string {
	if (!isRecord(value)) {
		return 'basic_auth_users must be a mapping of user names to bcrypt hashes';
	}

	const users = new Map<string, string>();
	for (const [name, hash] of Object.entries(value)) {
		if (typeof hash !== 'string' || !/^\$2[aby]\$\d\d\$[./A-Za-z\d]{53}$/.test(hash)) {
			return `basic_auth_users.${name}: not a bcrypt hash`;
		}

		users.set(name, hash);
	}

	return users;
}

/** The file's settings, or one sentence saying what is wrong with it. */
export async function loadWebConfig(file: string): Promise<WebConfig | string> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		return `cannot read ${file}: ${(error as Error).message}`;
	}

	const {parse} = await import('yaml');
	let document: unknown;
	try {
		document = parse(text) ?? {};
	} catch (error) {
		return `${file}: ${(error as Error).message.split('\n')[0]!}`;
	}

	if (!isRecord(document)) {
		return `${file}: not a mapping`;
	}

	const unknown = Object.keys(document).find(key => key !== 'tls_server_config' && key !== 'basic_auth_users');
	if (unknown !== undefined) {
		return `${file}: ${unknown} is not supported (only tls_server_config and basic_auth_users)`;
	}

	const tls = document['tls_server_config'] === undefined ? undefined : await readTls(document['tls_server_config'], path.dirname(file));
	const users = document['basic_auth_users'] === undefined ? undefined : readUsers(document['basic_auth_users']);
	if (typeof tls === 'string' || typeof users === 'string') {
		return `${file}: ${typeof tls === 'string' ? tls : users as string}`;
	}

	return {...(tls ? {tls} : {}), ...(users ? {users} : {})};
}
