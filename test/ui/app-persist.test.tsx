// `p` on a kept change in the dashboard, on the netvsc model: the header marks
// a kept change not yet persisted (and only then), p shows why the model's
// change cannot be made to last, any key closes that, Esc dismisses the result
// and the mark with it.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createModelSource} from '../../source/sources/model.js';
import {modeOf, resolve, type TuningKeyState} from '../../source/ui/keymap.js';
import {initialViewState} from '../../source/ui/view-state.js';
import {waitForFrame, waitUntil} from '../helpers/ink.js';

const mark = 'kept, not persisted: channels (p)';

test('a kept change is marked in the header until dismissed; p explains, any key closes the plan', async t => {
	const opened = createModelSource({scenario: 'few-channels', seed: 1});
	if (!opened.ok) {
		t.fail(opened.error.message);
		return;
	}

	const clock = manualClock(5000);
	const schedule = manualScheduler();
	const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-app-persist-'));
	t.teardown(() => {
		rmSync(stateDir, {recursive: true, force: true});
	});
	const ui = render(<App source={opened.value} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' keepTimeoutSeconds={30} stateDir={stateDir} columns={100} rows={40}/>);
	t.teardown(() => {
		ui.unmount();
	});
	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern);
	await waitUntil(() => schedule.pending() === 1, 'the loop to wait');
	clock.advance(1000);
	schedule.runPending();
	await waitFor(/channels 2\/16/);
	t.false(ui.lastFrame()!.includes(mark), 'no mark without a kept change');
	ui.stdin.write('+');
	await waitFor(/combined 2 → combined 3/);
	ui.stdin.write('y');
	await waitFor(/keep\? \d+ s left/);
	t.false(ui.lastFrame()!.includes(mark), 'no mark while the change waits');
	ui.stdin.write('y');
	t.regex(await waitFor(/kept, not persisted: channels \(p\)/), /kept: /);
	ui.stdin.write('p');
	await waitFor(/the model's: its settings live inside hvtop/);
	ui.stdin.write('x');
	await waitUntil(() => !ui.lastFrame()!.includes('the model\'s: its settings'), 'the plan to close');
	t.true(ui.lastFrame()!.includes(mark), 'closing the plan does not persist');
	ui.stdin.write('\u001B');
	await waitUntil(() => !ui.lastFrame()!.includes(mark), 'Esc dismisses the result and the mark');
	t.false(ui.lastFrame()!.includes(mark));
});

test('keys: p on a finished change asks for the plan; with the plan shown y writes and any other key closes', t => {
	const idle: TuningKeyState = {dialogOpen: false, awaiting: false, pending: false, finished: false};
	const view = initialViewState();
	t.deepEqual(resolve(modeOf(view, {...idle, finished: true}), 'p', {}), {type: 'persistPlan'});
	t.is(resolve(modeOf(view, idle), 'p', {}), undefined, 'no finished change: p is nothing');
	const shown = {...idle, finished: true, persistOpen: true};
	t.deepEqual(resolve(modeOf(view, shown), 'y', {}), {type: 'persistWrite'});
	t.deepEqual(resolve(modeOf(view, shown), 'q', {}), {type: 'persistCancel'}, 'q closes the plan first, never quits past it');
	t.deepEqual(resolve(modeOf(view, shown), 'c', {ctrl: true}), {type: 'quit', interrupt: true});
});
