// `npm run release` (after npm run build): into release/ (gitignored)
//   hvtop               the single executable for linux-x64 (needs no Node)
//   hvtop-VERSION.tgz   the npm package: the bundled bin, man page and
//                       completions, no dependencies (npm install -g FILE)
//   hvtop.1, completions/hvtop.bash, completions/_hvtop
import {cpSync, existsSync, mkdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {buildSingleExecutable} from './sea.js';
import {packTarball} from './pack.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const release = path.join(repoRoot, 'release');
const dist = path.join(repoRoot, 'dist');

for (const file of ['hvtop.js', 'hvtop-app.js', 'hvtop.1', 'completions/hvtop.bash', 'completions/_hvtop']) {
	if (!existsSync(path.join(dist, file))) {
		process.stderr.write(`release: dist/${file} is missing: run npm run build first (npm run release does)\n`);
		process.exit(1);
	}
}

rmSync(release, {recursive: true, force: true});
const work = path.join(release, 'build');
mkdirSync(work, {recursive: true});
const log = (line: string) => process.stderr.write(`release: ${line}\n`);

cpSync(path.join(dist, 'hvtop.1'), path.join(release, 'hvtop.1'));
cpSync(path.join(dist, 'completions'), path.join(release, 'completions'), {recursive: true});
log('single executable: release/hvtop');
await buildSingleExecutable(work, path.join(release, 'hvtop'));
const tarball = await packTarball(path.join(work, 'package'), release);
log(`npm package: release/${tarball}`);
rmSync(work, {recursive: true, force: true});
