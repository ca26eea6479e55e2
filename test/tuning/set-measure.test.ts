// `hvtop set --measure`: before → after on the model with virtual time. On
// few-channels eth0 has 2 channels on 16 vCPUs with 700k rx + 450k tx packets/s
// offered: 2 queues cannot carry it (their CPUs saturate, packets are lost);
// 16 channels carry all of it.
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {runSetCommand} from '../../source/commands/set.js';
import {createModelSource} from '../../source/sources/model.js';
import {changeFromRecords} from '../../source/tuning/journal-codec.js';
import {openJournal, type JournalRecord} from '../../source/tuning/journal.js';
import {virtualTime} from '../helpers/virtual-timers.js';
import {tempDir} from './helpers/setup.js';

const offeredPps = 700_000 + 450_000;

async function setOnModel(t: import('ava').ExecutionContext, argv: string[]) {
	const made = createModelSource({scenario: 'few-channels', seed: 3});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const dir = await tempDir(t);
	const time = virtualTime();
	const streams = {stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough()};
	let out = '';
	let err = '';
	streams.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	streams.stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	// Each "measuring … for N s" waits on virtual time: move it by those seconds once asked.
	let advanced = 0;
	const step = setInterval(() => {
		const asked = [...(out + err).matchAll(/measuring [^\n]*?for (\d+) s/g)];
		const next = asked[advanced];
		if (next && time.pending() > 0) {
			advanced++;
			time.advance(Number(next[1]) * 1000);
		}
	}, 5);
	try {
		const code = await runSetCommand(argv, {...streams, env: {}}, {
			createSource: async () => made,
			controller: {stateDir: dir, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false, clock: time.clock, timers: time.timers},
			handleSignals: false,
		});
		return {code, out, err, dir, advanced};
	} finally {
		clearInterval(step);
	}
}

test('2 → 16 channels on few-channels, --json: the pair shows the packets the model offers getting through and the losses stopping', async t => {
	const {code, out, err, dir, advanced} = await setOnModel(t, ['channels', 'eth0', '16', '--yes', '--measure', '5', '--json']);
	t.is(code, exitCodes.ok, err);
	t.is(advanced, 2, 'measured once before the change and once after keep');
	const result = JSON.parse(out) as {state: string; exit: number; before: {combined: number}; after: {combined: number}; measured: {before: Record<string, number>; after: Record<string, number>}};
	t.is(result.state, 'KEPT');
	t.is(result.exit, 0);
	t.deepEqual([result.before.combined, result.after.combined], [2, 16]);
	const {before, after} = result.measured;
	t.is(before['seconds'], 5);
	t.is(after['seconds'], 5);
	// The model's known traffic: the offered mean swings by ±40 % (amplitude 0.4) over 20–90 s periods.
	for (const side of [before, after]) {
		t.true(side['pps']! > offeredPps * 0.6 && side['pps']! < offeredPps * 1.4, `${side['pps']} pps of ${offeredPps} offered`);
	}

	// 2 saturated CPUs: the host drops RX (backlog drops) and the driver's error counters rise; 16 CPUs keep up.
	t.true(before['errorsPerSec']! > 1000, `errors before: ${before['errorsPerSec']}/s`);
	t.is(after['errorsPerSec'], 0);
	t.true(before['dropsPerSec']! > 0, `drops before: ${before['dropsPerSec']}/s`);
	t.is(after['dropsPerSec'], 0);
	// Two saturated queues carry the same (1.00×); 800 flows hashed over 16 queues are not quite even.
	t.true(before['imbalance']! < 1.1, `imbalance before ${before['imbalance']}`);
	t.true(after['imbalance']! > 1 && after['imbalance']! < 2, `imbalance after ${after['imbalance']}`);
	t.regex(err, /^before \(5 s\) → after \(5 s\): imbalance \d\.\d\d× → \d\.\d\d×, [\d.]+[kM] → [\d.]+[kM] pps, drops [\d.]+[kM]?\/s → [\d.]+[kM]?\/s, errors [\d.]+[kM]?\/s → [\d.]+[kM]?\/s, busiest CPU softirq \d+ % → \d+ %$/m, 'the progress (with the pair) is on stderr under --json');

	// The journal's newest record of the change is KEPT and carries the same pair, as version 2.
	const records = await openJournal(dir).read('eth0');
	const last = records.at(-1)!;
	t.is(last.v, 2);
	t.is(last.state, 'KEPT');
	t.deepEqual(last.measured, result.measured);
	const states = changeFromRecords(records, last.id)!.change.history.map(step => step.state);
	t.is(states.filter(state => state === 'KEPT').length, 1, 'the measurement is no second KEPT step');
});

test('text output by default: the pair is printed after KEPT', async t => {
	const {code, out, err} = await setOnModel(t, ['channels', 'eth0', '16', '--yes', '--measure', '2']);
	t.is(code, exitCodes.ok, err);
	const lines = out.split('\n');
	const kept = lines.findIndex(line => line.startsWith('KEPT'));
	const pair = lines.findIndex(line => line.startsWith('before (2 s) → after (2 s): '));
	t.true(kept > 0 && pair > kept, out);
});

test('--measure 0: nothing measured, no pair, no extra journal record', async t => {
	const {code, out, err, dir, advanced} = await setOnModel(t, ['channels', 'eth0', '16', '--yes', '--measure', '0', '--json']);
	t.is(code, exitCodes.ok, err);
	t.is(advanced, 0);
	t.notRegex(err, /measuring|before \(/);
	t.is((JSON.parse(out) as {measured?: unknown}).measured, undefined);
	const records = await openJournal(dir).read('eth0');
	t.is(records.filter(record => record.state === 'KEPT').length, 1);
});

test('--measure takes whole seconds: a bad value is a usage error before anything is read', async t => {
	for (const bad of ['-1', '1.5', 'x', '601']) {
		// eslint-disable-next-line no-await-in-loop
		const {code, err} = await setOnModel(t, ['channels', 'eth0', '16', '--measure', bad]);
		t.is(code, exitCodes.usage, bad);
		t.regex(err, /--measure must be whole seconds from 0/);
	}
});

test('a version 1 journal record (before --measure) still reads: same change, no pair', async t => {
	const dir = await tempDir(t);
	const v1 = await readFile(path.join(import.meta.dirname, 'fixtures', 'journal-v1.jsonl'), 'utf8');
	const journal = openJournal(dir);
	await mkdir(journal.dir, {recursive: true});
	await writeFile(journal.file('eth0'), v1);
	const records: JournalRecord[] = await journal.read('eth0');
	t.is(records.length, v1.trim().split('\n').length);
	t.true(records.every(record => record.v === 1));
	const change = changeFromRecords(records, records[0]!.id)!;
	t.is(change.change.state, 'KEPT');
	t.deepEqual(change.change.after, {combined: 16});
	t.is(change.record.measured, undefined);
});
