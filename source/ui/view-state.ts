// Keys → view state, as a pure reducer. A reducer always sees the current
// state, so keys typed faster than React re-renders are never lost or applied
// to a stale screen; and every key is testable without a terminal.
import {viewNames, type ViewName} from '../views/registry.js';
import type {Units} from '../format.js';
import {clampScroll} from './layout.js';

export type ViewState = {
	readonly paused: boolean;
	readonly units: Units;
	readonly hideIdle: boolean;
	readonly showHelp: boolean;
	/** Which view fills the body: queues (main), cpus, rss or vf. */
	readonly view: ViewName;
	/** The advice details panel is open (it owns ↑/↓ and closes with a or Esc). */
	readonly adviceOpen: boolean;
	readonly scroll: number;
	/** The device on screen, by name, so it stays selected when others come and go. */
	readonly selected: string | undefined;
	readonly quit: boolean;
};

export type KeyFlags = {
	readonly tab?: boolean;
	readonly shift?: boolean;
	readonly escape?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly ctrl?: boolean;
};

/** What the reducer needs to know about the screen to move within it. */
export type ViewContext = {
	readonly devices: readonly string[];
	readonly queues: number;
	readonly window: number;
};

export type ViewAction =
	| {readonly type: 'key'; readonly input: string; readonly key: KeyFlags; readonly context: ViewContext}
	/** A dialog was opened from the advice panel: back to the view underneath. */
	| {readonly type: 'closeAdvice'};

export const initialViewState = (selected?: string, view: ViewName = 'queues'): ViewState => ({
	paused: false,
	units: 'bits',
	hideIdle: false,
	showHelp: false,
	view,
	adviceOpen: false,
	scroll: 0,
	selected,
	quit: false,
});

export function selectedIndex(state: ViewState, devices: readonly string[]): number {
	return state.selected === undefined ? 0 : Math.max(0, devices.indexOf(state.selected));
}

function switchDevice(state: ViewState, devices: readonly string[], step: number): ViewState {
	if (devices.length === 0) {
		return state;
	}

	const index = selectedIndex(state, devices);
	return {...state, selected: devices[(index + step + devices.length) % devices.length], scroll: 0};
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
	if (action.type === 'closeAdvice') {
		return state.adviceOpen ? {...state, adviceOpen: false, scroll: 0} : state;
	}

	const {input, key, context} = action;
	if (state.showHelp) {
		return input === '?' || input === 'q' || key.escape ? {...state, showHelp: false} : state;
	}

	const scrollTo = (offset: number): ViewState => ({...state, scroll: clampScroll(offset, context.queues, context.window)});
	if (input === 'q' || (key.ctrl && input === 'c')) {
		return {...state, quit: true};
	}

	if (state.adviceOpen && (input === 'a' || key.escape)) {
		return {...state, adviceOpen: false, scroll: 0};
	}

	if (key.tab) {
		return switchDevice(state, context.devices, key.shift ? -1 : 1);
	}

	if (key.rightArrow || key.leftArrow) {
		return switchDevice(state, context.devices, key.rightArrow ? 1 : -1);
	}

	if (key.downArrow || key.upArrow) {
		return scrollTo(state.scroll + (key.downArrow ? 1 : -1));
	}

	if (key.pageDown || key.pageUp) {
		return scrollTo(state.scroll + (key.pageDown ? context.window : -context.window));
	}

	if (key.home || key.end) {
		return scrollTo(key.home ? 0 : context.queues);
	}

	switch (input) {
		case '?': {
			return {...state, showHelp: true};
		}

		case ' ': {
			return {...state, paused: !state.paused};
		}

		case 'b': {
			return {...state, units: state.units === 'bits' ? 'bytes' : 'bits'};
		}

		case 'z': {
			return {...state, hideIdle: !state.hideIdle, scroll: 0};
		}

		case 'v': {
			const next = viewNames[(viewNames.indexOf(state.view) + 1) % viewNames.length]!;
			return {...state, view: next, adviceOpen: false, scroll: 0};
		}

		case '1':
		case '2':
		case '3':
		case '4': {
			return {...state, view: viewNames[Number(input) - 1]!, adviceOpen: false, scroll: 0};
		}

		case 'a': {
			return {...state, adviceOpen: true, scroll: 0};
		}

		default: {
			return state;
		}
	}
}
