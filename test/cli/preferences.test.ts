// Preferences: the file's rules (pure), a round trip through the disk, and the
// built program reading them: a preferred view and interval under the flags, a
// broken file said in one line and ignored.
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {parsePreferences, preferencesPath, readPreferences, savedLine, withPreferences, writePreferences} from '../../source/preferences.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function tempDir(t: {teardown: (f: () => void) => void}): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-prefs-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

test('where: $XDG_CONFIG_HOME/hvtop/config.json, else ~/.config (a relative XDG_CONFIG_HOME is ignored, as the spec says)', t => {
	t.is(preferencesPath({XDG_CONFIG_HOME: '/etc/xdg-user'}, '/root'), '/etc/xdg-user/hvtop/config.json');
	t.is(preferencesPath({}, '/home/ann'), '/home/ann/.config/hvtop/config.json');
	t.is(preferencesPath({XDG_CONFIG_HOME: 'relative'}, '/home/ann'), '/home/ann/.config/hvtop/config.json');
});

test('each key checked on its own: the good ones are used, each bad one named', t => {
	t.deepEqual(parsePreferences('{"units":"bytes","view":"cpus","interval":2,"device":"eth1"}'), {preferences: {units: 'bytes', view: 'cpus', interval: 2, device: 'eth1'}, problems: []});
	const mixed = parsePreferences('{"units":"furlongs","view":"cpus","interval":0,"colour":"red","device":"a/b"}');
	t.deepEqual(mixed.preferences, {view: 'cpus'});
	t.deepEqual(mixed.problems, [
		'units is "bits" or "bytes"',
		'interval is seconds between 0.1 and 3600',
		'unknown key "colour" (known: units, view, interval, device)',
		'device is an interface name (at most 15 characters)',
	]);
	t.regex(parsePreferences('{units: bytes').problems[0]!, /^not JSON \(/);
	t.deepEqual(parsePreferences('[1]').problems, ['not a JSON object of preferences']);
});

test('flags win over preferences; the device is not a flag (it only picks where the dashboard opens)', t => {
	t.deepEqual(withPreferences({interval: '5'}, {interval: 2, view: 'rss', device: 'eth1'}), {interval: '5', view: 'rss'});
	t.deepEqual(withPreferences({view: undefined}, {view: 'rss'}), {view: 'rss'}, 'a flag not given does not hide the preference');
});

test('written atomically and read back; a missing file is no preferences; a huge one is refused', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'deep', 'hvtop', 'config.json');
	t.deepEqual(await readPreferences(file), {preferences: {}, problems: []});
	await writePreferences(file, {units: 'bytes', view: 'counters', interval: 0.5, device: 'eth0'});
	t.deepEqual(await readPreferences(file), {preferences: {units: 'bytes', view: 'counters', interval: 0.5, device: 'eth0'}, problems: []});
	t.true(readFileSync(file, 'utf8').endsWith('}\n'));
	t.is(savedLine(file, {units: 'bytes', view: 'cpus', device: 'eth0', interval: 1}), `preferences saved to ${file}: bytes, view cpus, device eth0, every 1 s`);
	writeFileSync(file, ' '.repeat(70_000));
	t.deepEqual((await readPreferences(file)).problems, ['larger than 65536 bytes']);
});

async function hvtop(args: string[], env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], {env: {...process.env, ...env, CI: 'true'}, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

test('the program: a preferred view opens (here printed, stdout not a terminal); a broken key is one line on stderr; --once ignores the file', async t => {
	const dir = tempDir(t);
	mkdirSync(path.join(dir, 'hvtop'));
	writeFileSync(path.join(dir, 'hvtop', 'config.json'), '{"view":"cpus","units":"miles"}');
	const dashboard = await hvtop(['--model'], {XDG_CONFIG_HOME: dir});
	t.is(dashboard.code, 0, dashboard.stderr);
	t.true(dashboard.stderr.includes(`hvtop: ${path.join(dir, 'hvtop', 'config.json')}: units is "bits" or "bytes"; ignored`), dashboard.stderr);
	t.regex(dashboard.stdout, / CPU {2}queues +rx pps/, 'the CPU view, as preferred');
	const flagged = await hvtop(['--model', '--view', 'rss'], {XDG_CONFIG_HOME: dir});
	t.regex(flagged.stdout, /indirection|RSS|hfunc|key /i, 'the flag wins');
	t.notRegex(flagged.stdout, / CPU {2}queues +rx pps/);
	const once = await hvtop(['--model', '--once'], {XDG_CONFIG_HOME: dir});
	t.is(once.stderr.includes('ignored'), false, '--once reads no preferences');
	t.notRegex(once.stdout, / CPU {2}queues +rx pps/);
});

test('record then replay: the same --json as the run that recorded it; an existing file is never written over; a replay takes no machine flags', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'run.hvrec');
	const recorded = await hvtop(['--model', '--scenario', 'vf-rx-drops', '--demo', '--json', '--count', '3', '--record', file], {});
	t.is(recorded.code, 0, recorded.stderr);
	t.true(recorded.stderr.includes(`recorded to ${file} (replay it with: hvtop replay ${file})`));
	const replayed = await hvtop(['replay', file, '--demo', '--json', '--count', '3'], {});
	t.is(replayed.code, 0, replayed.stderr);
	const strip = (text: string) => text.trim().split('\n').map(line => {
		const {time: _time, source, ...rest} = JSON.parse(line) as {time: string; source: {kind: string}};
		return {...rest, kind: source.kind};
	});
	const [a, b] = [strip(recorded.stdout), strip(replayed.stdout)];
	t.is(a.length, 6);
	t.deepEqual(b.map(x => x.kind), Array.from({length: 6}, () => 'replay'));
	t.deepEqual(b.map(({kind: _kind, ...x}) => x), a.map(({kind: _kind, ...x}) => x));
	const again = await hvtop(['--model', '--json', '--record', file], {});
	t.is(again.code, 2);
	t.regex(again.stderr, /exists: a recording is never written over/);
	const mixed = await hvtop(['replay', file, '--model'], {});
	t.is(mixed.code, 2);
	t.regex(mixed.stderr, /^hvtop: --replay reads a recording: --model does not apply to it\n$/);
	const broken = await hvtop(['replay', path.join(dir, 'nope.hvrec'), '--once'], {});
	t.is(broken.code, 2);
	t.regex(broken.stderr, /nope\.hvrec: no such file/);
});
