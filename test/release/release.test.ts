// issue 20: what `npm run release` makes works where it is meant to — the
// single executable on a machine without Node, the npm tarball installed
// offline into a fresh prefix, the man page, the bash completion — and
// answers exactly as the bundled bin does.
import {mkdtempSync, readFileSync, readdirSync, existsSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {binEnv, binNodeFlags} from '../../scripts/bundle.js';
import {createVethPair, netnsSkipReason} from '../helpers/netns.js';
import {bin, buildRelease, nodeOnlyEnv, root, run, type Release, type Run} from './helpers.js';

const netnsSkip = await netnsSkipReason();
let release: Release;
let scratch: string;

test.before(async t => {
	t.timeout(600_000, 'building a single executable copies the node binary');
	release = await buildRelease();
	scratch = mkdtempSync(path.join(os.tmpdir(), 'hvtop-release-run-'));
});

test.after.always(() => {
	for (const dir of [release?.dir, scratch]) {
		if (dir) {
			rmSync(dir, {recursive: true, force: true});
		}
	}
});

// The same answers, whichever way hvtop was installed. --demo makes the model exact; only the wall time differs.
const cases: ReadonlyArray<readonly string[]> = [
	['--version'],
	['--once', '--model', '--demo'],
	['--json', '--model', '--demo', '--count', '2', '--interval', '0.2'],
	['--once', '--model', '--demo', '--scenario', 'few-channels', '--view', 'cpus'],
	['--bogus'],
];
const untimed = (result: Run) => ({code: result.code, stdout: result.stdout.replaceAll(/"time":"[^"]*"/g, '"time":"T"'), stderr: result.stderr});

test.serial('the single executable, with no node on PATH (env -i), answers as the bundled bin', async t => {
	t.timeout(180_000);
	for (const argv of cases) {
		// eslint-disable-next-line no-await-in-loop
		const [alone, bundled] = await Promise.all([
			run(['/usr/bin/env', '-i', release.executable, ...argv], {cwd: scratch}),
			run([bin, ...argv], {cwd: scratch, env: nodeOnlyEnv()}),
		]);
		t.is(bundled.code, argv[0] === '--bogus' ? 2 : 0, `${argv.join(' ')}: ${bundled.stderr}`);
		t.deepEqual(untimed(alone), untimed(bundled), argv.join(' '));
	}

	t.regex((await run(['/usr/bin/env', '-i', release.executable, '--once', '--model', '--demo'], {cwd: scratch})).stdout, /eth0 {2}hv_netvsc/);
});

test.serial('the single executable starts its app with the bin\'s flags and environment', async t => {
	t.timeout(180_000);
	const probe = path.join(root, 'test/release/flags-probe.mjs');
	type Probe = {callsUntilOptimized: number; newSpaceMax: number; env: Record<string, string>};
	const parse = (result: Run) => JSON.parse(result.stdout) as Probe;
	// Calls until optimized vary between runs (CI once saw 10859 without the flag, here 4800–7600): the median of three.
	const median = async (argv: readonly string[], env?: Record<string, string>) => {
		const probes: Probe[] = [];
		for (let i = 0; i < 3; i++) {
			// eslint-disable-next-line no-await-in-loop
			probes.push(parse(await run(argv, {cwd: scratch, env})));
		}

		return probes.sort((a, b) => a.callsUntilOptimized - b.callsUntilOptimized)[1]!;
	};

	const alone = await median(['/usr/bin/env', '-i', release.probe]);
	const plain = await median([process.execPath, probe]);
	const flagged = await median([process.execPath, ...binNodeFlags, probe], {...binEnv});
	t.is(alone.env['MALLOC_ARENA_MAX'], '1');
	t.true(alone.env['NODE_OPTIONS']?.split(' ').includes('--max-semi-space-size=4'), alone.env['NODE_OPTIONS']);
	// The young generation is held to what --max-semi-space-size allows, as under the bin.
	t.is(alone.newSpaceMax, flagged.newSpaceMax);
	t.true(alone.newSpaceMax < plain.newSpaceMax, `${alone.newSpaceMax} vs ${plain.newSpaceMax} without the flag`);
	// --interrupt-budget: hot code is optimized several times later than by default, as under the bin
	// (about 4x for this function, compiled synchronously; without the flag the ratio is about 1).
	t.true(alone.callsUntilOptimized > 2 * plain.callsUntilOptimized, `${alone.callsUntilOptimized} calls vs ${plain.callsUntilOptimized} without the flag`);
	t.true(flagged.callsUntilOptimized > 2 * plain.callsUntilOptimized, `${flagged.callsUntilOptimized} calls vs ${plain.callsUntilOptimized} without the flag`);
});

test.serial('the single executable runs `export` as the bin\'s launcher does: without TurboFan', async t => {
	t.timeout(180_000);
	const calls = (result: Run) => (JSON.parse(result.stdout) as {callsUntilOptimized: number}).callsUntilOptimized;
	const exporting = await run(['/usr/bin/env', '-i', release.probe, 'export'], {cwd: scratch});
	const dashboard = await run(['/usr/bin/env', '-i', release.probe, '--once'], {cwd: scratch});
	// The probe stops calling at 2e7: a function that is never optimized reaches it.
	t.is(calls(exporting), 2e7, exporting.stderr);
	t.true(calls(dashboard) < 2e7, 'the dashboard still optimizes hot code');
});

test.serial('the single executable passes on a signal and dies of it', async t => {
	const {spawn} = await import('node:child_process');
	const child = spawn(release.executable, ['--json', '--model', '--count', '100', '--interval', '1'], {cwd: scratch, env: {}, stdio: ['ignore', 'pipe', 'pipe']});
	await new Promise<void>(resolve => {
		child.stdout.once('data', () => {
			resolve();
		});
	});
	const app = readFileSync(`/proc/${child.pid!}/task/${child.pid!}/children`, 'utf8').trim();
	t.regex(app, /^\d+$/, 'the executable runs the app in one child');
	child.kill('SIGTERM');
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
		child.on('exit', (exitCode, exitSignal) => {
			resolve([exitCode, exitSignal]);
		});
	});
	t.deepEqual([code, signal], [null, 'SIGTERM']);
	t.false(existsSync(`/proc/${app}/status`) && !readFileSync(`/proc/${app}/status`, 'utf8').includes('State:\tZ'), 'the app is gone too');
});

test.serial('the npm tarball installs offline as a copy with no dependencies, with its man page', async t => {
	t.timeout(180_000);
	const prefix = path.join(scratch, 'prefix');
	const install = await run(['npm', 'install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, '--cache', path.join(scratch, 'npm-cache'), release.tarball], {env: nodeOnlyEnv(), cwd: scratch});
	t.is(install.code, 0, install.stderr);
	const installed = path.join(prefix, 'lib/node_modules/hvtop');
	t.false(existsSync(path.join(installed, 'node_modules')), 'nothing was fetched');
	const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
	t.is(manifest['dependencies'], undefined);
	t.is(manifest['optionalDependencies'], undefined);
	t.deepEqual(readdirSync(path.join(installed, 'dist/completions')).sort(), ['_hvtop', 'hvtop.bash']);
	t.true(existsSync(path.join(prefix, 'share/man/man1/hvtop.1')), 'npm links the man page');
	const hvtop = path.join(prefix, 'bin/hvtop');
	for (const argv of cases) {
		// eslint-disable-next-line no-await-in-loop
		const [copy, bundled] = await Promise.all([run([hvtop, ...argv], {cwd: scratch, env: nodeOnlyEnv()}), run([bin, ...argv], {cwd: scratch, env: nodeOnlyEnv()})]);
		t.deepEqual(untimed(copy), untimed(bundled), argv.join(' '));
	}

	// A copy: the clone can go away.
	t.false(readFileSync(path.join(installed, 'dist/hvtop.js'), 'utf8').includes(root));
});

test('man renders hvtop.1 without warnings, and it lists every flag --help lists', async t => {
	const env = {PATH: '/usr/bin:/bin', MANWIDTH: '100', LANG: 'C.UTF-8'};
	const man = await run(['man', '--warnings=w', '-E', 'UTF-8', '-l', path.join(release.dir, 'hvtop.1')], {env});
	t.is(man.code, 0, man.stderr);
	t.is(man.stderr, '');
	const help = await run([bin, '--help'], {env: nodeOnlyEnv()});
	const flags = new Set(help.stdout.match(/--[a-z][a-z-]+/g));
	t.true(flags.size >= 15, [...flags].join(' '));
	for (const flag of flags) {
		t.true(man.stdout.includes(flag), `${flag} is not in the man page`);
	}

	for (const section of ['SYNOPSIS', 'OPTIONS', 'COMMANDS', 'KEYS', 'EXIT STATUS', 'FILES', 'ENVIRONMENT']) {
		t.regex(man.stdout, new RegExp(`^${section}$`, 'm'));
	}
});

test('the bash completion completes subcommands, flags, scenario and device names', async t => {
	const script = path.join(root, 'dist/completions/hvtop.bash');
	const complete = async (...words: string[]) => {
		const result = await run(['bash', '--norc', '--noprofile', '-c', 'source "$0"; COMP_WORDS=("${@}"); COMP_CWORD=$(($# - 1)); _hvtop; printf "%s\\n" "${COMPREPLY[@]}"', script, ...words], {env: {PATH: '/usr/bin:/bin'}});
		t.is(result.stderr, '');
		return result.stdout.split('\n').filter(Boolean);
	};

	t.deepEqual(await complete('hvtop', 'set', 'ch'), ['channels', 'channel-cpu']);
	t.deepEqual(await complete('hvtop', 'set', 'fl'), ['flow-hash']);
	t.deepEqual(await complete('hvtop', '--scen'), ['--scenario']);
	t.deepEqual(await complete('hvtop', '--scenario', 'few'), ['few-channels']);
	t.deepEqual(await complete('hvtop', 'ro'), ['rollback']);
	t.deepEqual(await complete('hvtop', 'set', 'rings', 'eth0', '--r'), ['--rx']);
	t.deepEqual(await complete('hvtop', 'set', 'channels', 'l'), readdirSync('/sys/class/net').filter(name => name.startsWith('l')));
	t.deepEqual(await complete('hvtop', '--device', ''), readdirSync('/sys/class/net').sort());
});

test('a Node older than 20 gets one line from the bin, not a stack trace', async t => {
	for (const version of ['18.19.0', '12.22.9']) {
		const fake = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'});Object.defineProperty(process,'version',{value:'v${version}'})`;
		// eslint-disable-next-line no-await-in-loop
		const result = await run([process.execPath, `--import=${fake}`, bin, '--version'], {env: nodeOnlyEnv()});
		t.is(result.code, 1);
		t.is(result.stdout, '');
		t.regex(result.stderr, new RegExp(`^hvtop: needs Node\\.js 20 or newer; this is Node\\.js v${version.replaceAll('.', '\\.')}; [^\\n]*\\n$`));
	}
});

test('npm start runs the installed command\'s bin', async t => {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !key.startsWith('npm_')) {
			env[key] = value;
		}
	}

	const [started, bundled] = await Promise.all([run(['npm', 'start', '--silent', '--', '--once', '--model', '--demo'], {env}), run([bin, '--once', '--model', '--demo'], {env: nodeOnlyEnv()})]);
	t.is(started.code, 0, started.stderr);
	t.is(started.stdout, bundled.stdout);
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {bin: Record<string, string>; scripts: Record<string, string>};
	t.is(path.normalize(manifest.scripts['start']!), path.normalize(manifest.bin['hvtop']!));
});


(netnsSkip ? test.skip : test.serial)('the single executable changes a live device: its guard is the executable again', async t => {
	t.timeout(120_000);
	const pair = await createVethPair(t, {queues: 4});
	const state = path.join(scratch, 'state');
	const channels = async () => /Current hardware settings:[\s\S]*?RX:\s+(\d+)/.exec((await pair.exec(pair.nsA, ['ethtool', '-l', pair.devA])).stdout)?.[1];
	await pair.exec(pair.nsA, ['ethtool', '-L', pair.devA, 'rx', '1', 'tx', '1']);
	t.is(await channels(), '1');
	const set = await pair.exec(pair.nsA, ['env', '-i', `HVTOP_STATE_DIR=${state}`, release.executable, 'set', 'channels', pair.devA, '2', '--live', '--yes'], {timeoutMs: 60_000});
	t.is(set.exitCode, 0, `${set.stdout}${set.stderr}`);
	t.regex(set.stdout, /KEPT/);
	t.is(await channels(), '2');
	// The journal lives in the directory of this network namespace (net-<inode>/journal/DEV.jsonl).
	const scoped = readdirSync(state).filter(name => name.startsWith('net-'));
	t.is(scoped.length, 1, scoped.join(' '));
	const journal = readFileSync(path.join(state, scoped[0]!, 'journal', `${pair.devA}.jsonl`), 'utf8');
	t.regex(journal, /"state":"ARMED"/, 'a guard was armed');
});
