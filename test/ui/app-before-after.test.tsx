// Before → since in the dashboard's banner, on few-channels' eth0 moved from 2
// to 16 channels: shown while the change waits for keep and still after it is
// kept, with the figures the model's traffic gives before and after.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import {ticker, waitForFrame} from '../helpers/ink.js';

const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-app-before-after-'));
test.after.always(() => {
	rmSync(stateDir, {recursive: true, force: true});
});

const pairPattern = /before \((\d+) s\) → since \((\d+) s\): imbalance ([\d.]+)× → ([\d.]+)×, ([\d.]+[kM]?) → ([\d.]+[kM]?) pps, drops ([\d.]+[kM]?)\/s → ([\d.]+[kM]?)\/s, errors ([\d.]+[kM]?)\/s → ([\d.]+[kM]?)\/s/;

test('the banner compares the minute before with the seconds since, while waiting and after KEPT', async t => {
	const opened = createModelSource({scenario: 'few-channels', seed: 1});
	if (!opened.ok) {
		t.fail(opened.error.message);
		return;
	}

	const clock = manualClock(5000);
	const schedule = manualScheduler();
	// Wide enough that the pair is one line of the frame.
	const ui = render(<App source={opened.value} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' keepTimeoutSeconds={120} stateDir={stateDir} columns={200} rows={50}/>);
	const ticks = ticker({clock, schedule});

	const pair = () => {
		const match = pairPattern.exec(ui.lastFrame() ?? '');
		return match ? match.slice(1) : undefined;
	};

	await ticks(30);
	await waitForFrame(ui.lastFrame, /channels 2\/16/);
	ui.stdin.write('c');
	await waitForFrame(ui.lastFrame, /Change channels of eth0/);
	ui.stdin.write('1');
	ui.stdin.write('6');
	await waitForFrame(ui.lastFrame, /combined 2 → combined 16/);
	ui.stdin.write('y');
	await waitForFrame(ui.lastFrame, /keep\? \d+ s left/);
	t.is(pair(), undefined, 'nothing since the apply yet');
	await ticks(6);
	const waiting = pair();
	t.truthy(waiting, ui.lastFrame());
	t.regex(ui.lastFrame() ?? '', /keep\? \d+ s left/, 'still waiting for keep');
	t.is(waiting![0], '30', 'the 30 s of samples before the change');

	ui.stdin.write('y');
	await waitForFrame(ui.lastFrame, /kept: /);
	await ticks(10);
	const kept = pair();
	t.truthy(kept, `the pair stays after KEPT: ${ui.lastFrame()}`);
	const [beforeSeconds, sinceSeconds] = kept!;
	const [dropsAfter, errorsBefore, errorsAfter] = kept!.slice(7);
	t.is(beforeSeconds, '30');
	t.true(Number(sinceSeconds) > Number(waiting![1]), `since goes on growing after keep: ${waiting![1]} → ${sinceSeconds} s`);
	// The model: 2 saturated CPUs lose packets and count errors; 16 channels keep up.
	t.not(errorsBefore, '0');
	t.is(errorsAfter, '0');
	t.is(dropsAfter, '0');
	ui.unmount();
});
