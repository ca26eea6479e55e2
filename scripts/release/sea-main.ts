// The single executable's main script (Node 20 runs it as CommonJS; built by
// scripts/release/sea.ts). The app is the bin's own bundle, dist/hvtop-app.js,
// embedded as an asset: an ES module with top-level await, run by
// vm.SourceTextModule. Its imports are Node's built-in modules only.
import {spawn} from 'node:child_process';
import process from 'node:process';
import {getAsset} from 'node:sea';
import {pathToFileURL} from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import {restartEnv, type Launch} from './launch.js';

declare const HVTOP_LAUNCH: Launch;
/** What the bin's launcher adds for `hvtop export` (scripts/bundle.ts, exportV8Flags). */
declare const HVTOP_EXPORT_V8_FLAGS: readonly string[];

const fail = (message: string): void => {
	process.stderr.write(`hvtop: ${message}\n`);
	process.exitCode = 1;
};

/** Starts this executable again with the launch environment; relays signals and the exit status. */
function restart(env: Record<string, string>): void {
	const child = spawn(process.execPath, process.argv.slice(2), {stdio: 'inherit', env});
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
	for (const signal of signals) {
		process.on(signal, () => child.kill(signal));
	}

	child.on('error', error => {
		fail(`cannot start ${process.execPath}: ${error.message}`);
	});
	child.on('exit', (code, signal) => {
		if (signal) {
			// Die of the same signal, as a shell expects.
			process.removeAllListeners(signal);
			process.kill(process.pid, signal);
			return;
		}

		process.exitCode = code ?? 1;
	});
}

async function runApp(): Promise<void> {
	// The exporter runs with the flags the bin gives it (no TurboFan); the app itself serves `export` here.
	const exporting = process.argv[2] === 'export';
	v8.setFlagsFromString([...HVTOP_LAUNCH.v8Flags, ...(exporting ? HVTOP_EXPORT_V8_FLAGS : [])].join(' '));
	const builtins = new Map<string, vm.Module>();
	const link = async (specifier: string): Promise<vm.Module> => {
		let module = builtins.get(specifier);
		if (!module) {
			const namespace = await import(specifier) as Record<string, unknown>;
			const names = Object.keys(namespace);
			module = new vm.SyntheticModule(names, function (this: vm.SyntheticModule) {
				for (const name of names) {
					this.setExport(name, namespace[name]);
				}
			}, {identifier: specifier});
			builtins.set(specifier, module);
		}

		return module;
	};

	const app = new vm.SourceTextModule(getAsset('hvtop-app.js', 'utf8'), {
		identifier: 'hvtop-app.js',
		initializeImportMeta(meta) {
			meta.url = pathToFileURL(process.execPath).href;
		},
		importModuleDynamically: async (specifier: string) => import(specifier),
	});
	await app.link(link);
	await app.evaluate();
}

const env = restartEnv(process.env, HVTOP_LAUNCH);
if (env) {
	restart(env);
} else {
	runApp().catch((error: unknown) => {
		fail(error instanceof Error ? error.message : String(error));
	});
}
