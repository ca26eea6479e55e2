// What is on screen (view, device, scroll, toggles), as a pure reducer of the
// keymap's view commands. A reducer always sees the current state, so keys
// typed faster than React re-renders are never lost or applied to a stale
// screen; and every command is testable without a terminal.
import {viewByName, type ViewName} from '../views/registry.js';
import type {QueuePath, QueuePathChoice} from '../views/queue-path.js';
import type {Units} from '../format.js';
import {clampScroll} from './layout.js';

export type ViewState = {
	readonly paused: boolean;
	readonly units: Units;
	readonly hideIdle: boolean;
	readonly showHelp: boolean;
	/** The first help row on screen (a short terminal shows the rest with ↑↓). */
	readonly helpScroll: number;
	/** Which view fills the body: queues (main), cpus, rss or vf. */
	readonly view: ViewName;
	/** The advice details panel is open (it owns ↑/↓ and closes with a or Esc). */
	readonly adviceOpen: boolean;
	readonly scroll: number;
	/** Which path the queue view shows: picked with the path key, or the busier one. */
	readonly queuePath: QueuePathChoice;
	/** The device on screen, by name, so it stays selected when others come and go. */
	readonly selected: string | undefined;
	/** What `/` typed (the view shows what matches); kept across devices, cleared with the view. */
	readonly filter: string;
	/** `/` is being typed: printable keys go to the filter (Enter keeps it, Esc clears it). */
	readonly filtering: boolean;
	/** The sort key `s` chose among the view's `sorts`; undefined: the view's default. */
	readonly sort: string | undefined;
	readonly quit: boolean;
};

/** What the reducer needs to know about the screen to move within it. */
export type ViewContext = {
	readonly devices: readonly string[];
	readonly queues: number;
	readonly window: number;
};

/** What the keymap asks of the screen (keymap.ts says which key means which). */
export type ViewCommand =
	/** `interrupt`: Ctrl-C, which the app turns into a revert first when a change waits. */
	| {readonly type: 'quit'; readonly interrupt?: boolean}
	| {readonly type: 'openHelp'}
	/** Rows to move the help screen by (↑↓ PgUp PgDn while it is open). */
	| {readonly type: 'helpScroll'; readonly by: number}
	| {readonly type: 'closeHelp'}
	| {readonly type: 'pause'}
	| {readonly type: 'units'}
	| {readonly type: 'idle'}
	/** The next view in `views` (the keymap's list, so the order is in one place). */
	| {readonly type: 'nextView'; readonly views: readonly ViewName[]}
	| {readonly type: 'showView'; readonly view: ViewName}
	| {readonly type: 'openAdvice'}
	/** Also when a dialog is opened from the advice panel: back to the view underneath. */
	| {readonly type: 'closeAdvice'}
	| {readonly type: 'device'; readonly step: 1 | -1}
	/** Show this path's queues (the queue view comes on screen). */
	| {readonly type: 'queuePath'; readonly path: QueuePath}
	/** By a row or a page, or to the first (-1) or last (1) row. */
	| {readonly type: 'scroll'; readonly by: 'row' | 'page' | 'end'; readonly direction: 1 | -1}
	/** The next sort key of the view on screen (s). */
	| {readonly type: 'sort'}
	/** `/`: start typing a filter; then text, erase, keep (Enter) or clear (Esc). */
	| {readonly type: 'filter'; readonly op: 'start' | 'erase' | 'keep' | 'clear'}
	| {readonly type: 'filterText'; readonly text: string};

export type ViewAction = {readonly command: ViewCommand; readonly context: ViewContext};

export const initialViewState = (selected?: string, view: ViewName = 'queues', units: Units = 'bits'): ViewState => ({
	paused: false,
	units,
	hideIdle: false,
	showHelp: false,
	helpScroll: 0,
	view,
	adviceOpen: false,
	scroll: 0,
	queuePath: 'auto',
	selected,
	filter: '',
	filtering: false,
	sort: undefined,
	quit: false,
});

/** A filter is a name fragment: printable, and short enough to show. */
const maxFilterLength = 40;

function filterCommand(state: ViewState, op: 'start' | 'erase' | 'keep' | 'clear'): ViewState {
	switch (op) {
		case 'start': {
			return viewByName(state.view).filterBy ? {...state, filtering: true, adviceOpen: false} : state;
		}

		case 'erase': {
			return {...state, filter: state.filter.slice(0, -1), scroll: 0};
		}

		case 'keep': {
			return {...state, filtering: false};
		}

		case 'clear': {
			return {...state, filtering: false, filter: '', scroll: 0};
		}
	}
}

function nextSort(state: ViewState): ViewState {
	const sorts = viewByName(state.view).sorts;
	if (!sorts || sorts.length === 0) {
		return state;
	}

	const index = state.sort === undefined ? 0 : sorts.indexOf(state.sort);
	return {...state, sort: sorts[(index + 1) % sorts.length], scroll: 0};
}

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

// Another view starts at its top with its own default sort, no filter and the advice closed.
const otherView = {adviceOpen: false, scroll: 0, filter: '', filtering: false, sort: undefined} as const;

export function viewReducer(state: ViewState, {command, context}: ViewAction): ViewState {
	const scrollTo = (offset: number): ViewState => ({...state, scroll: clampScroll(offset, context.queues, context.window)});
	switch (command.type) {
		case 'quit': {
			return {...state, quit: true};
		}

		case 'openHelp':
		case 'closeHelp': {
			return {...state, showHelp: command.type === 'openHelp', helpScroll: 0};
		}

		case 'helpScroll': {
			// While help is open, the context's extent is the help's (app.tsx scrollableFor).
			return {...state, helpScroll: clampScroll(state.helpScroll + command.by, context.queues, context.window)};
		}

		case 'pause': {
			return {...state, paused: !state.paused};
		}

		case 'units': {
			return {...state, units: state.units === 'bits' ? 'bytes' : 'bits'};
		}

		case 'idle': {
			return {...state, hideIdle: !state.hideIdle, scroll: 0};
		}

		case 'nextView': {
			const {views} = command;
			return {...state, ...otherView, view: views[(views.indexOf(state.view) + 1) % views.length] ?? state.view};
		}

		case 'showView': {
			return command.view === state.view ? {...state, adviceOpen: false, scroll: 0} : {...state, ...otherView, view: command.view};
		}

		case 'openAdvice': {
			return {...state, adviceOpen: true, scroll: 0};
		}

		case 'closeAdvice': {
			return state.adviceOpen ? {...state, adviceOpen: false, scroll: 0} : state;
		}

		case 'device': {
			return switchDevice({...state, queuePath: 'auto'}, context.devices, command.step);
		}

		case 'queuePath': {
			return {...state, queuePath: command.path, view: 'queues', adviceOpen: false, scroll: 0};
		}

		case 'scroll': {
			if (command.by === 'end') {
				return scrollTo(command.direction < 0 ? 0 : context.queues);
			}

			return scrollTo(state.scroll + (command.by === 'page' ? context.window : 1) * command.direction);
		}

		case 'sort': {
			return nextSort(state);
		}

		case 'filter': {
			return filterCommand(state, command.op);
		}

		case 'filterText': {
			const text = [...command.text].filter(char => char >= ' ' && char !== '\u007F').join('');
			return {...state, filter: (state.filter + text).slice(0, maxFilterLength), scroll: 0};
		}
	}
}
