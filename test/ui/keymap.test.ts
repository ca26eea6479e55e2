// The keymap: the README's Keys table is the help screen's, row for row; each
// mode gives a key the meaning it has always had; and Ctrl-C and a hang-up
// share one "revert, then exit within 5 s" path (on a manual scheduler).
import {readFileSync} from 'node:fs';
import test from 'ava';
import {manualScheduler} from '../../source/clock.js';
import {helpRows, hintLine, modeOf, oneByOne, resolve, type TuningKeyState} from '../../source/ui/keymap.js';
import {revertThenExit} from '../../source/ui/revert-then-exit.js';
import {functionKeyOf} from '../../source/ui/use-function-keys.js';
import {initialViewState} from '../../source/ui/view-state.js';

const idle: TuningKeyState = {dialogOpen: false, awaiting: false, pending: false, finished: false};
const dashboard = initialViewState();
const cells = (line: string): string[] => line.split('|').slice(1, -1).map(cell => cell.trim());
const sameKeys = (text: string): string => text.replaceAll('`', '').replaceAll(/\s+/g, ' ').trim();

test('the README Keys table has the help screen rows, in order, each starting with the help words', t => {
	const readme = readFileSync('README.md', 'utf8');
	const section = readme.split('## Keys\n')[1]!.split(/\n## /)[0]!;
	const rows = section.split('\n').filter(line => line.startsWith('| ') && !line.startsWith('| key |')).map(cells);
	const help = helpRows();
	t.is(rows.length, help.length, 'one README row per help row');
	for (const [index, row] of help.entries()) {
		const [keys, action] = rows[index] ?? [];
		t.is(sameKeys(keys ?? ''), sameKeys(row.keys), `row ${index + 1}: keys`);
		t.true(action?.startsWith(row.help), `row ${index + 1}: "${action}" starts with "${row.help}"`);
	}
});

test('q: quits, closes help, cancels the dialog, is refused while a change is in flight', t => {
	t.deepEqual(resolve(modeOf(dashboard, idle), 'q', {}), {type: 'quit'});
	t.deepEqual(resolve(modeOf({...dashboard, showHelp: true}, idle), 'q', {}), {type: 'closeHelp'});
	t.deepEqual(resolve(modeOf(dashboard, {...idle, dialogOpen: true}), 'q', {}), {type: 'dialog', op: {type: 'cancel'}});
	t.deepEqual(resolve(modeOf(dashboard, {...idle, pending: true, awaiting: true}), 'q', {}), {type: 'refuseQuit'});
	// Ctrl-C, whatever is on screen, is the interrupt (the app reverts a waiting change first).
	for (const tuning of [idle, {...idle, dialogOpen: true}, {...idle, pending: true}]) {
		t.deepEqual(resolve(modeOf(dashboard, tuning), 'c', {ctrl: true}), {type: 'quit', interrupt: true});
	}

	t.deepEqual(resolve(modeOf({...dashboard, showHelp: true}, idle), 'c', {ctrl: true}), {type: 'quit', interrupt: true});
});

test('F1 and F10, the htop habits: help and quit wherever ? and q are; nothing in a dialog', t => {
	t.deepEqual(resolve(modeOf(dashboard, idle), '', {fn: 1}), {type: 'openHelp'});
	t.deepEqual(resolve(modeOf(dashboard, idle), '', {fn: 10}), {type: 'quit'});
	t.deepEqual(resolve(modeOf({...dashboard, showHelp: true}, idle), '', {fn: 1}), {type: 'closeHelp'});
	t.deepEqual(resolve(modeOf({...dashboard, showHelp: true}, idle), '', {fn: 10}), {type: 'closeHelp'});
	t.deepEqual(resolve(modeOf(dashboard, {...idle, pending: true, awaiting: true}), '', {fn: 10}), {type: 'refuseQuit'});
	t.deepEqual(resolve(modeOf(dashboard, {...idle, dialogOpen: true}), '', {fn: 10}), {type: 'dialog', op: {type: 'ignore'}});
	t.is(resolve(modeOf(dashboard, idle), '', {fn: 2}), undefined, 'F2 means nothing');
	t.is(functionKeyOf('\u001BOP'), 1);
	t.is(functionKeyOf('\u001B[11~'), 1);
	t.is(functionKeyOf('\u001B[[A'), 1);
	t.is(functionKeyOf('\u001B[21~'), 10);
	t.is(functionKeyOf('\u001B[24~'), 12);
	t.is(functionKeyOf('\u001B[A'), undefined, 'an arrow is not a function key');
	t.is(functionKeyOf('\u001BOP\u001BOP'), undefined, 'two keys in one chunk are not guessed at');
});

test('c, r, Esc and y by mode: advice values, the plain dialog, dismiss, keep', t => {
	const advice = {...dashboard, adviceOpen: true};
	t.deepEqual(resolve(modeOf(advice, idle), 'c', {}), {type: 'adviceDialog', kind: 'channels', plain: true});
	t.deepEqual(resolve(modeOf(dashboard, idle), 'c', {}), {type: 'open', kind: 'channels', step: 0});
	t.deepEqual(resolve(modeOf(dashboard, idle), '-', {}), {type: 'open', kind: 'channels', step: -1});
	t.deepEqual(resolve(modeOf(advice, idle), '', {escape: true}), {type: 'closeAdvice'});
	t.deepEqual(resolve(modeOf(advice, {...idle, finished: true}), '', {escape: true}), {type: 'dismiss'}, 'a finished change is dismissed before the panel closes');
	t.deepEqual(resolve(modeOf(dashboard, {...idle, pending: true, awaiting: true}), 'y', {}), {type: 'keep'});
	t.is(resolve(modeOf(dashboard, {...idle, pending: true}), 'y', {}), undefined, 'y does nothing while the change is still being applied');
	t.deepEqual(resolve(modeOf(dashboard, {...idle, dialogOpen: true}), 'x', {}), {type: 'dialog', op: {type: 'ignore'}}, 'the dialog holds every plain key');
	t.deepEqual(resolve(modeOf(dashboard, idle), '3', {}), {type: 'showView', view: 'rss'});
	t.is(resolve(modeOf(undefined, idle), 'q', {}), undefined, 'the tuning handle on its own has no q');
});

test('C and R open the VF dialogs only while the device has a VF', t => {
	const withVf = {...idle, vf: true};
	t.deepEqual(resolve(modeOf(dashboard, withVf), 'C', {shift: true}), {type: 'open', kind: 'vf-channels', step: 0});
	t.deepEqual(resolve(modeOf(dashboard, withVf), 'R', {shift: true}), {type: 'open', kind: 'vf-rings', step: 0});
	t.is(resolve(modeOf(dashboard, idle), 'C', {shift: true}), undefined, 'no VF: not offered');
	t.is(resolve(modeOf(dashboard, idle), 'R', {shift: true}), undefined, 'no VF: not offered');
	t.deepEqual(resolve(modeOf(dashboard, withVf), 'c', {}), {type: 'open', kind: 'channels', step: 0}, 'c stays the synthetic channels');
	t.deepEqual(resolve(modeOf(dashboard, {...withVf, dialogOpen: true}), 'C', {shift: true}), {type: 'dialog', op: {type: 'ignore'}}, 'the dialog holds it');
});

test('the hint line follows the mode', t => {
	t.is(hintLine(modeOf(dashboard, idle)), '? help  q quit  c channels  r rings  v view  a advice  Tab device  space pause  b bits/bytes  z idle');
	t.is(hintLine(modeOf(dashboard, {...idle, dialogOpen: true})), '←/→ change  0-9 type  Tab field  y/Enter apply  n/Esc/q cancel');
	t.is(hintLine(modeOf(dashboard, {...idle, pending: true, awaiting: true})), 'y keep  n revert  e +30 s');
	t.is(hintLine(modeOf(dashboard, {...idle, pending: true})), 'c channels  r rings');
});

test('a burst of keys is taken one by one; a control key is not split', t => {
	t.deepEqual(oneByOne('b?', {}), [['b', {}], ['?', {}]]);
	t.deepEqual(oneByOne('c', {ctrl: true}), [['c', {ctrl: true}]]);
});

test('revert then exit: at once when the revert ends, at the grace period when it hangs, once each', async t => {
	const schedule = manualScheduler();
	let exits = 0;
	let finish!: () => void;
	revertThenExit(async () => new Promise<void>(resolve => {
		finish = resolve;
	}), () => {
		exits++;
	}, 5000, schedule);
	t.is(exits, 0);
	t.is(schedule.pending(), 1, 'the grace timer waits');
	finish();
	await new Promise(setImmediate);
	t.is(exits, 1);
	t.is(schedule.pending(), 0, 'the grace timer is cancelled');

	const hung = manualScheduler();
	let hungExits = 0;
	revertThenExit(async () => new Promise<void>(() => undefined), () => {
		hungExits++;
	}, 5000, hung);
	t.is(hungExits, 0);
	hung.runPending();
	t.is(hungExits, 1, 'a revert that never ends does not keep hvtop');
});
