import test from 'ava';
import {isAppAction, isFleetAction, isTuningAction, modeOf, resolve, type KeyFlags} from '../../source/ui/keymap.js';
import {initialViewState, selectedIndex, viewReducer, type ViewState} from '../../source/ui/view-state.js';

const context = {devices: ['eth0', 'eth1', 'eth2'], queues: 20, window: 12};
const idle = {dialogOpen: false, awaiting: false, pending: false, finished: false};
// A key as the dashboard takes it: the keymap resolves it, the reducer applies the view command.
const press = (state: ViewState, input: string, key: KeyFlags = {}) => {
	const action = resolve(modeOf(state, idle), input, key);
	return action && !isTuningAction(action) && !isAppAction(action) && !isFleetAction(action) ? viewReducer(state, {command: action, context}) : state;
};

test('device switching wraps around in both directions and resets the scroll', t => {
	let state = {...initialViewState(), scroll: 5};
	state = press(state, '', {tab: true});
	t.is(state.selected, 'eth1');
	t.is(state.scroll, 0);
	state = press(state, '', {leftArrow: true});
	state = press(state, '', {leftArrow: true});
	t.is(state.selected, 'eth2');
	state = press(state, '', {tab: true, shift: true});
	t.is(selectedIndex(state, context.devices), 1);
	state = press(state, '', {rightArrow: true});
	state = press(state, '', {rightArrow: true});
	t.is(state.selected, 'eth0');
});

test('a selected device that vanished falls back to the first', t => {
	t.is(selectedIndex(initialViewState('gone0'), context.devices), 0);
	t.is(selectedIndex(initialViewState('eth2'), context.devices), 2);
});

test('scrolling is clamped to the rows that exist', t => {
	let state = press(initialViewState(), '', {upArrow: true});
	t.is(state.scroll, 0);
	state = press(state, '', {pageDown: true});
	t.is(state.scroll, 8, '20 queues in a 12-row window scroll at most 8');
	state = press(state, '', {downArrow: true});
	t.is(state.scroll, 8);
	state = press(state, '', {home: true});
	t.is(state.scroll, 0);
	state = press(state, '', {end: true});
	t.is(state.scroll, 8);
});

test('toggles: pause, units, idle queues', t => {
	let state = press(initialViewState(), ' ');
	t.true(state.paused);
	state = press(state, 'b');
	t.is(state.units, 'bytes');
	state = press(state, 'b');
	t.is(state.units, 'bits');
	state = press({...state, scroll: 4}, 'z');
	t.true(state.hideIdle);
	t.is(state.scroll, 0);
});

test('help owns the keys while open: only ?, q or Esc close it, nothing else acts', t => {
	let state = press(initialViewState(), '?');
	t.true(state.showHelp);
	for (const input of [' ', 'b', 'z']) {
		t.is(press(state, input), state);
	}

	t.is(press(state, '', {tab: true}), state);
	t.false(press(state, 'q').quit, 'q closes help, it does not quit');
	t.false(press(state, 'q').showHelp);
	t.false(press(state, '', {escape: true}).showHelp);
	state = press(state, '?');
	t.false(state.showHelp);
});

test('q and Ctrl-C quit', t => {
	t.true(press(initialViewState(), 'q').quit);
	t.true(press(initialViewState(), 'c', {ctrl: true}).quit);
	t.false(press(initialViewState(), 'c').quit);
});

test('s cycles the counters view\'s sort keys; / starts a filter that takes every key until Enter or Esc', t => {
	let state = press(initialViewState(), '5');
	t.is(state.view, 'counters');
	state = press(state, 's');
	t.is(state.sort, 'rate');
	state = press(state, 's');
	state = press(state, 's');
	t.is(state.sort, 'driver', 'round to the first');
	state = press(state, '/');
	t.true(state.filtering);
	for (const key of [...'rx_q', 'y', 'n', 'q', '5']) {
		state = press(state, key);
	}

	t.is(state.filter, 'rx_qynq5', 'y, n, q and a view key are text while typing');
	t.is(state.view, 'counters');
	t.false(state.quit);
	state = press(state, '', {backspace: true});
	t.is(state.filter, 'rx_qynq');
	state = press(state, '\u0007\u001B[31m');
	t.is(state.filter, 'rx_qynq[31m', 'control characters never reach the filter');
	state = press(state, '', {return: true});
	t.false(state.filtering);
	t.is(state.filter, 'rx_qynq[31m', 'Enter keeps it');
	state = press(state, '/');
	state = press(state, '', {escape: true});
	t.deepEqual([state.filtering, state.filter], [false, ''], 'Esc clears it');
});

test('sort and filter belong to the view: another view starts without them; views without sort keys ignore s and /', t => {
	let state = press(press(initialViewState(), '5'), 's');
	state = press(press(press(state, '/'), 'x'), '', {return: true});
	t.deepEqual([state.sort, state.filter], ['rate', 'x']);
	state = press(state, '1');
	t.deepEqual([state.sort, state.filter, state.filtering], [undefined, '', false]);
	t.is(press(state, 's').sort, 'rx', 'the queue view sorts by its own keys');
	state = press(state, '3');
	t.is(press(state, 's').sort, undefined, 'the RSS view has none');
	t.false(press(state, '/').filtering);
});

test('while typing a filter, a waiting change is not kept by the y in the text', t => {
	const typing = {...press(press(initialViewState(), '5'), '/'), filtering: true};
	const action = resolve(modeOf(typing, {...idle, pending: true, awaiting: true}), 'y', {});
	t.deepEqual(action, {type: 'filterText', text: 'y'});
	t.deepEqual(resolve(modeOf(typing, idle), 'c', {ctrl: true}), {type: 'quit', interrupt: true}, 'Ctrl-C still gets out');
});
