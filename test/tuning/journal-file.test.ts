// Issue 12 item 8: the journal's file mechanics. A torn last line must not
// swallow the next record, an unreadable journal is an error (never "no
// change pending"), and a journal that grew large is compacted, with appends
// that read a bounded tail instead of the whole file.
import {existsSync} from 'node:fs';
import {appendFile, mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import test from 'ava';
import {compactAboveBytes, readWindowBytes} from '../../source/tuning/journal-file.js';
import {lastChange, openJournal, type JournalRecord} from '../../source/tuning/journal.js';
import {selfIdentity} from '../../source/tuning/proc.js';
import {recoverDevice} from '../../source/tuning/recovery.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {createChange, step, type Change} from '../../source/tuning/states.js';
import {modelDevice} from './helpers/model-device.js';
import {rig, tempDir} from './helpers/setup.js';

const guard = {...selfIdentity(), mode: 'in-process' as const};
const plan = {dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, request: {combined: 8}, max: {combined: 8}, effects: [], warnings: []} as const;

const journaledChange = (id: string): Change =>
	step(createChange({id, dev: 'eth0', kind: 'channels', before: {combined: 4}, after: {combined: 8}, max: {combined: 8}, keepTimeoutMs: 1000}, 0), {type: 'journaled'}, 0);

test('a torn last line: the next record gets its own line and is read back', async t => {
	const dir = await tempDir(t);
	const journal = openJournal(dir);
	const first = journaledChange('aaaaaa');
	t.true((await journal.append(recordOf(first, {guard}, 'model', realClock, {combined: 8}))).ok);
	// A crash in the middle of writing the next record: no newline at the end.
	await appendFile(journal.file('eth0'), '{"v":1,"id":"aaaaaa","seq":2,"sta');
	const armed = step(first, {type: 'armed'}, 1);
	t.true((await journal.append(recordOf(armed, {guard}, 'model', realClock, {combined: 8}))).ok);
	const records = await journal.read('eth0');
	t.deepEqual(records.map(r => r.state), ['JOURNALED', 'ARMED'], 'the record after the torn line survives');
	t.is(records[1]?.seq, 2);
	const text = await readFile(journal.file('eth0'), 'utf8');
	t.true(text.endsWith('\n'));
	t.is(text.split('\n').length, 4, 'three lines: record, torn, record');
});

test('a journal that is a directory is an error, not an empty journal', async t => {
	const dir = await tempDir(t);
	const journal = openJournal(dir);
	await mkdir(journal.file('eth0'), {recursive: true});
	const loaded = await journal.load('eth0');
	t.false(loaded.ok);
	t.regex(loaded.ok ? '' : loaded.error.message, /cannot read the change journal .*eth0\.jsonl: not a regular file/);
	await t.throwsAsync(journal.read('eth0'), {message: /cannot read the change journal/});

	// Recovery says so instead of "nothing to do"; a new change is refused, nothing applied.
	const device = modelDevice();
	const {source} = device;
	const outcome = await recoverDevice('eth0', {journal, stateDir: dir, source, kmsg: false});
	t.is(outcome.kind, 'unresolved');
	t.regex(outcome.kind === 'unresolved' ? outcome.message : '', /not a regular file/);
	const {controller} = await rig(t, source, {stateDir: dir});
	const started = await controller.start(plan);
	t.false(started.ok);
	t.is(started.ok ? undefined : started.refusal.kind, 'journal');
	t.regex(started.ok ? '' : started.refusal.message, /cannot read the change journal.*nothing was changed/);
	t.is(device.sets.length, 0);
});

test('a journal whose tail holds no complete record (one huge garbage line) is an error', async t => {
	const dir = await tempDir(t);
	const journal = openJournal(dir);
	await mkdir(journal.dir, {recursive: true});
	await writeFile(journal.file('eth0'), Buffer.alloc(readWindowBytes + 10, 0x61));
	const loaded = await journal.load('eth0');
	t.false(loaded.ok);
	t.regex(loaded.ok ? '' : loaded.error.message, /no complete record in its last \d+ bytes/);
});

/** A journal of `bytes` of finished changes (each one JOURNALED … KEPT), as years of use would leave. */
async function bigJournal(file: string, bytes: number): Promise<number> {
	const lines: string[] = [];
	let size = 0;
	let n = 0;
	while (size < bytes) {
		const id = (0x10_0000 + n++).toString(16);
		let change = journaledChange(id);
		for (const event of [undefined, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: {combined: 8}}, {type: 'keep'}] as const) {
			change = event ? step(change, event, 0) : change;
			const line = JSON.stringify({v: 1, seq: change.history.length - 1, ts: '2026-01-01T00:00:00.000Z', boot_id: 'x', host: 'h', ...recordOf(change, {guard}, 'model', realClock, {combined: 8})});
			lines.push(line);
			size += line.length + 1;
		}
	}

	await writeFile(file, `${lines.join('\n')}\n`);
	return n;
}

test('a 50 MB journal: one change reads a bounded tail, compacts the file, and seq stays right', async t => {
	const device = modelDevice();
	const {source} = device;
	const {controller, dir} = await rig(t, source);
	const file = controller.journal.file('eth0');
	await mkdir(controller.journal.dir, {recursive: true});
	await bigJournal(file, 50 * 1024 * 1024);
	t.true((await stat(file)).size >= 50 * 1024 * 1024);
	const started = await controller.start(plan, {keepAtOnce: true});
	t.true(started.ok, started.ok ? '' : started.refusal.message);
	t.is((await controller.settled())?.state, 'KEPT');
	const {bytesRead, compactions} = controller.journal.stats;
	t.is(compactions, 1);
	// The whole change (start, recovery check, lock, 5 appends, stale-guard checks) read
	// less than the old code read for one append (the whole file, 50 MB).
	t.true(bytesRead < 8 * readWindowBytes, `${bytesRead} bytes read`);
	const size = (await stat(file)).size;
	t.true(size < compactAboveBytes + 64 * 1024, `compacted to ${size} bytes`);
	const records: JournalRecord[] = await openJournal(dir).read('eth0');
	const mine = records.filter(r => r.id === lastChange(records)?.id);
	t.deepEqual(mine.map(r => [r.seq, r.state]), [[1, 'JOURNALED'], [2, 'ARMED'], [3, 'APPLYING'], [4, 'VERIFYING'], [5, 'KEPT']]);
	t.true(records.length > mine.length, 'older changes are kept, up to a bound');
});

test('appends read a bounded tail, and the file is compacted as it grows', async t => {
	// On tmpfs when there is one: 500 fsyncs on a disk would make this test slow, not better.
	const dir = await tempDir(t, 'hvtop-journal-', existsSync('/dev/shm') ? '/dev/shm' : undefined);
	const journal = openJournal(dir);
	let reads = 0;
	for (let i = 0; i < 300; i++) {
		let change = journaledChange((0x20_0000 + i).toString(16));
		for (const event of [undefined, {type: 'armed'}, {type: 'revert', reason: 'admin'}] as const) {
			change = event ? step(change, event, 0) : change;
			const before = journal.stats.bytesRead;
			// eslint-disable-next-line no-await-in-loop
			const written = await journal.append(recordOf(change, {guard}, 'model', realClock, {combined: 8}));
			t.true(written.ok);
			reads = Math.max(reads, journal.stats.bytesRead - before);
		}
	}

	t.true(journal.stats.compactions >= 1);
	t.true(reads <= readWindowBytes, `largest read of one append: ${reads}`);
	t.true((await stat(journal.file('eth0'))).size < compactAboveBytes + 64 * 1024, 'compacted as it grew');
	t.is(lastChange(await journal.read('eth0'))?.seq, 3);
});
