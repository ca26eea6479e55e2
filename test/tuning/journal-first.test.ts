// Issue 12 item 3: journal first, enforced. The guard's engine runs ethtool
// only once the APPLYING record is fsync'd, and stops (applies nothing) when
// that append fails; recovery decides every non-final state by reading the
// device back, so a change whose records were lost is still undone, and
// `rollback` never says "not applied" while the device holds the change.
// (The same on a real full tmpfs and a real veth: veth-journal.test.ts.)
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {runRollbackCommand} from '../../source/commands/rollback.js';
import {openJournal, type GuardIdentity, type Journal} from '../../source/tuning/journal.js';
import {recoverDevice} from '../../source/tuning/recovery.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createRunner} from '../../source/tuning/runner.js';
import {scopeOf} from '../../source/tuning/scope.js';
import {inProcessNeeds} from '../../source/sources/source.js';
import {createChange, step, type Change, type ChangeEvent} from '../../source/tuning/states.js';
import type {ChangeState} from '../../source/tuning/types.js';
import {fail} from '../../source/types.js';
import type {Source} from '../../source/sources/source.js';
import {modelDevice} from './helpers/model-device.js';
import {tempDir} from './helpers/setup.js';

// Same pid, wrong start time: a guard that died.
const deadGuard: GuardIdentity = {pid: process.pid, starttime: 1, mode: 'process'};
const request = {combined: 8};

const newChange = (): Change => createChange({id: 'c0ffee', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs: 30_000}, realClock.now());

/** A journal whose appends of the given states fail, as on a full disk. */
function failing(journal: Journal, states: readonly ChangeState[]): Journal {
	return {
		...journal,
		async append(input) {
			return states.includes(input.state) ? fail({code: 'ENOSPC', errno: 28, message: `cannot write the change journal ${journal.file(input.dev)}: No space left on device`}) : journal.append(input);
		},
	};
}

async function armedRunner(dir: string, source: Source, failStates: readonly ChangeState[]) {
	const journal = failing(openJournal(dir), failStates);
	const journaled = step(newChange(), {type: 'journaled'}, realClock.now());
	await journal.append(recordOf(journaled, {guard: deadGuard}, 'model', realClock, request));
	const runner = createRunner(journaled, request, {source, journal, guard: {...deadGuard, starttime: 2}, verifyDelaysMs: [5], revertDelaysMs: [5], kmsg: false});
	return {runner, armed: await runner.arm()};
}

test('the APPLYING record cannot be written: nothing is applied, the change ends ABORTED (journal)', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	const {runner, armed} = await armedRunner(dir, source, ['APPLYING']);
	t.true(armed);
	await runner.apply();
	const final = await runner.done;
	t.is(device.sets.length, 0, 'ethtool never ran');
	t.is(final.state, 'ABORTED');
	t.is(final.reason, 'journal');
	t.regex(final.error?.message ?? '', /No space left on device; nothing was applied/);
	t.is(device.channels().combined, 4);
});

test('the AWAIT_CONFIRM record cannot be written: the change is undone at once, not left waiting', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	const {runner} = await armedRunner(dir, source, ['AWAIT_CONFIRM']);
	await runner.apply();
	const final = await runner.done;
	t.is(final.state, 'REVERTED');
	t.is(final.reason, 'journal');
	t.is(device.channels().combined, 4);
});

test('the KEPT record cannot be written: the keep is told, with the warning that the next start reverts it', async t => {
	const dir = await tempDir(t);
	const device = modelDevice();
	const {source} = device;
	const {runner} = await armedRunner(dir, source, ['KEPT']);
	await runner.apply();
	t.is(runner.current().state, 'AWAIT_CONFIRM');
	runner.keep();
	const final = await runner.done;
	t.is(final.state, 'KEPT');
	t.regex(final.error?.message ?? '', /^not journaled \(.*No space left on device\): the next hvtop start will revert it$/);
});

const path: Array<[ChangeEvent, ChangeState]> = [
	[{type: 'journaled'}, 'JOURNALED'],
	[{type: 'armed'}, 'ARMED'],
	[{type: 'apply'}, 'APPLYING'],
];

/** The journal as a crash (or a failed append) left it: records up to `until`. */
async function journalUpTo(dir: string, until: ChangeState): Promise<void> {
	// Stamped with the model's scope, as the model's controller stamps its records.
	const journal = openJournal(dir, scopeOf({needs: inProcessNeeds}));
	let change = newChange();
	for (const [event, state] of path) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		await journal.append(recordOf(change, {guard: deadGuard}, 'model', realClock, request));
		if (state === until) {
			return;
		}
	}
}

for (const state of ['JOURNALED', 'ARMED', 'APPLYING'] as const) {
	test(`recovery of a change last journaled ${state} whose device holds the new value: reverted`, async t => {
		const dir = await tempDir(t);
		const device = modelDevice({combined: 8});
		const {source} = device;
		await journalUpTo(dir, state);
		const outcome = await recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, revertDelaysMs: [5], kmsg: false});
		t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, 'REVERTED');
		t.is(device.channels().combined, 4);
		t.deepEqual(device.sets.map(s => s.request), [{combined: 4}]);
	});

	test(`recovery of a change last journaled ${state} whose device is unchanged: nothing run`, async t => {
		const dir = await tempDir(t);
		const device = modelDevice();
		const {source} = device;
		await journalUpTo(dir, state);
		const outcome = await recoverDevice('eth0', {journal: openJournal(dir), stateDir: dir, source, kmsg: false});
		t.is(outcome.kind === 'resolved' ? outcome.change.state : outcome.kind, state === 'APPLYING' ? 'REVERTED' : 'ABORTED');
		t.is(device.sets.length, 0);
	});
}

test('rollback of a change journaled ARMED on a changed device: reverts it; never "not applied" with exit 0', async t => {
	const dir = await tempDir(t);
	const device = modelDevice({combined: 8});
	const {source} = device;
	await journalUpTo(dir, 'ARMED');
	const stdout = new PassThrough();
	let out = '';
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	// The change was journaled on the model (source 'model'): rollback reaches it only with --model (issue 13).
	const code = await runRollbackCommand(['eth0', '--model'], {stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}}, {
		createSource: async () => ({ok: true, value: source}),
		controller: {stateDir: dir, kmsg: false, revertDelaysMs: [5]},
	});
	t.is(code, exitCodes.ok, out);
	t.notRegex(out, /not applied/);
	t.regex(out, /reverted to combined 4/);
	t.is(device.channels().combined, 4);
});
