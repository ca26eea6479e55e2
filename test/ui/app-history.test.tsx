// The history view in the dashboard at 80×24, on the real netvsc model with
// the injected clock: a channel change made with the keys is marked on the
// time axis where it was applied and kept, and the view fits the screen.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import {ticker, waitForFrame} from '../helpers/ink.js';

const stateDirs: string[] = [];
test.after.always(() => {
	for (const dir of stateDirs) {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('6 shows the history: a change applied (A) and kept (K) on the axis, within 80×24', async t => {
	t.timeout(120_000);
	const opened = createModelSource({scenario: 'few-channels', seed: 1});
	if (!opened.ok) {
		throw new Error(opened.error.message);
	}

	const clock = manualClock(5000);
	const schedule = manualScheduler();
	const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-app-history-'));
	stateDirs.push(stateDir);
	const ui = render(<App source={opened.value} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' keepTimeoutSeconds={30} stateDir={stateDir} columns={80} rows={24}/>);
	const tick = ticker({clock, schedule});

	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern);
	await tick(10);

	ui.stdin.write('6');
	const before = await waitFor(/history of eth0/);
	t.regex(before, /\nchanges *\n/, 'no change yet');
	ui.stdin.write('+');
	await waitFor(/combined 2 → combined 3/);
	ui.stdin.write('y');
	await waitFor(/keep\? \d+ s left/);
	await tick(5);

	ui.stdin.write('y');
	await waitFor(/kept: /);
	await tick(5);

	const frame = await waitFor(/\nchanges +A +K/);
	t.regex(frame, /busiest of 3 queues, rx\+tx pps on one scale/);
	const lines = frame.split('\n');
	t.true(lines.length <= 24, `${lines.length} lines:\n${frame}`);
	t.true(lines.every(l => l.length <= 80), frame);
	t.regex(frame, /\n {10,}-\d+s .*now\n/);
	// Applied right after a read at t, kept five intervals later: A goes on the first sample after t
	// (t + 2 s: the read at t + 1 s spans the re-creation and is left out, its ^ hidden under the A),
	// K on the first after t + 5 s: four columns apart, one sample per second.
	const marks = lines.find(l => l.startsWith('changes'))!;
	t.is(marks.indexOf('K') - marks.indexOf('A'), 4, marks);
	t.false(marks.includes('^'), marks);
	ui.unmount();
});
