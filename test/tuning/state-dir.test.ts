// Where change state lives and who may touch it (issue 12 items 4 and 10,
// issue 13 §3): a private model state dir, no writes through planted links,
// state dirs of other users refused, HVTOP_STATE_DIR checked, socket paths
// that fit. The permission cases use a real second user made by the test.
import {execFile} from 'node:child_process';
import {chmod, chown, mkdir, readdir, readFile, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {runRollbackCommand} from '../../source/commands/rollback.js';
import {createController} from '../../source/tuning/controller.js';
import {openJournal} from '../../source/tuning/journal.js';
import {acquireLock, addHolder, lockFile} from '../../source/tuning/lock.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step} from '../../source/tuning/states.js';
import {createSecondUser, secondUserSkipReason} from '../helpers/second-user.js';
import {modelDevice} from './helpers/model-device.js';
import {tempDir} from './helpers/setup.js';

const skip = secondUserSkipReason();
const perm = skip ? test.skip : test.serial;
if (skip) {
	test('permission tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

const plan = {dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 2}, request: {combined: 2}, max: {combined: 8}, effects: [], warnings: []} as const;
const fast = {keepTimeoutMs: 1000, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false as const};
const cli = path.resolve('cli.tsx');
const tsx = import.meta.resolve('tsx');

async function secretFile(t: Parameters<typeof tempDir>[0]): Promise<string> {
	const file = path.join(await tempDir(t, 'hvtop-secret-'), 'root-only');
	await writeFile(file, 'secret\n', {mode: 0o600});
	return file;
}

async function worldTmp(t: Parameters<typeof tempDir>[0]): Promise<string> {
	const tmp = await tempDir(t, 'hvtop-tmp-');
	await chmod(tmp, 0o1777);
	return tmp;
}

perm('item 4: a model change never writes through a path another user planted in the temp dir', async t => {
	const user = await createSecondUser(t);
	const tmp = await worldTmp(t);
	const secret = await secretFile(t);
	// The other user prepares what the model's state dir used to be ($TMPDIR/hvtop/model-<pid>).
	const planted = path.join(tmp, 'hvtop', `model-${process.pid}`, 'journal');
	for (const argv of [['mkdir', '-p', planted], ['ln', '-s', secret, path.join(planted, 'eth0.jsonl')]]) {
		// eslint-disable-next-line no-await-in-loop
		const result = await user.run(argv);
		t.is(result.exitCode, 0, result.stderr);
	}

	const saved = process.env['TMPDIR'];
	process.env['TMPDIR'] = tmp;
	t.teardown(() => {
		if (saved === undefined) {
			delete process.env['TMPDIR'];
		} else {
			process.env['TMPDIR'] = saved;
		}
	});
	const controller = createController({source: modelDevice().source, env: {TMPDIR: tmp}, ...fast});
	t.teardown(async () => controller.close());
	const started = await controller.start(plan, {keepAtOnce: true});
	t.true(started.ok, started.ok ? '' : started.refusal.message);
	t.is((await controller.settled())?.state, 'KEPT');
	t.is(await readFile(secret, 'utf8'), 'secret\n', 'root-only file untouched');
	t.false(controller.stateDir.startsWith(`${path.join(tmp, 'hvtop')}/`), controller.stateDir);
	t.is((await stat(controller.stateDir)).mode & 0o777, 0o700);
	t.is((await stat(controller.stateDir)).uid, 0);
});

perm('item 4: a state dir that belongs to another user is refused, and nothing is written there', async t => {
	const user = await createSecondUser(t);
	const dir = await tempDir(t);
	await chown(dir, user.uid, user.gid);
	for (const source of [modelDevice().source, modelDevice({kind: 'live'}).source]) {
		const controller = createController({source, env: {HVTOP_STATE_DIR: dir}, guard: 'in-process', isRoot: () => true, ...fast});
		// eslint-disable-next-line no-await-in-loop
		const started = await controller.start(plan, {keepAtOnce: true});
		t.false(started.ok);
		if (!started.ok) {
			t.is(started.refusal.kind, 'journal');
			t.regex(started.refusal.message, new RegExp(`refusing the state directory ${dir}.*belongs to uid ${user.uid}, not to uid 0; nothing was changed`));
		}

		// eslint-disable-next-line no-await-in-loop
		await controller.close();
	}

	t.deepEqual(await readdir(dir), []);
});

perm('item 4 / item 13: an existing state dir others can write is tightened to 0700 before use', async t => {
	const dir = await tempDir(t);
	await chmod(dir, 0o777);
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	const controller = createController({source, env: {HVTOP_STATE_DIR: dir}, guard: 'in-process', isRoot: () => true, ...fast});
	t.teardown(async () => controller.close());
	const started = await controller.start(plan, {keepAtOnce: true});
	t.true(started.ok, started.ok ? '' : started.refusal.message);
	t.is((await controller.settled())?.state, 'KEPT');
	t.is((await stat(dir)).mode & 0o777, 0o700);
	t.is((await stat(controller.stateDir)).mode & 0o777, 0o700);
	t.true(controller.stateDir.startsWith(`${dir}/net-`), controller.stateDir);
});

function runAs(argv: readonly string[], env: Readonly<Record<string, string>>): Promise<{code: number | null; output: string}> {
	const [file, ...args] = argv;
	return new Promise(resolve => {
		execFile(file!, args, {timeout: 60_000, env: {...process.env, ...env}}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout + stderr});
		});
	});
}

perm('issue 13 §3: a non-root user rehearses model changes after root has used hvtop', async t => {
	const user = await createSecondUser(t);
	const tmp = await worldTmp(t);
	const argv = [process.execPath, `--import=${tsx}`, cli, 'set', 'channels', 'eth0', '4', '--model', '--yes'];
	const root = await runAs(argv, {TMPDIR: tmp});
	t.is(root.code, 0, root.output);
	const other = await user.run(argv, {env: {TMPDIR: tmp}, cwd: process.cwd(), timeoutMs: 60_000});
	t.is(other.exitCode, 0, other.stdout + other.stderr);
	t.regex(other.stdout, /KEPT/);
	t.deepEqual((await readdir(tmp)).filter(name => name.startsWith('hvtop')), [], 'each run removed its private dir');
});

test('item 4: a journal append never follows a link planted where the journal should be', async t => {
	const dir = await tempDir(t);
	const secret = await secretFile(t);
	await mkdir(path.join(dir, 'journal'), {mode: 0o700});
	await symlink(secret, path.join(dir, 'journal', 'eth0.jsonl'));
	const change = step(createChange({id: 'abcdef', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 2}, max: {combined: 8}, keepTimeoutMs: 1000}, 0), {type: 'journaled'}, 0);
	const written = await openJournal(dir).append(recordOf(change, {guard: {...selfIdentity(), mode: 'in-process'}}, 'model', realClock, {combined: 2}));
	t.false(written.ok);
	if (!written.ok) {
		t.is(written.error.code, 'ELOOP');
	}

	t.is(await readFile(secret, 'utf8'), 'secret\n');
});

test('item 4: the lock\'s temp file never follows a link', async t => {
	const dir = await tempDir(t);
	const secret = await secretFile(t);
	const me = selfIdentity();
	t.true((await acquireLock(dir, {id: 'abcdef', dev: 'eth0', holders: [me]})).ok);
	await symlink(secret, `${lockFile(dir, 'eth0')}.${process.pid}.tmp`);
	t.true(await addHolder(dir, 'eth0', 'abcdef', {pid: 1, starttime: 1}));
	t.is(await readFile(secret, 'utf8'), 'secret\n');
	t.is(JSON.parse(await readFile(lockFile(dir, 'eth0'), 'utf8')).holders.length, 2);
});

test.serial('item 10: an empty or relative HVTOP_STATE_DIR is a clear error, for set and rollback alike', async t => {
	// Run from an empty directory: nothing may appear in it.
	const cwd = await tempDir(t);
	const saved = process.cwd();
	process.chdir(cwd);
	t.teardown(() => {
		process.chdir(saved);
	});
	for (const value of ['', 'state', './state']) {
		const controller = createController({source: modelDevice({kind: 'live'}).source, env: {HVTOP_STATE_DIR: value}, guard: 'in-process', isRoot: () => true, ...fast});
		// eslint-disable-next-line no-await-in-loop
		const started = await controller.start(plan, {keepAtOnce: true});
		t.false(started.ok, value);
		if (!started.ok) {
			t.regex(started.refusal.message, new RegExp(`HVTOP_STATE_DIR must be an absolute path, got ${JSON.stringify(JSON.stringify(value)).slice(1, -1).replaceAll('.', '\\.')}`));
		}

		let stderr = '';
		const io = {stdin: process.stdin, stdout: {write: () => true}, stderr: {write(s: string) {
			stderr += s;
			return true;
		}}, env: {HVTOP_STATE_DIR: value}} as never;
		// eslint-disable-next-line no-await-in-loop
		const code = await runRollbackCommand([], io, {createSource: async () => ({ok: true, value: modelDevice().source})});
		t.is(code, 2, value);
		t.regex(stderr, /HVTOP_STATE_DIR must be an absolute path/);
	}

	t.deepEqual(await readdir(cwd), []);
});

test('item 10: a state dir too long for the guard\'s socket is refused before anything runs', async t => {
	const base = await tempDir(t);
	const long = path.join(base, 'x'.repeat(90));
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	const controller = createController({source, env: {HVTOP_STATE_DIR: long}, guard: 'process', guardCommand: ['/bin/false'], useSystemd: false, isRoot: () => true, ...fast});
	const started = await controller.start(plan, {keepAtOnce: true});
	t.false(started.ok);
	if (!started.ok) {
		t.is(started.refusal.kind, 'guard');
		t.regex(started.refusal.message, /the guard's socket path .* is \d+ bytes, longer than the 107 a Unix socket allows; set HVTOP_STATE_DIR to a shorter directory; nothing was changed/);
	}

	t.is(device.sets.length, 0);
	await controller.close();
});
