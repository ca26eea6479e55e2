// `hvtop set vf-channels|vf-rings|vf-coalesce` and `hvtop rollback` of a VF
// change on plain output, against the VF rig on virtual time: the arguments
// (bad input is one line and exit 2), the plan, keep, the lost outcome (exit
// 10) and a rollback that reverts on the same VF instance.
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {runRollbackCommand} from '../../source/commands/rollback.js';
import {parseSetArgs, runSetCommand, setUsage, type CommandOptions} from '../../source/commands/set.js';
import {openJournal, type GuardIdentity} from '../../source/tuning/journal.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {currentNetns} from '../../source/tuning/scope.js';
import {createChange, step} from '../../source/tuning/states.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {virtualTime} from '../helpers/virtual-timers.js';
import {vfName, vfRig, type VfRig} from '../helpers/vf-source.js';
import {tempDir} from './helpers/setup.js';

type Streams = {stdin: PassThrough; stdout: PassThrough; stderr: PassThrough; out(): string; err(): string};

function streams(): Streams {
	const made = {stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough()};
	let out = '';
	let err = '';
	made.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	made.stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	return {...made, out: () => out, err: () => err};
}

const optionsFor = (vf: VfRig, dir: string): CommandOptions => {
	const time = virtualTime();
	return {
		createSource: async () => ({ok: true, value: vf.source}),
		controller: {stateDir: dir, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false, clock: time.clock, timers: time.timers},
		handleSignals: false,
		// Measuring before and after waits on virtual time: tests that want it say --measure.
		defaultMeasureMs: 0,
	};
};

/** `hvtop set …`; `answer` runs once it asks "keep?". */
async function set(vf: VfRig, dir: string, argv: string[], answer?: (io: Streams) => void) {
	const io = streams();
	const running = runSetCommand(argv, {...io, env: {}}, optionsFor(vf, dir));
	const poll = setInterval(() => {
		if (answer && io.out().includes('keep? [y/N]')) {
			clearInterval(poll);
			answer(io);
		}
	}, 10);
	const code = await running.finally(() => clearInterval(poll));
	return {code, out: io.out(), err: io.err()};
}

test('set arguments: the VF kinds take the syntax of the synthetic ones', t => {
	t.like(parseSetArgs(['vf-channels', 'eth0', '8']), {kind: 'vf-channels', dev: 'eth0', input: {count: '8'}});
	t.like(parseSetArgs(['vf-rings', 'eth0', '--rx', '2048', '--tx=512']), {kind: 'vf-rings', input: {rx: '2048', tx: '512'}});
	t.like(parseSetArgs(['vf-coalesce', 'eth0', '--rx-cqe-frames', '4', '--yes']), {kind: 'vf-coalesce', input: {rxCqeFrames: '4'}, yes: true});
	t.is(parseSetArgs(['vf-channels', 'eth0']), 'give the VF channel count: hvtop set vf-channels DEV N');
	t.is(parseSetArgs(['vf-channels', 'eth0', '8', '--rx', '4']), '--rx/--tx are for vf-rings; vf-channels take one count');
	t.is(parseSetArgs(['vf-rings', 'eth0', '--rx-cqe-frames', '4']), '--rx-cqe-frames is not an option of vf-rings');
	t.is(parseSetArgs(['rings', 'eth0', '--rx-cqe-frames', '4']), '--rx-cqe-frames is not an option of rings');
	t.is(parseSetArgs(['vf-coalesce', 'eth0', '4']), 'unexpected argument "4"');
	t.is(parseSetArgs(['vf-queues', 'eth0', '4']), 'cannot set "vf-queues": only channels, rings, vf-channels, vf-rings, vf-coalesce, rss, vf-rss, flow-hash, channel-cpu, irq-cpu');
	t.regex(setUsage, /hvtop set vf-coalesce DEV --rx-cqe-frames N \[--yes]/);
});

test('set vf-channels --yes: planned, applied to the VF, kept (exit 0)', async t => {
	const vf = vfRig();
	const result = await set(vf, await tempDir(t), ['vf-channels', 'eth0', '8', '--yes']);
	t.is(result.code, exitCodes.ok, result.err);
	t.regex(result.out, new RegExp(`VF channels of ${vfName} \\(the VF of eth0\\): combined 16 → combined 8\\n  - the mana driver re-creates ${vfName}'s queues`));
	t.regex(result.out, new RegExp(`VF channels of ${vfName} \\(the VF of eth0\\): kept combined 8`));
	t.is(vf.vf.settings.channels, 8);
});

test('set: bad values are one line on stderr and exit 2; no VF is exit 3', async t => {
	const dir = await tempDir(t);
	const bad = await set(vfRig(), dir, ['vf-coalesce', 'eth0', '--rx-cqe-frames', '2']);
	t.is(bad.code, exitCodes.usage);
	t.is(bad.err, 'hvtop set: rx-cqe-frames must be 1 or 4 on mana; 2 asked\n');
	const tooMany = await set(vfRig(), dir, ['vf-rings', 'eth0', '--rx', 'lots']);
	t.is(tooMany.code, exitCodes.usage);
	t.is(tooMany.err.split('\n').length, 2, 'one line');
	const usage = await set(vfRig(), dir, ['vf-rings', 'eth0', '--tx']);
	t.is(usage.code, exitCodes.usage);
	t.is(usage.err, 'hvtop set: --tx needs a value (see hvtop set --help)\n');
	const away = vfRig();
	away.service({stayAway: true});
	const none = await set(away, dir, ['vf-channels', 'eth0', '8']);
	t.is(none.code, exitCodes.refused);
	t.regex(none.err, /^hvtop set: eth0's VF enP30832s1 cannot be read now/);
	t.is(away.sets.length, 0);
});

test('set: the VF is serviced while it asks keep; the answer is too late: lost, exit 10', async t => {
	const vf = vfRig();
	const result = await set(vf, await tempDir(t), ['vf-rings', 'eth0', '--rx', '4096'], io => {
		vf.service();
		io.stdin.write('y\n');
	});
	t.is(result.code, exitCodes.lost, result.out + result.err);
	t.regex(result.out, /LOST, neither kept nor reverted/);
	t.is(vf.vf.settings.rxRing, 1024);
	t.deepEqual(vf.sets.map(s => s.instance), [1]);
});

const deadGuard: GuardIdentity = {pid: process.pid, starttime: 1, mode: 'in-process'};

async function journalWaiting(dir: string): Promise<void> {
	const journal = openJournal(dir, {netns: currentNetns()});
	let change = createChange({id: 'facade', dev: 'eth0', kind: 'vf-rings', vf: {name: vfName, instance: 1}, before: {rx: 1024, tx: 256}, after: {rx: 4096, tx: 256}, max: {rx: 8192, tx: 16_384}, keepTimeoutMs: 30_000}, realClock.now());
	for (const event of [{type: 'journaled'}, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: {rx: 4096, tx: 256}}] as const) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		await journal.append(recordOf(change, {guard: deadGuard}, 'model', realClock, {rx: 4096}));
	}
}

test('rollback of a VF change whose hvtop died: reverted on its VF (exit 0); after servicing: lost (exit 10)', async t => {
	for (const serviced of [false, true]) {
		// eslint-disable-next-line no-await-in-loop
		const dir = await tempDir(t);
		const vf = vfRig();
		t.true(vf.vf.setRings({rx: 4096}).ok);
		// eslint-disable-next-line no-await-in-loop
		await journalWaiting(dir);
		if (serviced) {
			vf.service();
		}

		const io = streams();
		// eslint-disable-next-line no-await-in-loop
		const code = await runRollbackCommand(['eth0', '--model'], {...io, env: {}}, optionsFor(vf, dir));
		t.is(code, serviced ? exitCodes.lost : exitCodes.ok, io.out() + io.err());
		t.regex(io.out(), serviced ? /LOST, neither kept nor reverted/ : /reverted to rx 1024 tx 256/);
		t.is(vf.vf.settings.rxRing, 1024, serviced ? "the new VF keeps its default" : "restored");
		t.deepEqual(vf.sets.map(s => s.instance), serviced ? [] : [1]);
	}
});
