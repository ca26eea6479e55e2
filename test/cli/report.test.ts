// `hvtop report FILE`: one archive for a support ticket. On the model (a
// recording and the versions) and on a synthetic Hyper-V guest (sysfs/procfs
// tree and stand-in ethtool), whose archive, unpacked, reads back through
// --sysfs-root/--procfs-root/--ethtool as the same devices with the same facts.
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import test, {type ExecutionContext} from 'ava';
import {createSource} from '../../source/commands/index.js';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {recordingName, runReportCommand} from '../../source/commands/report.js';
import {manualClock} from '../../source/clock.js';
import {openSource} from '../../source/open-source.js';
import {parseOptions} from '../../source/options.js';
import {runBatch} from '../../source/run-batch.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';
import {virtualTime} from '../helpers/virtual-timers.js';

function temp(t: ExecutionContext): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-report-test-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

function machine(t: ExecutionContext): SyntheticMachine {
	const made = createSyntheticNetvsc({vcpus: 8, nics: [{name: 'eth0', channels: 4, maxChannels: 8, vf: 'enP30832s1', vfDriver: 'mana', realVf: true}, {name: 'eth1', channels: 2, maxChannels: 8, primaryCpu: 3}]});
	t.teardown(() => {
		made.cleanup();
	});
	return made;
}

/** `hvtop report` in-process; its intervals pass on virtual time, moved on as it waits. */
async function report(argv: string[]) {
	const out = new PassThrough();
	const err = new PassThrough();
	let stdout = '';
	let stderr = '';
	out.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	err.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const time = virtualTime();
	const step = setInterval(() => {
		if (time.pending() > 0) {
			time.advance(1000);
		}
	}, 5);
	try {
		const code = await runReportCommand(argv, {stdin: new PassThrough(), stdout: out, stderr: err, env: {}}, {createSource, clock: time.clock, timers: time.timers});
		return {code, stdout, stderr};
	} finally {
		clearInterval(step);
	}
}

/** The archive unpacked with tar; the one directory it holds. */
function unpack(t: ExecutionContext, file: string): string {
	const into = temp(t);
	const tar = spawnSync('tar', ['-xzf', file, '-C', into], {encoding: 'utf8', timeout: 60_000});
	t.is(tar.status, 0, tar.stderr);
	const [top, ...more] = readdirSync(into);
	t.is(more.length, 0, 'one directory in the archive');
	return path.join(into, top!);
}

/** `hvtop --json --count 1` on a machine: one JSON object per device, without what changes between runs (time, the source's label). */
async function deviceFacts(flags: Record<string, string | boolean>): Promise<unknown[]> {
	const options = parseOptions({json: true, count: '1', interval: '0.1', live: true, ...flags});
	if (!options.ok) {
		throw new Error(options.error.message);
	}

	const source = await openSource(options.value);
	if (!source.ok) {
		throw new Error(source.error.message);
	}

	let text = '';
	const stdout = new PassThrough();
	stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	try {
		await runBatch(source.value, options.value, manualClock(1000), {stdout, columns: 100, wallTime: () => new Date(0)});
	} finally {
		await source.value.close();
	}

	return text.trim().split('\n').map(line => {
		const {time: _time, source: _source, ...facts} = JSON.parse(line) as Record<string, unknown>;
		return facts;
	});
}

test('a synthetic guest: the archive re-reads through the root options as the same devices, VF and counters', async t => {
	const guest = machine(t);
	const file = path.join(temp(t), 'ticket.tar.gz');
	const run = await report([file, '--live', '--sysfs-root', guest.sysfsRoot, '--procfs-root', guest.procfsRoot, '--ethtool', guest.ethtool, '--intervals', '2']);
	t.is(run.code, exitCodes.ok, run.stderr);
	const size = statSync(file).size;
	t.regex(run.stdout, new RegExp(`wrote ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KiB\\)`), 'it says what it wrote and its size');
	t.true(size > 1000);
	t.false(guest.calls().some(call => /^-[LGXNC] /.test(call)), `only reads: ${guest.calls().join(', ')}`);

	const dir = unpack(t, file);
	const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {devices: string[]; vfs: string[]; intervals: number; versions: Record<string, unknown>; ethtool: Array<{args: string[]; exitCode: number}>};
	t.deepEqual(manifest.devices, ['eth0', 'eth1']);
	t.deepEqual(manifest.vfs, ['enP30832s1']);
	t.is(manifest.intervals, 2);
	t.is(typeof manifest.versions['hvtop'], 'string');
	t.is(typeof manifest.versions['kernel'], 'string');
	for (const op of ['-i', '-l', '-g', '-S', '-x', '-k', '-c']) {
		for (const dev of ['eth0', 'enP30832s1']) {
			t.true(manifest.ethtool.some(answer => answer.args.join(' ') === `${op} ${dev}`), `ethtool ${op} ${dev} captured`);
		}
	}

	// Hv_netvsc's send table, as the live source reads it: the devices' -d, never the VF's.
	t.true(manifest.ethtool.some(answer => answer.args.join(' ') === '-d eth0' && answer.exitCode === 0), 'ethtool -d eth0 captured');
	t.false(manifest.ethtool.some(answer => answer.args.join(' ') === '-d enP30832s1'));
	t.true(existsSync(path.join(dir, recordingName)));
	t.true(existsSync(path.join(dir, 'proc', 'interrupts')));
	t.true(existsSync(path.join(dir, 'sys', 'class', 'net', 'eth0', 'device', 'channels')));

	const original = await deviceFacts({sysfsRoot: guest.sysfsRoot, procfsRoot: guest.procfsRoot, ethtool: guest.ethtool});
	const reread = await deviceFacts({sysfsRoot: path.join(dir, 'sys'), procfsRoot: path.join(dir, 'proc'), ethtool: path.join(dir, 'ethtool', 'ethtool')});
	t.is(original.length, 2);
	t.deepEqual(reread, original);

	// The stand-in refuses every change: a report is for reading.
	const change = spawnSync(path.join(dir, 'ethtool', 'ethtool'), ['-L', 'eth0', 'combined', '2'], {encoding: 'utf8', timeout: 60_000});
	t.not(change.status, 0);
	t.regex(change.stderr, /no captured answer for: ethtool -L eth0 combined 2/);
});

test('the model: a recording that replays, the versions, no machine files', async t => {
	const file = path.join(temp(t), 'model.tar.gz');
	const run = await report([file, '--model', '--scenario', 'few-channels', '--device', 'eth0']);
	t.is(run.code, exitCodes.ok, run.stderr);
	const dir = unpack(t, file);
	t.deepEqual(readdirSync(dir).sort(), ['README', 'manifest.json', recordingName]);
	const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {source: {kind: string}; devices: string[]; intervals: number};
	t.is(manifest.source.kind, 'model');
	t.deepEqual(manifest.devices, ['eth0']);
	t.is(manifest.intervals, 3);
	const replayed = await deviceFacts({live: false, replay: path.join(dir, recordingName), device: 'eth0'});
	t.is(replayed.length, 1);
	t.like(replayed[0] as Record<string, unknown>, {device: 'eth0', driver: 'hv_netvsc', channels: {combined: 2}});
});

test('bad places: an existing file is never written over, a missing directory and no permission are clear; nothing is left behind', async t => {
	const dir = temp(t);
	const existing = path.join(dir, 'exists.tar.gz');
	writeFileSync(existing, 'keep me');
	let run = await report([existing, '--model']);
	t.is(run.code, exitCodes.usage);
	t.regex(run.stderr, /exists: a report is never written over/);
	t.is(readFileSync(existing, 'utf8'), 'keep me');

	run = await report([path.join(dir, 'no', 'such', 'r.tar.gz'), '--model']);
	t.is(run.code, exitCodes.usage);
	t.regex(run.stderr, /no such directory/);

	run = await report([dir, '--model']);
	t.not(run.code, exitCodes.ok);
	t.regex(run.stderr, /exists|is a directory/);

	// Root writes anywhere: a second user is not at hand here, so a read-only place stands in (the immutable flag).
	const locked = path.join(dir, 'locked');
	mkdirSync(locked);
	chmodSync(locked, 0o555);
	const immutable = spawnSync('chattr', ['+i', locked], {encoding: 'utf8'});
	if (immutable.status === 0) {
		t.teardown(() => spawnSync('chattr', ['-i', locked]));
		run = await report([path.join(locked, 'r.tar.gz'), '--model']);
		t.is(run.code, exitCodes.notPermitted, run.stderr);
		t.regex(run.stderr, /cannot write there \(permission denied\)/);
	}

	run = await report(['--model']);
	t.is(run.code, exitCodes.usage);
	t.regex(run.stderr, /name the archive to write/);
	run = await report([path.join(dir, 'x.tar.gz'), '--model', '--intervals', '0']);
	t.is(run.code, exitCodes.usage);
	t.regex(run.stderr, /--intervals must be a whole number from 1 to 60/);
	t.deepEqual(readdirSync(dir).sort(), ['exists.tar.gz', 'locked']);
});
