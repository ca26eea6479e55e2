// Builds release/hvtop, a single executable for linux-x64 (Node's single
// executable applications): this Node binary with a blob holding
// sea-main.ts and the bin's bundle (dist/hvtop-app.js) injected by postject.
import {execFile} from 'node:child_process';
import {chmodSync, copyFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';
import {binEnv, binNodeFlags, exportV8Flags} from '../bundle.js';
import {planLaunch} from './launch.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Node's documented fuse for single executables.
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

async function run(argv: readonly string[]): Promise<void> {
	const [file, ...args] = argv;
	return new Promise((resolve, reject) => {
		execFile(file!, args, {cwd: repoRoot, timeout: 300_000, maxBuffer: 16 << 20}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`${argv.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
				return;
			}

			resolve();
		});
	});
}

/** Builds the executable `output` around `app` (the bin's bundle, which npm run build makes); `work` holds the intermediate files. */
export async function buildSingleExecutable(work: string, output: string, app = path.join(repoRoot, 'dist/hvtop-app.js')): Promise<void> {
	const main = path.join(work, 'sea-main.cjs');
	const launch = planLaunch(binNodeFlags, binEnv, process.allowedNodeEnvironmentFlags);
	await esbuild.build({
		entryPoints: [path.join(repoRoot, 'scripts/release/sea-main.ts')],
		outfile: main,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		logLevel: 'warning',
		define: {HVTOP_LAUNCH: JSON.stringify(launch), HVTOP_EXPORT_V8_FLAGS: JSON.stringify(exportV8Flags)},
	});
	const blob = path.join(work, 'sea-prep.blob');
	const config = path.join(work, 'sea-config.json');
	writeFileSync(config, `${JSON.stringify({
		main,
		output: blob,
		disableExperimentalSEAWarning: true,
		assets: {'hvtop-app.js': app},
	}, null, '\t')}\n`);
	await run([process.execPath, '--experimental-sea-config', config]);
	copyFileSync(process.execPath, output);
	chmodSync(output, 0o755);
	// postject's ELF writer reports sections it does not know as warnings; only a failure is shown.
	await run([process.execPath, path.join(repoRoot, 'node_modules/postject/dist/cli.js'), output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', fuse]);
}
