// The npm package of a release: the bundled bin (launcher and app), the man
// page and the completions, with a package.json that has no dependencies,
// so `npm install -g hvtop-VERSION.tgz` copies files and fetches nothing.
import {execFile} from 'node:child_process';
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const packageFiles = ['dist/hvtop.js', 'dist/hvtop-app.js', 'dist/hvtop.1', 'dist/completions/hvtop.bash', 'dist/completions/_hvtop', 'README.md'];

/** The release's package.json: the repository's, less everything only the build needs. */
export function releaseManifest(json: Record<string, unknown>): Record<string, unknown> {
	const keep = ['name', 'version', 'description', 'license', 'type', 'bin', 'man', 'engines'];
	return {...Object.fromEntries(keep.filter(key => key in json).map(key => [key, json[key]])), files: packageFiles.filter(file => file !== 'README.md')};
}

/** Stages the package in `stage` and packs it into `outdir`; returns the tarball's file name. */
export async function packTarball(stage: string, outdir: string): Promise<string> {
	mkdirSync(stage, {recursive: true});
	const json = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
	for (const file of packageFiles) {
		cpSync(path.join(repoRoot, file), path.join(stage, file));
	}

	writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(releaseManifest(json), null, '\t')}\n`);
	return new Promise((resolve, reject) => {
		execFile('npm', ['pack', '--json', '--pack-destination', outdir], {cwd: stage, timeout: 120_000}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`npm pack failed: ${error.message}\n${stderr}`));
				return;
			}

			resolve((JSON.parse(stdout) as Array<{filename: string}>)[0]!.filename);
		});
	});
}
