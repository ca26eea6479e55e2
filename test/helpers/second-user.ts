// A real second local user for permission tests (root only): made with
// useradd under a random name, removed with userdel in teardown — and at
// process exit as a last resort — even when the test fails. Commands run as
// that user through setpriv with an argv array (no shell), without root's
// groups or capabilities.
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {run, type CommandResult} from './netns.js';

export type SecondUser = {
	readonly name: string;
	readonly uid: number;
	readonly gid: number;
	/** Run argv as this user (optionally inside a network namespace). */
	run(argv: readonly string[], options?: {ns?: string; env?: Readonly<Record<string, string>>; timeoutMs?: number; cwd?: string}): Promise<CommandResult>;
};

type Teardown = {teardown(fn: () => Promise<void> | void): void};

const made = new Set<string>();
let hooked = false;

/** Why a second user cannot be made here, or undefined. */
export function secondUserSkipReason(): string | undefined {
	if (process.getuid?.() !== 0) {
		return 'permission tests need root (useradd); run as root, as CI does';
	}

	for (const tool of ['useradd', 'userdel', 'setpriv']) {
		if (spawnSync('which', [tool], {stdio: 'ignore'}).status !== 0) {
			return `${tool} is not installed`;
		}
	}

	return undefined;
}

export async function createSecondUser(t: Teardown): Promise<SecondUser> {
	if (!hooked) {
		hooked = true;
		process.once('exit', () => {
			for (const name of made) {
				spawnSync('userdel', [name], {stdio: 'ignore', timeout: 5000});
			}
		});
	}

	const name = `hvt${randomBytes(4).toString('hex')}`;
	const added = await run(['useradd', '--no-create-home', '--user-group', '--shell', '/usr/sbin/nologin', name]);
	if (added.exitCode !== 0) {
		throw new Error(`useradd ${name} failed: ${added.stderr}`);
	}

	made.add(name);
	t.teardown(async () => {
		await run(['userdel', name]);
		made.delete(name);
	});
	const ids = await run(['id', '-u', name]);
	const gids = await run(['id', '-g', name]);
	const uid = Number(ids.stdout.trim());
	const gid = Number(gids.stdout.trim());
	return {
		name,
		uid,
		gid,
		async run(argv, options = {}) {
			const env = Object.entries({HOME: '/', PATH: '/usr/local/bin:/usr/bin:/bin', ...options.env}).map(([k, v]) => `${k}=${v}`);
			const as = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', 'env', '-i', ...env, ...argv];
			return run(options.ns === undefined ? as : ['ip', 'netns', 'exec', options.ns, ...as], {
				...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}),
				...(options.cwd === undefined ? {} : {cwd: options.cwd}),
			});
		},
	};
}
