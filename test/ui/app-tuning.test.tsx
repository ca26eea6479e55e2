// The dashboard with the tuning keys, on the real netvsc model: a channel
// change goes through the dialog, the states and keep or revert, while the
// stats go on.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import {ticker, waitForFrame, waitUntil} from '../helpers/ink.js';

// Every state dir a test made goes when the file is done (nothing left in /tmp).
const stateDirs: string[] = [];
test.after.always(() => {
	for (const dir of stateDirs) {
		rmSync(dir, {recursive: true, force: true});
	}
});

function setup(scenario = 'few-channels', onQuit?: (lines: readonly string[]) => void) {
	return setupSized(100, 40, scenario, onQuit);
}

function setupSized(columns: number, rows: number, scenario = 'few-channels', onQuit?: (lines: readonly string[]) => void) {
	const opened = createModelSource({scenario, seed: 1});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const source = opened.value;
	const clock = manualClock(5000);
	const schedule = manualScheduler();
	const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-app-tuning-'));
	stateDirs.push(stateDir);
	const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' keepTimeoutSeconds={30} stateDir={stateDir} columns={columns} rows={rows} {...(onQuit ? {onQuit} : {})}/>);
	const tick = ticker({clock, schedule});

	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern);
	// few-channels' eth0 from 2 to 3 channels with +, confirmed with `key`, until it waits for keep.
	const startWaitingChange = async (key: string) => {
		await tick();
		await waitFor(/channels 2\/16/);
		ui.stdin.write('+');
		await waitFor(/combined 2 → combined 3/);
		ui.stdin.write(key);
		await waitFor(/keep\? \d+ s left/);
	};

	return {ui, source, clock, tick, waitFor, startWaitingChange};
}

function setup80() {
	return setupSized(80, 24);
}

test('c opens the dialog; → proposes one more; y applies; the change waits for keep; y keeps it', async t => {
	const {ui, source, tick, waitFor} = setup();
	await tick();
	await waitFor(/channels 2\/16/);
	ui.stdin.write('c');
	await waitFor(/Change channels of eth0/);
	ui.stdin.write('\u001B[C');
	const dialog = await waitFor(/combined 2 → combined 3: what will happen/);
	t.regex(dialog, /allowed 1 … 16/);
	t.regex(dialog, /per-queue counters restart from zero/);
	t.regex(dialog, /y\/Enter apply {2}n\/Esc\/q cancel/);
	ui.stdin.write('y');
	const waiting = await waitFor(/keep\? \d+ s left/);
	t.regex(waiting, /journaled → guard armed → applying → reading back → waiting for keep/);
	t.regex(waiting, /y keep {2}n revert {2}e \+30 s/);
	await tick();
	t.regex(await waitFor(/channels 3\/16/), /queues re-created|Q {2}CPU/);
	ui.stdin.write('y');
	await waitFor(/kept: /);
	const snapshot = await source.snapshot('eth0', 99_999);
	t.true(snapshot.ok && snapshot.value.channels.ok && snapshot.value.channels.value.combined === 3);
	ui.stdin.write('\u001B');
	await waitUntil(() => !/kept: /.test(ui.lastFrame() ?? ''), 'Esc to dismiss the result');
	ui.unmount();
});

test('n while the change waits reverts it, says why, and the device is back', async t => {
	const {ui, source, waitFor, startWaitingChange} = setup();
	await startWaitingChange('\r');
	ui.stdin.write('n');
	const reverted = await waitFor(/reverted: /);
	t.regex(reverted, /reverted to combined 2 \(the admin said no\)/);
	const snapshot = await source.snapshot('eth0', 99_999);
	t.true(snapshot.ok && snapshot.value.channels.ok && snapshot.value.channels.value.combined === 2);
	ui.unmount();
});

test('while the dialog is open the dashboard keys do nothing, and n/Esc/q cancel without a change', async t => {
	const {ui, source, tick, waitFor} = setup();
	await tick();
	await waitFor(/channels 2\/16/);
	for (const cancel of ['n', '\u001B', 'q']) {
		ui.stdin.write('c');
		// eslint-disable-next-line no-await-in-loop
		await waitFor(/Change channels of eth0/);
		ui.stdin.write('b');
		ui.stdin.write('\t');
		ui.stdin.write(cancel);
		// eslint-disable-next-line no-await-in-loop
		await waitUntil(() => !/Change channels/.test(ui.lastFrame() ?? ''), `${JSON.stringify(cancel)} to close the dialog`);
	}

	const frame = ui.lastFrame() ?? '';
	t.regex(frame, /eth0 1\/2/, 'Tab did not switch device while the dialog was open');
	t.regex(frame, /Mb\/s|Gb\/s/, 'b did not switch to bytes while the dialog was open');
	const snapshot = await source.snapshot('eth0', 99_999);
	t.true(snapshot.ok && snapshot.value.channels.ok && snapshot.value.channels.value.combined === 2);
	ui.unmount();
});

test('q while a change waits does not quit: it says what to do first', async t => {
	const {ui, waitFor, startWaitingChange} = setup();
	await startWaitingChange('y');
	ui.stdin.write('q');
	t.regex(await waitFor(/a change is waiting for you/), /y keeps it, n reverts it/);
	ui.stdin.write('n');
	await waitFor(/reverted: /);
	ui.unmount();
});

test('from the advice panel, c opens the dialog prefilled with the advised channel count', async t => {
	const {ui, tick, waitFor} = setup();
	await tick();
	await waitFor(/channels 2\/16/);
	ui.stdin.write('a');
	await waitFor(/try: combined 16/);
	ui.stdin.write('c');
	t.regex(await waitFor(/Change channels of eth0/), /2 → +16/);
	ui.stdin.write('n');
	ui.unmount();
});

test('advice panel: R opens the VF rings dialog with the advised ring; the plain R still opens it without advice', async t => {
	const {ui, tick, waitFor} = setup('vf-rx-drops');
	await tick();
	await tick();
	ui.stdin.write('a');
	await waitFor(/VF enP30832s1 rx ring full/);
	await waitFor(/try: VF rx 1024 \(R opens the dialog with it/);
	ui.stdin.write('R');
	const dialog = await waitFor(/Change VF rings of enP30832s1/);
	t.regex(dialog, /VF rx ring +128 → +1024/);
	t.notRegex(dialog, /try: VF rx/, 'the panel closed');
	ui.stdin.write('n');
	await waitFor(/rx ring full/);
	// C in the panel with no VF channels advice: the plain VF channels dialog.
	ui.stdin.write('a');
	await waitFor(/try: VF rx 1024/);
	ui.stdin.write('C');
	t.regex(await waitFor(/Change VF channels of enP30832s1/), /VF combined channels +4 → +4 /);
	ui.stdin.write('n');
	ui.unmount();
});

test('while the change waits, the banner compares the device before it with the seconds since', async t => {
	const {ui, tick, waitFor} = setup();
	await tick(4);

	await waitFor(/channels 2\/16/);
	ui.stdin.write('c');
	await waitFor(/Change channels of eth0/);
	ui.stdin.write('16');
	await waitFor(/combined 2 → combined 16/);
	ui.stdin.write('y');
	await waitFor(/keep\? \d+ s left/);
	await tick(4);

	const screen = await waitFor(/before \(\d+ s\) → since/);
	t.regex(screen, /before \(\d+ s\) → since \(\d+ s\): imbalance [\d.]+× → [\d.]+×, [\d.]+k → [\d.]+[kM] pps, drops [\d.]+[kM]?\/s → [\d.]+[kM]?\/s, errors\s+[\d.]+k\/s\s+→\s+0\/s/);
	ui.stdin.write('n');
	ui.unmount();
});

test('keys of one burst in the dialog step from each other: three ← then y applies three less', async t => {
	const {ui, source, tick, waitFor} = setup('balanced');
	await tick();
	await waitFor(/channels 8\/8/);
	ui.stdin.write('c');
	await waitFor(/Change channels of eth0/);
	ui.stdin.write('\u001B[D\u001B[D\u001B[D');
	await waitFor(/combined 8 → combined 5/);
	ui.stdin.write('y');
	await waitFor(/keep\? \d+ s left/);
	const snapshot = await source.snapshot('eth0', 99_999);
	t.true(snapshot.ok && snapshot.value.channels.ok && snapshot.value.channels.value.combined === 5);
	ui.stdin.write('n');
	await waitFor(/reverted: /);
	ui.unmount();
});

test('Ctrl-C while a change waits reverts it, then quits', async t => {
	const {ui, source, startWaitingChange} = setup();
	await startWaitingChange('y');
	ui.stdin.write('\u0003');
	const deadline = Date.now() + 5000;
	let combined = 3;
	while (Date.now() < deadline && combined !== 2) {
		// eslint-disable-next-line no-await-in-loop
		const snapshot = await source.snapshot('eth0', 99_999);
		combined = snapshot.ok && snapshot.value.channels.ok ? snapshot.value.channels.value.combined : -1;
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	t.is(combined, 2);
	ui.unmount();
});

test('80×24: an open dialog after a finished change still fits the screen', async t => {
	const {ui, waitFor, startWaitingChange} = setup80();
	await startWaitingChange('y');
	ui.stdin.write('n');
	await waitFor(/reverted: /);
	ui.stdin.write('r');
	await waitFor(/Change rings of eth0/);
	ui.stdin.write('5');
	const frame = await waitFor(/rx ring +\d+ → +5/);
	const lines = frame.split('\n');
	t.true(lines.length <= 23, `${lines.length} lines:\n${frame}`);
	t.regex(lines[0] ?? '', /^hvtop /, 'the header stays on screen');
	ui.stdin.write('n');
	ui.unmount();
});

test('quitting leaves one line per change: kept with q; a waiting one reverted by Ctrl-C, and why', async t => {
	let kept: readonly string[] | undefined;
	const first = setup('few-channels', lines => {
		kept = lines;
	});
	await first.startWaitingChange('y');
	first.ui.stdin.write('y');
	await first.waitFor(/kept: /);
	first.ui.stdin.write('q');
	await waitUntil(() => kept !== undefined, 'the dashboard to quit');
	t.is(kept?.length, 1);
	t.regex(kept?.[0] ?? '', /^change \w+: eth0 channels: kept combined 3$/);
	first.ui.unmount();

	let reverted: readonly string[] | undefined;
	const second = setup('few-channels', lines => {
		reverted = lines;
	});
	await second.startWaitingChange('y');
	second.ui.stdin.write('\u0003');
	await waitUntil(() => reverted !== undefined, 'Ctrl-C to revert and quit');
	t.deepEqual(reverted?.map(line => line.replace(/^change \w+: /, '')), ['eth0 channels: reverted to combined 2 (the terminal session was lost)']);
	second.ui.unmount();
});

test('rss-skew: in the RSS view x proposes an even spread over every channel; y applies, y keeps; the table is the driver\'s again', async t => {
	const {ui, source, tick, waitFor} = setup('rss-skew');
	await tick();
	ui.stdin.write('3');
	await waitFor(/custom \(ethtool -X\)/);
	ui.stdin.write('x');
	const dialog = await waitFor(/Change RSS table of eth0/);
	t.regex(dialog, /equal over queues +\? → +8 +allowed 1 … 8/);
	t.regex(dialog, /table weights 46 12 11 12 12 11 12 12 .*→ table equal/s);
	t.regex(dialog, /the driver's own table again/);
	ui.stdin.write('y');
	await waitFor(/keep\? \d+ s left/);
	ui.stdin.write('y');
	await waitFor(/kept: eth0 rss/);
	await tick();
	await waitFor(/default \(i % 8\)/);
	const snapshot = await source.snapshot('eth0', 99_999);
	t.true(snapshot.ok && snapshot.value.rss.ok && snapshot.value.rss.value.table.every((queue, i) => queue === i % 8));
	ui.unmount();
});

test('advice panel: x opens the RSS dialog with the advised even spread', async t => {
	const {ui, tick, waitFor} = setup('rss-skew');
	await tick();
	await tick();
	ui.stdin.write('a');
	await waitFor(/try: an RSS table equal over 8 queues \(x opens the dialog with it/);
	ui.stdin.write('x');
	t.regex(await waitFor(/Change RSS table of eth0/), /→ +8 /);
	ui.stdin.write('n');
	ui.unmount();
});
