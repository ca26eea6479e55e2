// Issue 12 item 8 on a real full filesystem: a small tmpfs mounted by the test
// (root only). A record that only partly fits is a failed write — reported,
// and the part that was written is cut off again so the journal stays whole.
import {appendFile, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {mountTmpfs, tmpfsSkipReason} from '../helpers/tmpfs.js';
import {openJournal} from '../../source/tuning/journal.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step} from '../../source/tuning/states.js';

const skip = await tmpfsSkipReason();
const rooted = skip ? test.skip : test.serial;
if (skip) {
	test('tmpfs tests skipped', t => {
		t.log(skip);
		t.pass();
	});
}

const guard = {...selfIdentity(), mode: 'in-process' as const};

/** Fill every free page of the filesystem. */
async function fill(file: string): Promise<void> {
	for (let chunk = 65_536; chunk >= 4096; chunk /= 2) {
		try {
			for (;;) {
				// eslint-disable-next-line no-await-in-loop
				await appendFile(file, Buffer.alloc(chunk));
			}
		} catch {}
	}
}

rooted('a short write on a full disk is a failed append, and its partial line is cut off', async t => {
	const dir = await mountTmpfs(t, 64);
	const journal = openJournal(dir);
	let change = step(createChange({id: 'aaaaaa', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs: 1000}, 0), {type: 'journaled'}, 0);
	t.true((await journal.append(recordOf(change, {guard}, 'live', realClock, {combined: 8}))).ok);
	// Leave 100 bytes in the journal's last page, then fill every other page.
	const file = journal.file('eth0');
	const used = (await stat(file)).size;
	await appendFile(file, `${' '.repeat(4096 - used - 101)}\n`);
	const size = (await stat(file)).size;
	t.is(size % 4096, 4096 - 100);
	await fill(path.join(dir, 'filler'));

	change = step(change, {type: 'armed'}, 1);
	const armed = recordOf(change, {guard}, 'live', realClock, {combined: 8});
	const written = await journal.append(armed);
	t.false(written.ok, 'a record that did not fit is not a success');
	t.regex(written.ok ? '' : written.error.message, /short write \(100 of \d+ bytes\)/);
	t.is((await stat(file)).size, size, 'the partial record was cut off again');
	t.deepEqual((await journal.read('eth0')).map(r => r.state), ['JOURNALED']);

	// Space again: the next append is whole and both records read back.
	await rm(path.join(dir, 'filler'));
	t.true((await journal.append(armed)).ok);
	t.deepEqual((await journal.read('eth0')).map(r => [r.seq, r.state]), [[1, 'JOURNALED'], [2, 'ARMED']]);
});

rooted('a full disk before the first record: the append fails and says why', async t => {
	const dir = await mountTmpfs(t, 16);
	await fill(path.join(dir, 'filler'));
	const journal = openJournal(dir);
	const change = step(createChange({id: 'bbbbbb', dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs: 1000}, 0), {type: 'journaled'}, 0);
	const written = await journal.append(recordOf(change, {guard}, 'live', realClock, {combined: 8}));
	t.false(written.ok);
	t.regex(written.ok ? '' : written.error.message, /cannot write the change journal .*(No space left on device|ENOSPC)/);
});
