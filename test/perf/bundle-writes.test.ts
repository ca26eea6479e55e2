// The bundled bin writes files through write-file-atomic, a CommonJS
// dependency that needs __filename: in the ES module bundle that was
// undefined, and every atomic write from dist failed ("__filename is not
// defined") while the unbundled build worked. These run the built bin itself
// (npm run build makes it) on two paths that write: the exporter's textfile
// and `hvtop persist` (the dashboard's W key writes preferences through the
// same module).
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/hvtop.js');
const app = path.join(root, 'dist/hvtop-app.js');

type Run = {code: number | undefined; stdout: string; stderr: string};

async function run(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
	return new Promise(resolve => {
		// Generous: the stand-in ethtool is a Node script and both cores may be busy.
		execFile(bin, args, {cwd: root, timeout: 120_000, env: {...process.env, ...env, NO_COLOR: '1'}}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : undefined) : 0, stdout, stderr});
		});
	});
}

function scratch(t: import('ava').ExecutionContext, prefix: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

test.before(() => {
	if (!existsSync(bin) || !existsSync(app)) {
		throw new Error('dist/hvtop.js is missing: run npm run build first (npm test does)');
	}
});

test('the bundle gives CommonJS dependencies __filename and __dirname', t => {
	const text = readFileSync(app, 'utf8');
	// Free uses point at the banner's values; none is left bare.
	// (booleans: a failure must not print the 2 MB bundle)
	t.false(text.includes('update(__filename)'), 'write-file-atomic still reads a bare __filename');
	t.true(text.includes('update(__hvtopFilename)'), 'write-file-atomic does not read the banner\'s __filename');
});

test('dist: hvtop export --textfile DIR --once writes DIR/hvtop.prom', async t => {
	const dir = scratch(t, 'hvtop-dist-textfile-');
	const result = await run(['export', '--model', '--scenario', 'mana', '--textfile', dir, '--once']);
	t.is(result.code, 0, result.stderr);
	t.notRegex(result.stderr, /internal error|not defined/);
	t.deepEqual(readdirSync(dir), ['hvtop.prom']);
	t.regex(readFileSync(path.join(dir, 'hvtop.prom'), 'utf8'), /^hvtop_queue_packets_total\{.*role="vf".*\} \d+$/m);
});

test('dist: hvtop persist eth0 --yes writes its .link files', async t => {
	const machine = createSyntheticNetvsc({vcpus: 8, nics: [{name: 'eth0', channels: 4, maxChannels: 8, vf: 'enP30832s1', vfDriver: 'mana', realVf: true}]});
	t.teardown(() => {
		machine.cleanup();
	});
	const sysconf = scratch(t, 'hvtop-dist-sysconf-');
	mkdirSync(path.join(sysconf, 'usr/lib/systemd/network'), {recursive: true});
	mkdirSync(path.join(sysconf, 'usr/lib/udev'), {recursive: true});
	writeFileSync(path.join(sysconf, 'usr/lib/systemd/network/99-default.link'), '[Match]\nOriginalName=*\n\n[Link]\nNamePolicy=keep kernel database onboard slot path\nMACAddressPolicy=persistent\n');
	// The stand-in ethtool is a Node script: with both cores busy one read took over 3 s in CI, and
	// persist rightly wrote nothing. The variable gives each read the time a loaded guest would get.
	const result = await run(['persist', 'eth0', '--yes', '--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool, '--sysconf-root', sysconf], {HVTOP_ETHTOOL_TIMEOUT: '60'});
	t.is(result.code, 0, `${result.stdout}\n${result.stderr}`);
	t.notRegex(result.stderr, /internal error|not defined/);
	const written = readdirSync(path.join(sysconf, 'etc/systemd/network'));
	t.true(written.some(name => name.startsWith('50-hvtop-hv_netvsc-')), written.join(', '));
	t.regex(readFileSync(path.join(sysconf, 'etc/systemd/network', written.find(name => name.startsWith('50-hvtop-hv_netvsc-'))!), 'utf8'), /^# Written by hvtop persist/);
});
