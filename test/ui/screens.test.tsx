// Every list reachable to its last row, and advice that prefills what it says,
// on the real netvsc model at the sizes an admin uses.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import {ticker, waitForFrame} from '../helpers/ink.js';

const end = '\u001B[F';
const home = '\u001B[H';

function setup(scenario: string, columns = 80, rows = 24) {
	const opened = createModelSource({scenario, seed: 1});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const clock = manualClock(5000);
	const schedule = manualScheduler();
	const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-screens-'));
	const ui = render(<App source={opened.value} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' keepTimeoutSeconds={30} stateDir={stateDir} columns={columns} rows={rows}/>);
	const tick = ticker({clock, schedule});

	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern, 5000);
	const done = () => {
		ui.unmount();
		rmSync(stateDir, {recursive: true, force: true});
	};

	return {ui, source: opened.value, tick, waitFor, done};
}

for (const [scenario, cpus] of [['few-channels', 16], ['large', 64]] as const) {
	test(`CPU view: End reaches CPU ${cpus - 1} of ${cpus} at 80×24, and ↓ goes no further`, async t => {
		const {ui, tick, waitFor, done} = setup(scenario);
		await tick();
		await tick();
		ui.stdin.write('2');
		await waitFor(/CPUs 1–\d+ of \d+/);
		ui.stdin.write(end);
		const screen = await waitFor(new RegExp(`CPUs \\d+–${cpus} of ${cpus}`));
		t.regex(screen, new RegExp(`\\n\\s+${cpus - 1} `), `CPU ${cpus - 1} is on screen`);
		ui.stdin.write('\u001B[B');
		await tick();
		t.regex(await waitFor(new RegExp(`CPUs \\d+–${cpus} of ${cpus}`)), new RegExp(`\\n\\s+${cpus - 1} `));
		done();
	});
}

test('advice panel at 80×24: End shows the last advice\'s last line', async t => {
	const {ui, tick, waitFor, done} = setup('few-channels');
	await tick();
	await tick();
	ui.stdin.write('a');
	const first = await waitFor(/advice for eth0: (\d+)/);
	const count = Number(/advice for eth0: (\d+)/.exec(first)![1]);
	t.true(count >= 3, `${count} advice`);
	ui.stdin.write(end);
	const screen = await waitFor(/lines \d+–(\d+) of \1 /);
	t.regex(screen, /source: /, 'the last advice\'s source line is on screen');
	done();
});

test('RSS view of 64 queues: queue order is stable and End reaches queue 63', async t => {
	const {ui, tick, waitFor, done} = setup('large');
	await tick();
	await tick();
	ui.stdin.write('3');
	const before = await waitFor(/queues 0–\d+ of 64/);
	await tick();
	const after = await waitFor(/queues 0–\d+ of 64/);
	const order = (frame: string) => [...frame.matchAll(/\bq(\d+)\b/g)].map(m => Number(m[1]));
	t.deepEqual(order(before), order(after), 'the same queues in the same order after a tick');
	t.deepEqual(order(before), [...order(before)].sort((a, b) => a - b), 'in queue order');
	ui.stdin.write(end);
	const last = await waitFor(/queues \d+–63 of 64/);
	t.regex(last, /\bq63\b/);
	ui.stdin.write(home);
	t.regex(await waitFor(/queues 0–\d+ of 64/), /\bq0\b/);
	done();
});

test('r from a ring advice opens the ring dialog with the advised values; after applying, the queues are on screen', async t => {
	const {ui, tick, waitFor, done} = setup('small-rings', 100, 30);
	await tick();
	await tick();
	ui.stdin.write('a');
	const panel = await waitFor(/try: (?:rx|tx) \d+/);
	const tryLine = /try: ((?:rx|tx) \d+(?: tx \d+)?)/.exec(panel)![1]!;
	ui.stdin.write('r');
	const dialog = await waitFor(/Change rings of eth0/);
	const proposed = Object.fromEntries(['rx', 'tx'].map(field => [field, /(\d+) →\s+(\d+)/.exec(new RegExp(`${field} ring[^\\n]*`).exec(dialog)![0])!.slice(1).map(Number)]));
	for (const [, field, value] of tryLine.matchAll(/(rx|tx) (\d+)/g)) {
		t.is(proposed[field!]![1], Number(value), `${field} prefilled with the advised ${value}`);
	}

	t.regex(dialog, /what will happen/);
	ui.stdin.write('y');
	await waitFor(/keep\? \d+ s left/);
	ui.stdin.write('y');
	const kept = await waitFor(/kept: /);
	t.regex(kept, /Q\s+CPU\s+rx pps/, 'the queue table, not the advice panel');
	done();
});

test('c from the advice panel: the channel dialog with the advised count, then the queues', async t => {
	const {ui, source, tick, waitFor, done} = setup('few-channels', 100, 30);
	await tick();
	await tick();
	const snapshot = await source.snapshot('eth0', 7000);
	t.true(snapshot.ok);
	ui.stdin.write('a');
	await waitFor(/advice for eth0/);
	ui.stdin.write('c');
	const dialog = await waitFor(/Change channels of eth0/);
	t.regex(dialog, /combined channels\s+2 →\s+16/);
	ui.stdin.write('n');
	t.regex(await waitFor(/Q\s+CPU\s+rx pps/), /channels 2\/16/);
	t.notRegex(ui.lastFrame() ?? '', /advice for eth0/);
	done();
});
