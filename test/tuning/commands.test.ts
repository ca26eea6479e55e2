// `hvtop set` and `hvtop rollback` on plain output, in-process on the netvsc
// model and virtual time: one line per state and a documented exit status per outcome.
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {runRollbackCommand} from '../../source/commands/rollback.js';
import {parseSetArgs, runSetCommand, type CommandOptions} from '../../source/commands/set.js';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import type {Source} from '../../source/sources/source.js';
import {virtualTime, type VirtualTime} from '../helpers/virtual-timers.js';
import {modelDevice} from './helpers/model-device.js';
import {tempDir} from './helpers/setup.js';

type Io = {stdin: PassThrough; stdout: PassThrough; stderr: PassThrough; out(): string; err(): string};

function io(): Io {
	const stdin = new PassThrough();
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	return {stdin, stdout, stderr, out: () => out, err: () => err};
}

/** Run `hvtop set` on its own virtual time; `answer` runs once it asks "keep?". */
async function set(source: Source, dir: string, argv: string[], answer?: (streams: Io, time: VirtualTime) => void, extra: Partial<CommandOptions> = {}) {
	const streams = io();
	const time = virtualTime();
	const options: CommandOptions = {
		createSource: async () => ({ok: true, value: source}),
		controller: {stateDir: dir, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false, clock: time.clock, timers: time.timers},
		handleSignals: false,
		// Measuring before and after waits on virtual time: tests that want it say --measure.
		defaultMeasureMs: 0,
		...extra,
	};
	const running = runSetCommand(argv, {...streams, env: {}}, options);
	if (answer) {
		const poll = setInterval(() => {
			if (streams.out().includes('keep? [y/N]')) {
				clearInterval(poll);
				answer(streams, time);
			}
		}, 10);
		running.finally(() => clearInterval(poll)).catch(() => undefined);
	}

	const code = await running;
	return {code, out: streams.out(), err: streams.err(), time};
}

test('keep: one line per state, exit 0', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	const result = await set(source, dir, ['channels', 'eth0', '8'], s => s.stdin.write('y\n'));
	t.is(result.code, exitCodes.ok, result.err);
	const states = result.out.split('\n').map(line => line.split(/\s/)[0]).filter(word => /^[A-Z_]+$/.test(word ?? ''));
	t.deepEqual(states, ['MODEL', 'JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT']);
	t.regex(result.out.split('\n')[0]!, /^MODEL eth0 \(driver hv_netvsc\): the netvsc model, not this machine/, 'the first line names the world and the driver');
	t.regex(result.out, /eth0 channels: combined 4 → combined 8/);
	t.regex(result.out, /detached and re-added/);
	t.regex(result.out, /reverted unless kept within 30 s/);
	t.is(device.channels().combined, 8);
});

test('admin says no: exit 4', async t => {
	const device = modelDevice();
	const {source} = device;
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '8'], s => s.stdin.write('n\n'));
	t.is(result.code, exitCodes.reverted);
	t.regex(result.out, /REVERTED\s+eth0 channels: reverted to combined 4 \(the admin said no\)/);
	t.is(device.channels().combined, 4);
});

test('no answer: reverted at the deadline, exit 4', async t => {
	const {source} = modelDevice();
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '2', '--keep-timeout', '1'], (_streams, time) => {
		time.advance(999);
		t.is(time.pending(), 1, 'the deadline has not fired a moment before it');
		time.advance(1);
	});
	t.is(result.code, exitCodes.reverted);
	t.regex(result.out, /the deadline passed without keep/);
});

test('stdin at EOF counts as a lost session: reverted at once (explicit policy)', async t => {
	const {source} = modelDevice();
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '2', '--keep-timeout', '30'], s => s.stdin.end());
	t.is(result.code, exitCodes.reverted);
	t.regex(result.out, /the terminal session was lost/);
	t.true(result.time.clock.now() < 1000 + 1000, 'at once: the virtual clock moved only by the short pauses, never to the deadline');
});

test('--yes keeps at once, exit 0', async t => {
	const device = modelDevice();
	const {source} = device;
	const result = await set(source, await tempDir(t), ['rings', 'eth0', '--rx', '1024', '--tx=5', '--yes']);
	t.is(result.code, exitCodes.ok, result.err);
	t.regex(result.out, /kept rx 1024 tx 10 \(clamped by the driver\)/);
	t.regex(result.out, /tx 5 is below the driver's minimum/);
});

test('refused by the driver: exit 3 with its message, device unchanged', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'attach-fails', errno: 'EIO'});
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '8', '--yes']);
	t.is(result.code, exitCodes.refused);
	t.regex(result.out, /UNCHANGED.*the driver refused combined 8: Input\/output error; device unchanged at combined 4/);
	t.is(device.channels().combined, 4);
});

test('not permitted (EPERM from the driver): exit 7', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'fail', errno: 'EPERM'});
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '8', '--yes']);
	t.is(result.code, exitCodes.notPermitted);
});

test('read-back mismatch (host granted fewer): exit 4', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'grant-fewer', subChannels: 1});
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '8', '--yes']);
	t.is(result.code, exitCodes.reverted);
	t.regex(result.out, /the read-back did not match the request/);
});

test('revert failed: exit 5, loud on stderr', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'attach-and-restore-fail'});
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '8', '--yes']);
	t.is(result.code, exitCodes.revertFailed);
	t.regex(result.err, /^hvtop set: eth0 channels: REVERT FAILED .*\. The device could not be read back, it was combined 4\. Recover by hand: ethtool -L eth0 combined 4, then check with: hvtop --device eth0 --once$/m);
	t.is(`${result.out}${result.err}`.match(/REVERT FAILED/g)?.length, 1, 'said once');
});

test('journal not writable: exit 9, nothing applied', async t => {
	const device = modelDevice();
	const {source} = device;
	const result = await set(source, '/proc/version/nope', ['channels', 'eth0', '8', '--yes']);
	t.is(result.code, exitCodes.notStarted, result.err);
	t.regex(result.err, /nothing was changed/);
	t.is(device.sets.length, 0);
});

test('unchanged is not an error: exit 0 with a message', async t => {
	const result = await set(modelDevice().source, await tempDir(t), ['channels', 'eth0', '4']);
	t.is(result.code, exitCodes.ok);
	t.regex(result.out, /already has 4 combined channels; nothing to change/);
});

test('usage errors and bad values: exit 2, nothing started', async t => {
	const dir = await tempDir(t);
	for (const argv of [
		['channels', 'eth0', '0'],
		['channels', 'eth0', '9'],
		['channels', 'eth0', 'abc'],
		['channels', 'eth0'],
		['rings', 'eth0'],
		['rings', 'eth0', '--rx', '20000'],
		['channels', '-eth0', '2'],
		['bogus', 'eth0', '1'],
		['channels', 'eth0', '2', '--keep-timeout', '0'],
		['channels', 'eth0', '2', '--frobnicate'],
	]) {
		const device = modelDevice();
		const {source} = device;
		// eslint-disable-next-line no-await-in-loop
		const result = await set(source, dir, argv);
		t.is(result.code, exitCodes.usage, argv.join(' '));
		t.regex(result.err, /^hvtop set: /, argv.join(' '));
		t.is(device.sets.length, 0);
	}
});

test('parseSetArgs reads flags in both spellings', t => {
	t.like(parseSetArgs(['rings', 'eth0', '--rx=100', '--tx', '200', '-y', '--keep-timeout=5', '--live']), {kind: 'rings', input: {rx: '100', tx: '200'}, yes: true, keepTimeoutMs: 5000, live: true});
	t.is(typeof parseSetArgs(['channels', 'eth0', '2', '--live', '--model']), 'string');
});

test('a live source as non-root: exit 7 before anything is attempted', async t => {
	const device = modelDevice({kind: 'live'});
	const {source} = device;
	const result = await set(source, await tempDir(t), ['channels', 'eth0', '8'], undefined, {isRoot: () => false});
	t.is(result.code, exitCodes.notPermitted);
	t.regex(result.err, /needs root/);
	t.is(device.sets.length, 0);
});

test('another change pending: exit 6 with its id and time left', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	// Same process, same dir: the first change holds the device while it waits for keep.
	let second: Awaited<ReturnType<typeof set>> | undefined;
	const first = await set(source, dir, ['channels', 'eth0', '8'], async streams => {
		second = await set(source, dir, ['channels', 'eth0', '2']);
		streams.stdin.write('n\n');
	});
	t.is(second?.code, exitCodes.locked, `${second?.out ?? ''}${second?.err ?? ''}`);
	t.regex(second?.err ?? '', /change [\da-f]+ pending on eth0, \d+ s left/);
	t.is(first.code, exitCodes.reverted);
	t.regex(first.out, /the admin said no/);
});

test('rollback: nothing to roll back; a bad option is a usage error', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	const streams = io();
	const options: CommandOptions = {createSource: async () => ({ok: true, value: source}), controller: {stateDir: dir, kmsg: false, revertDelaysMs: [10]}};
	t.is(await runRollbackCommand([], {...streams, env: {}}, options), exitCodes.ok);
	t.regex(streams.out(), /nothing to roll back/);
	t.is(await runRollbackCommand(['eth0', '--bogus'], {...streams, env: {}}, options), exitCodes.usage);
});

async function onModel(t: import('ava').ExecutionContext, fault: Parameters<ModelSource['injectFault']>[1], argv: string[]) {
	const made = createModelSource({scenario: 'few-channels', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	made.value.injectFault('eth0', fault);
	const streams = io();
	const code = await runSetCommand(argv, {...streams, env: {}}, {
		createSource: async () => made,
		controller: {stateDir: await tempDir(t), verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false},
		handleSignals: false,
		// Measuring before and after waits on virtual time: tests that want it say --measure.
		defaultMeasureMs: 0,
	});
	return {code, out: streams.out(), err: streams.err()};
}

test('the host grants fewer sub-channels (model): the output says it granted 4 of 7, exit 4', async t => {
	const result = await onModel(t, {kind: 'grant-fewer', subChannels: 4}, ['channels', 'eth0', '8', '--model', '--yes']);
	t.is(result.code, exitCodes.reverted, result.err);
	t.regex(result.out, /REVERTED +eth0 channels: reverted to combined \d+ \(the read-back did not match the request: the host granted 4 of 7 sub-channels \(combined 5, asked 8\)\)/);
});

test('a drain timeout (model): says TX is stopped and the device needs attention, not "device unchanged"', async t => {
	const result = await onModel(t, {kind: 'drain-timeout'}, ['channels', 'eth0', '4', '--model', '--yes']);
	t.is(result.code, exitCodes.refused, result.err);
	t.regex(result.out, /UNCHANGED +eth0 channels: the driver timed out draining the queues.*but TX is stopped: eth0 needs attention/);
	t.notRegex(result.out, /device unchanged/);
});
