// Recordings: the format round-trips a model's snapshots exactly (64-bit
// counters included); a replay answers as the recorded source did, tick for
// tick; every broken file is one sentence; a replay changes nothing.
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import test from 'ava';
import {createModelSource} from '../../source/sources/model.js';
import {decodeLine, encodeLine, recordingSource} from '../../source/sources/recording.js';
import {createReplaySource, readRecording} from '../../source/sources/replay.js';
import type {Source} from '../../source/sources/source.js';

function tempDir(t: {teardown: (f: () => void) => void}): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-rec-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

function model(): Source {
	const opened = createModelSource({scenario: 'mana', seed: 3});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	return opened.value;
}

test('a line keeps 64-bit counters exact; a lookalike object stays an object', t => {
	const value = {big: (2n ** 64n) - 1n, list: [1n, 2], nested: {$n: 'x'}, two: {$n: '1', other: 2}};
	t.deepEqual(decodeLine(encodeLine(value)), value);
});

test('recorded then replayed: the same answers at the same times, for every device', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'run.hvrec');
	const stops: string[] = [];
	const recorded = model();
	const recording = recordingSource(recorded, file, 1e9, why => stops.push(why));
	const devices = await recording.devices();
	const live = [];
	for (const now of [1000, 2000, 3000]) {
		for (const device of devices) {
			// eslint-disable-next-line no-await-in-loop
			live.push(await recording.snapshot(device, now));
		}
	}

	await recording.close();
	t.deepEqual(stops, ['']);
	const read = await readRecording(file);
	if (!read.ok) {
		t.fail(read.error.message);
		return;
	}

	t.deepEqual(read.value.devices, devices);
	t.is(read.value.header.label, recorded.label);
	t.is(read.value.header.kind, 'model');
	const replay = createReplaySource(read.value, file);
	t.is(replay.kind, 'replay');
	t.regex(replay.label, /^REPLAY of .* \(.*run\.hvrec\)$/);
	const again = [];
	// The replay's clock starts anywhere: only time since its first answer counts.
	for (const now of [50_000, 51_000, 52_000]) {
		for (const device of devices) {
			// eslint-disable-next-line no-await-in-loop
			again.push(await replay.snapshot(device, now));
		}
	}

	t.deepEqual(again, live);
	const between = await replay.snapshot(devices[0]!, 51_500);
	t.deepEqual(between, live[devices.length], 'between two answers: the last one before');
	const changed = await replay.setChannels(devices[0]!, {combined: 2}, 52_000);
	t.false(changed.ok);
	t.regex(changed.ok ? '' : changed.error.message, /a recording cannot be changed/);
	t.is(replay.needs.guarding, 'none');
});

test('a recording that fills its budget stops, says so, and stays readable', async t => {
	const file = path.join(tempDir(t), 'small.hvrec');
	const stops: string[] = [];
	const recording = recordingSource(model(), file, 40_000, why => stops.push(why));
	for (const now of [1000, 2000, 3000, 4000]) {
		// eslint-disable-next-line no-await-in-loop
		await recording.snapshot('eth0', now);
	}

	await recording.close();
	t.is(stops.length, 1);
	t.regex(stops[0]!, /^recording stopped at 0 MB \(uncompressed\) in .*small\.hvrec: the rest is not recorded$/);
	const read = await readRecording(file);
	t.true(read.ok && (read.value.answers.get('eth0')?.length ?? 0) >= 1);
});

test('every broken file is one sentence naming it', async t => {
	const dir = tempDir(t);
	const write = (name: string, content: string | Uint8Array): string => {
		const file = path.join(dir, name);
		writeFileSync(file, content);
		return file;
	};

	const cases: Array<[string, RegExp]> = [
		[path.join(dir, 'missing.hvrec'), /missing\.hvrec: no such file$/],
		[write('plain.hvrec', 'not gzip'), /plain\.hvrec: not a gzip-compressed recording$/],
		[write('empty.hvrec', gzipSync('')), /empty\.hvrec is empty: not an hvtop recording$/],
		[write('other.hvrec', gzipSync('{"format":"something"}\n')), /other\.hvrec is not an hvtop recording \(no header line\)$/],
		[write('future.hvrec', gzipSync('{"format":"hvtop-recording","version":9}\n')), /future\.hvrec is a version 9 recording; this hvtop reads version 1 and older$/],
		[write('frame.hvrec', gzipSync('{"format":"hvtop-recording","version":1,"label":"x","kind":"model","started":"t"}\n{"at":"soon"}\n')), /frame\.hvrec line 2: not a recording frame$/],
		[write('json.hvrec', gzipSync('{"format":"hvtop-recording","version":1,"label":"x","kind":"model","started":"t"}\n{oops\n')), /json\.hvrec line 2: .*JSON/],
	];
	for (const [file, message] of cases) {
		// eslint-disable-next-line no-await-in-loop
		const read = await readRecording(file);
		t.false(read.ok, file);
		t.regex(read.ok ? '' : read.error.message, message);
	}

	t.false(existsSync(path.join(dir, 'missing.hvrec')));
});

test('speed and seek move through the recording, within it, and say where the replay is', async t => {
	const file = path.join(tempDir(t), 'long.hvrec');
	const recording = recordingSource(model(), file, 1e9, () => undefined);
	const answers = [];
	for (let second = 1; second <= 40; second++) {
		// eslint-disable-next-line no-await-in-loop
		answers.push(await recording.snapshot('eth0', second * 1000));
	}

	await recording.close();
	const read = await readRecording(file);
	if (!read.ok) {
		t.fail(read.error.message);
		return;
	}

	const replay = createReplaySource(read.value, file);
	const control = replay.replay!;
	t.deepEqual(await replay.snapshot('eth0', 0), answers[0]);
	t.deepEqual(await replay.snapshot('eth0', 2000), answers[2]);
	t.is(control.speed(true), 'replay at 0:02 of 0:39, speed ×2');
	t.deepEqual(await replay.snapshot('eth0', 4000), answers[6], 'two seconds at ×2 are four of the recording');
	t.is(control.seek(10_000), 'replay at 0:16 of 0:39, speed ×2');
	t.deepEqual(await replay.snapshot('eth0', 4000), answers[16]);
	t.is(control.seek(-60_000), 'replay at 0:00 of 0:39, speed ×2', 'never before the start');
	t.is(control.seek(600_000), 'replay at 0:39 of 0:39, speed ×2', 'never past the end');
	t.deepEqual(await replay.snapshot('eth0', 9000), answers[39]);
	control.speed(false);
	t.is(control.speed(false), 'replay at 0:39 of 0:39, speed ×1/2');
	for (let i = 0; i < 10; i++) {
		control.speed(false);
	}

	t.regex(control.speed(true), /speed ×1\/4$/, 'never slower than ×1/8');
});
