// Builds a release once per test run, into a temp dir, the way npm run
// release does (it needs dist/ from npm run build, which npm test runs first).
import {execFile} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {packTarball} from '../../scripts/release/pack.js';
import {buildSingleExecutable} from '../../scripts/release/sea.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = path.join(root, 'dist/hvtop.js');

export type Run = {code: number | null; stdout: string; stderr: string};

export async function run(argv: readonly string[], options: {env?: Record<string, string>; cwd?: string; timeout?: number} = {}): Promise<Run> {
	const [file, ...args] = argv;
	return new Promise(resolve => {
		execFile(file!, args, {cwd: options.cwd ?? root, timeout: options.timeout ?? 60_000, maxBuffer: 64 << 20, env: options.env ?? {}}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
		});
	});
}

export type Release = {readonly dir: string; readonly executable: string; readonly tarball: string; readonly probe: string};

export async function buildRelease(): Promise<Release> {
	for (const file of ['dist/hvtop-app.js', 'dist/hvtop.1', 'dist/completions/hvtop.bash']) {
		if (!existsSync(path.join(root, file))) {
			throw new Error(`${file} is missing: run npm run build first (npm test does)`);
		}
	}

	const dir = mkdtempSync(path.join(os.tmpdir(), 'hvtop-release-'));
	const executable = path.join(dir, 'hvtop');
	const probe = path.join(dir, 'probe');
	try {
		// One after the other: each copies the ~100 MB node binary and the machine has two cores.
		await buildSingleExecutable(path.join(dir, 'work'), executable);
		await buildSingleExecutable(path.join(dir, 'work-probe'), probe, fileURLToPath(new URL('flags-probe.mjs', import.meta.url)));
		const tarball = path.join(dir, await packTarball(path.join(dir, 'package'), dir));
		cpSync(path.join(root, 'dist/hvtop.1'), path.join(dir, 'hvtop.1'));
		return {dir, executable, tarball, probe};
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}

/** Only node's own directory on PATH: the bin needs node, nothing else. */
export const nodeOnlyEnv = (): Record<string, string> => ({PATH: path.dirname(process.execPath)});
