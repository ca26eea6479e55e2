// `hvtop export` from the bin runs the exporter's own bundle
// (dist/hvtop-export.js, scripts/bundle.ts): it holds nothing of the terminal
// UI, runs without the app's bundle beside it, and answers as the app does.
// Needs `npm run build` (npm test does).
import {execFile} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {root} from '../helpers/source-files.js';

const dist = path.join(root, 'dist');
const files = {bin: 'hvtop.js', app: 'hvtop-app.js', exporter: 'hvtop-export.js'} as const;

type Run = {code: number | undefined; stdout: string; stderr: string};

async function run(file: string, args: readonly string[]): Promise<Run> {
	return new Promise(resolve => {
		execFile(file, args, {timeout: 60_000, env: {...process.env, NO_COLOR: '1'}}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : undefined) : 0, stdout, stderr});
		});
	});
}

test.before(() => {
	for (const file of Object.values(files)) {
		if (!existsSync(path.join(dist, file))) {
			throw new Error(`dist/${file} is missing: run npm run build first (npm test does)`);
		}
	}
});

test('the exporter\'s bundle holds no Ink, React or dashboard code; the app\'s does', t => {
	// esbuild names every wrapped module by its path: these would be there if any got in.
	const ui = /"node_modules\/(?:ink|react|@alcalzone\/ink-table)\/|"source\/(?:ui|app|main)[/.]/;
	// (The matched name is compared, not the text: a failure must not print megabytes.)
	t.is(ui.exec(readFileSync(path.join(dist, files.exporter), 'utf8'))?.[0], undefined);
	t.truthy(ui.exec(readFileSync(path.join(dist, files.app), 'utf8'))?.[0], 'the check finds the UI where it is');
});

test('the bin runs hvtop export from the exporter\'s bundle alone (the app\'s bundle is not even there)', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-export-bundle-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	copyFileSync(path.join(dist, files.bin), path.join(dir, files.bin));
	copyFileSync(path.join(dist, files.exporter), path.join(dir, files.exporter));
	const exported = await run(path.join(dir, files.bin), ['export', '--model', '--scenario', 'mana', '--textfile', dir, '--once']);
	t.is(exported.code, 0, exported.stderr);
	t.true(readdirSync(dir).includes('hvtop.prom'), readdirSync(dir).join(', '));
	t.regex(readFileSync(path.join(dir, 'hvtop.prom'), 'utf8'), /^hvtop_build_info\{version="[^"]+",source="model"\} 1$/m);
	// Anything else needs the app: its bundle is missing here, and the launcher says so.
	const dashboard = await run(path.join(dir, files.bin), ['--version']);
	t.is(dashboard.code, 1);
	t.regex(dashboard.stderr, /hvtop: cannot load the app/);
});

test('the launcher runs the exporter without TurboFan and with a young generation that keeps its first size; the dashboard keeps the bin\'s flags', t => {
	const launcher = readFileSync(path.join(dist, files.bin), 'utf8');
	t.regex(launcher.split('\n')[0]!, /--interrupt-budget=2162688/);
	// Only on the export branch: set, then the exporter's bundle loads.
	t.regex(launcher, /process\.argv\[2\] === 'export' \? import\('node:v8'\)\.then\(function \(v8\) \{ v8\.setFlagsFromString\("--no-opt"\); v8\.setFlagsFromString\("--semi-space-growth-factor=1"\); return import\("\.\/hvtop-export\.js"\); \}\) : import\("\.\/hvtop-app\.js"\)/);
});

for (const argv of [['export', '--help'], ['export', '--bogus'], ['export', '--model', 'eth9', '--textfile', '/tmp', '--once'], ['export', '-h']]) {
	test(`hvtop ${argv.join(' ')}: the exporter's bundle answers as the app's`, async t => {
		const [alone, app] = await Promise.all([run(path.join(dist, files.bin), argv), run(process.execPath, [path.join(dist, files.app), ...argv])]);
		t.is(alone.code, app.code);
		t.is(alone.stdout, app.stdout);
		t.is(alone.stderr, app.stderr);
	});
}
