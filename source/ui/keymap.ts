// Every key of the dashboard in one table: in which mode it acts, what it
// means (an Action), its hint and its help text. app.tsx resolves a key once
// and dispatches the action; the help screen, the hint lines, the man page
// and the README's Keys table (test/ui/keymap.test.ts) come from this file.
// Pure: no React, no Ink.
import {views, type ViewName} from '../views/registry.js';
import {pathKey} from '../views/queue-path.js';
import {applyDialog, type DialogAction, type DialogOp, type DialogState} from './dialog-state.js';
import type {Channels, Result, Rings} from '../types.js';
import type {ViewCommand} from './view-state.js';
import type {ChangeKind} from '../tuning/types.js';
import {suggestionKeys, type Suggestion} from '../advice/types.js';

/** The key as Ink reports it (the flags hvtop reads). */
export type KeyFlags = {
	readonly tab?: boolean;
	readonly shift?: boolean;
	readonly ctrl?: boolean;
	readonly meta?: boolean;
	readonly escape?: boolean;
	readonly return?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	/** A function key, F1 … F12 (use-function-keys.ts: Ink's useInput does not name them). */
	readonly fn?: number;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
};

/** What the tuning handle does (use-tuning.ts). */
export type TuningAction =
	| {readonly type: 'open'; readonly kind: ChangeKind; readonly step: number}
	| {readonly type: 'dialog'; readonly op: DialogOp}
	| {readonly type: 'keep'}
	| {readonly type: 'revert'}
	| {readonly type: 'extend'}
	| {readonly type: 'dismiss'};

/** What only the app can do: it knows the advice, the change in flight and the status line. */
export type AppAction =
	/** c r C R in the advice panel: that dialog with the advised values; `plain`: without advice, the plain dialog. */
	| {readonly type: 'adviceDialog'; readonly kind: Suggestion['kind']; readonly plain: boolean}
	/** q while a change is in flight: say how to end it first. */
	| {readonly type: 'refuseQuit'}
	/** The queue view's other path (synthetic channels or the VF's queues): the app knows which is on screen. */
	| {readonly type: 'switchPath'}
	/** W: what is on screen (units, view, device) becomes the preferences the next start opens with. */
	| {readonly type: 'savePreferences'}
	/** < > [ ] in a replay: slower, faster, back or forward 10 s. */
	| {readonly type: 'replay'; readonly op: 'slower' | 'faster' | 'back' | 'forward'}
	/** p on a kept change: show what would make it last (files, diff); y writes it, any other key closes it. */
	| {readonly type: 'persistPlan'}
	| {readonly type: 'persistWrite'}
	| {readonly type: 'persistCancel'};

/** hvtop fleet's own: Enter drills into the selected NIC, Esc/Backspace goes back, r asks Prometheus now. */
export type FleetAction = {readonly type: 'fleetOpen' | 'fleetBack' | 'fleetRefresh'};

export type Action = ViewCommand | TuningAction | AppAction | FleetAction;

/**
 * A layer of bindings. Several are in force at once (modeOf), most specific
 * first; a key means what the first row that matches it says.
 */
export type Mode =
	/** Ctrl-C, whatever is on screen. */
	| 'always'
	| 'help'
	/** The change dialog holds every key but Ctrl-combinations. */
	| 'dialog'
	/** A `/` filter is being typed: it holds every key but Ctrl-combinations (a typed y is not a keep). */
	| 'filter'
	/** A change waits for keep. */
	| 'waiting'
	/** The result of a finished change is on screen. */
	| 'result'
	| 'advice'
	/** The keys that open a change. */
	| 'change'
	/** A replay's speed and seek keys: only when the source is a recording. */
	| 'replay'
	/** The keys that open a change of the VF: only while the selected device has a VF to change. */
	| 'vfChange'
	/** A change is in flight: q must not leave it behind. */
	| 'pending'
	/** What would make a kept change last is on screen: y writes it, any other key closes it. */
	| 'persist'
	| 'dashboard'
	/** hvtop fleet's screen (source/ui/fleet-app.tsx; its modes: fleet-keys.ts). */
	| 'fleet';

export type Row = {
	/** The keys as the help screen and the README write them. */
	readonly keys: string;
	readonly match: (input: string, key: KeyFlags) => boolean;
	readonly action: Action | ((input: string, key: KeyFlags) => Action);
	/** Short form for the always-visible hint line, at `order` in it. */
	readonly hint?: {readonly order: number; readonly text: string};
	/** The help screen's words; a row without them is described by another row of the help. */
	readonly help?: string;
};

export type HelpRow = {readonly keys: string; readonly help: string};

type Table = {
	readonly rows: readonly Row[];
	/** The mode's one help line, instead of one per row. */
	readonly summary?: HelpRow;
};

/** The views the keys switch between, in order: `v` cycles, `1`… picks one. The one place they are bound. */
const viewKeys: ReadonlyArray<{readonly view: ViewName; readonly key: string}> = views.map(view => ({view: view.name, key: view.key}));

// Dialog and tuning keys leave Ctrl-combinations to the dashboard.
const plain = (test: (input: string, key: KeyFlags) => boolean) => (input: string, key: KeyFlags): boolean => !key.ctrl && test(input, key);
const dialogOp = (op: DialogOp): TuningAction => ({type: 'dialog', op});
const channelStep = (input: string): number => (input === '+' || input === '=' ? 1 : (input === '-' || input === '_' ? -1 : 0));

const is = (wanted: string) => (input: string): boolean => input === wanted;
// The htop habits: F1 is help, F10 quits, wherever ? and q do.
const helpKey = (input: string, key: KeyFlags): boolean => input === '?' || key.fn === 1;
const quitKey = (input: string, key: KeyFlags): boolean => input === 'q' || key.fn === 10;

const always: Table = {rows: [
	// Its words are in the dashboard's q row. The app reverts a waiting change first.
	{keys: 'Ctrl-C', match: (input, key) => Boolean(key.ctrl) && input === 'c', action: {type: 'quit', interrupt: true}},
]};

const help: Table = {rows: [
	{keys: '?  q  Esc  F1  F10', match: (input, key) => helpKey(input, key) || quitKey(input, key) || Boolean(key.escape), action: {type: 'closeHelp'}},
	{keys: '↑ ↓ PgUp PgDn', match: (_, key) => Boolean(key.upArrow || key.downArrow || key.pageUp || key.pageDown), action: (_, key) => ({type: 'helpScroll', by: (key.pageUp || key.pageDown ? 10 : 1) * (key.upArrow || key.pageUp ? -1 : 1)})},
]};

// In the order the dialog has always checked them: cancel and apply first.
const dialog: Table = {
	rows: [
		{keys: 'n  Esc  q', match: plain((input, key) => Boolean(key.escape) || input === 'n' || input === 'q'), action: dialogOp({type: 'cancel'}), hint: {order: 5, text: 'n/Esc/q cancel'}},
		{keys: 'y  Enter', match: plain((input, key) => Boolean(key.return) || input === 'y'), action: dialogOp({type: 'confirm'}), hint: {order: 4, text: 'y/Enter apply'}},
		{keys: 'Tab  ↑  ↓', match: plain((_, key) => Boolean(key.tab || key.upArrow || key.downArrow)), action: (_, key) => dialogOp({type: 'field', step: key.upArrow ? -1 : 1}), hint: {order: 3, text: 'Tab field'}},
		{
			keys: '←  →  +  -',
			match: plain((input, key) => Boolean(key.rightArrow || key.leftArrow) || ['+', '=', '-', '_'].includes(input)),
			action: (input, key) => dialogOp({type: 'step', direction: key.rightArrow || input === '+' || input === '=' ? 1 : -1}),
			hint: {order: 1, text: '←/→ change'},
		},
		{keys: '0-9', match: plain(input => /^\d+$/.test(input)), action: input => dialogOp({type: 'digits', digits: input}), hint: {order: 2, text: '0-9 type'}},
		{keys: 'Backspace', match: plain((_, key) => Boolean(key.backspace || key.delete)), action: dialogOp({type: 'erase'})},
		// Past the rate limit on re-creating the device; the plan says when it applies.
		{keys: 'F', match: plain(is('F')), action: dialogOp({type: 'force'})},
		// Every other key stays with the dialog: nothing behind it moves.
		{keys: 'other keys', match: plain(() => true), action: dialogOp({type: 'ignore'})},
	],
	summary: {keys: 'y/Enter n/Esc', help: 'in a dialog: apply / cancel'},
};

const filter: Table = {
	rows: [
		{keys: 'Enter', match: plain((_, key) => Boolean(key.return)), action: {type: 'filter', op: 'keep'}, hint: {order: 2, text: 'Enter keep'}},
		{keys: 'Esc', match: plain((_, key) => Boolean(key.escape)), action: {type: 'filter', op: 'clear'}, hint: {order: 3, text: 'Esc clear'}},
		{keys: 'Backspace', match: plain((_, key) => Boolean(key.backspace || key.delete)), action: {type: 'filter', op: 'erase'}},
		{keys: 'text', match: plain((input, key) => input.length > 0 && !key.meta), action: input => ({type: 'filterText', text: input}), hint: {order: 1, text: 'type the filter'}},
		{keys: 'other keys', match: plain(() => true), action: {type: 'filterText', text: ''}},
	],
	summary: {keys: 'Enter Esc', help: 'while typing a / filter: keep it / clear it'},
};

const waiting: Table = {
	rows: [
		{keys: 'y  k', match: plain(input => input === 'y' || input === 'k'), action: {type: 'keep'}, hint: {order: 1, text: 'y keep'}},
		{keys: 'n', match: plain(input => input === 'n'), action: {type: 'revert'}, hint: {order: 2, text: 'n revert'}},
		{keys: 'e', match: plain(input => input === 'e'), action: {type: 'extend'}, hint: {order: 3, text: 'e +30 s'}},
	],
	summary: {keys: 'y  n  e', help: 'a change waiting: keep / revert now / +30 s'},
};

const result: Table = {rows: [
	{keys: 'Esc', match: (_, key) => Boolean(key.escape), action: {type: 'dismiss'}, help: 'dismiss the result of a finished change'},
	{keys: 'p', match: plain(is('p')), action: {type: 'persistPlan'}, help: 'make a kept change last (files and diff first)'},
]};

const persist: Table = {
	rows: [
		{keys: 'y', match: plain(is('y')), action: {type: 'persistWrite'}},
		{keys: 'other keys', match: plain(() => true), action: {type: 'persistCancel'}},
	],
	summary: {keys: 'y  n', help: 'a persist plan shown: write it / close (any key)'},
};

/** The suggestion kind whose dialog a key opens in the advice panel. */
const adviceKind = (input: string): Suggestion['kind'] | undefined =>
	(Object.entries(suggestionKeys) as Array<[Suggestion['kind'], string]>).find(([, key]) => key === input)?.[0];

// Its words are in the dashboard's a row.
const advice: Table = {rows: [
	{keys: 'c  r  C  R  x  h  m  M', match: input => adviceKind(input) !== undefined, action: (input, key) => ({type: 'adviceDialog', kind: adviceKind(input)!, plain: !key.ctrl})},
	{keys: 'a  Esc', match: (input, key) => input === 'a' || Boolean(key.escape), action: {type: 'closeAdvice'}},
]};

const change: Table = {rows: [
	{
		keys: 'c  +  -',
		match: plain(input => ['c', '+', '=', '-', '_'].includes(input)),
		action: input => ({type: 'open', kind: 'channels', step: channelStep(input)}),
		hint: {order: 3, text: 'c channels'},
		help: 'change channels (dialog; + and - step by one)',
	},
	{keys: 'r', match: plain(input => input === 'r'), action: {type: 'open', kind: 'rings', step: 0}, hint: {order: 4, text: 'r rings'}, help: 'change ring sizes (dialog)'},
	{keys: 'x', match: plain(is('x')), action: {type: 'open', kind: 'rss', step: 0}, help: 'change the RSS table: equal spread over N queues (dialog)'},
	{keys: 'h', match: plain(is('h')), action: {type: 'open', kind: 'flow-hash', step: 0}, help: 'change the flow hash: sd or sdfn per flow type (dialog)'},
	{keys: 'm', match: plain(is('m')), action: {type: 'open', kind: 'channel-cpu', step: 0}, help: 'move a synthetic channel to another CPU (dialog)'},
]};

// Offered only while the device on screen has a VF the source reads (modeOf): no VF, no VF keys.
const vfChange: Table = {rows: [
	{keys: 'C', match: plain(is('C')), action: {type: 'open', kind: 'vf-channels', step: 0}, help: 'change the VF\'s channels (dialog; when the device has a VF)'},
	{keys: 'R', match: plain(is('R')), action: {type: 'open', kind: 'vf-rings', step: 0}, help: 'change the VF\'s rings (dialog; when the device has a VF)'},
	{keys: 'M', match: plain(is('M')), action: {type: 'open', kind: 'irq-cpu', step: 0}, help: 'move a VF queue\'s interrupt to another CPU (dialog)'},
	{keys: 'X', match: plain(is('X')), action: {type: 'open', kind: 'vf-rss', step: 0}, help: 'change the VF\'s RSS table: equal over N queues (dialog)'},
]};

const replayOps = {'<': 'slower', '>': 'faster', '[': 'back', ']': 'forward'} as const;

// Offered only when the source is a recording (modeOf).
const replay: Table = {rows: [
	{keys: '<  >', match: input => input === '<' || input === '>', action: input => ({type: 'replay', op: replayOps[input as '<' | '>']}), help: 'replay: half or double speed'},
	{keys: '[  ]', match: input => input === '[' || input === ']', action: input => ({type: 'replay', op: replayOps[input as '[' | ']']}), help: 'replay: back or forward 10 s (space pauses)'},
]};

// Its words are in the dashboard's q row.
const pending: Table = {rows: [
	{keys: 'q  F10', match: quitKey, action: {type: 'refuseQuit'}},
]};

const dashboard: Table = {rows: [
	{keys: '?  F1', match: helpKey, action: {type: 'openHelp'}, hint: {order: 1, text: '? help'}, help: 'show or hide this help'},
	{keys: 'q  F10  Ctrl-C', match: quitKey, action: {type: 'quit'}, hint: {order: 2, text: 'q quit'}, help: 'quit'},
	{keys: 'space', match: is(' '), action: {type: 'pause'}, hint: {order: 8, text: 'space pause'}, help: 'pause or resume the display'},
	{keys: 'b', match: is('b'), action: {type: 'units'}, hint: {order: 9, text: 'b bits/bytes'}, help: 'rates in bits or bytes per second'},
	{keys: 'z', match: is('z'), action: {type: 'idle'}, hint: {order: 10, text: 'z idle'}, help: 'hide or show idle queues'},
	{
		keys: `v  1-${viewKeys.length}`,
		match: input => input === 'v' || viewKeys.some(v => v.key === input),
		action: input => (input === 'v' ? {type: 'nextView', views: viewKeys.map(v => v.view)} : {type: 'showView', view: viewKeys.find(v => v.key === input)!.view}),
		hint: {order: 5, text: 'v view'},
		help: 'next view: queues, CPUs, RSS, VF split, counters, history',
	},
	{keys: pathKey, match: is(pathKey), action: {type: 'switchPath'}, help: 'queue view: synthetic channels or VF queues'},
	{keys: 'a', match: is('a'), action: {type: 'openAdvice'}, hint: {order: 6, text: 'a advice'}, help: 'advice details (c r C R there: the advised values)'},
	{keys: 'W', match: is('W'), action: {type: 'savePreferences'}, help: 'save units, view, device and interval for the next start'},
	{keys: 's', match: is('s'), action: {type: 'sort'}, help: 'sort the queues, CPUs or counters: by rate, traffic, name…'},
	{keys: '/', match: is('/'), action: {type: 'filter', op: 'start'}, help: 'filter: queue/CPU numbers (0-3,8), part of a counter name'},
	{
		keys: 'Tab → S-Tab ←',
		match: (_, key) => Boolean(key.tab || key.rightArrow || key.leftArrow),
		action: (_, key) => ({type: 'device', step: (key.tab ? !key.shift : key.rightArrow) ? 1 : -1}),
		hint: {order: 7, text: 'Tab device'},
		help: 'next / previous device',
	},
	{keys: '↑ ↓', match: (_, key) => Boolean(key.upArrow || key.downArrow), action: (_, key) => ({type: 'scroll', by: 'row', direction: key.downArrow ? 1 : -1}), help: 'scroll the queues, CPUs or advice by a row'},
	{
		keys: 'PgUp PgDn',
		match: (_, key) => Boolean(key.pageUp || key.pageDown || key.home || key.end),
		action: (_, key) => (key.pageDown || key.pageUp ? {type: 'scroll', by: 'page', direction: key.pageDown ? 1 : -1} : {type: 'scroll', by: 'end', direction: key.home ? -1 : 1}),
		help: 'scroll by a page (Home, End: to the ends)',
	},
]};

const upDown = (_: string, key: KeyFlags): boolean => Boolean(key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.home || key.end);
const moveBy = (_: string, key: KeyFlags): ViewCommand =>
	({type: 'scroll', by: key.upArrow || key.downArrow ? 'row' : (key.pageUp || key.pageDown ? 'page' : 'end'), direction: key.downArrow || key.pageDown || key.end ? 1 : -1});

const fleet: Table = {rows: [
	{keys: '?  F1', match: helpKey, action: {type: 'openHelp'}, hint: {order: 1, text: '? help'}, help: 'show or hide this help'},
	{keys: 'q  F10  Ctrl-C', match: quitKey, action: {type: 'quit'}, hint: {order: 2, text: 'q quit'}, help: 'quit'},
	{keys: 'Enter', match: (_, key) => Boolean(key.return), action: {type: 'fleetOpen'}, hint: {order: 3, text: 'Enter queues'}, help: 'the selected NIC: its queues and CPUs, last 10 minutes'},
	{keys: 'Esc  Backspace', match: (_, key) => Boolean(key.escape || key.backspace || key.delete), action: {type: 'fleetBack'}, hint: {order: 4, text: 'Esc back'}, help: 'back to the fleet; on the fleet, clear the filter'},
	{keys: 's', match: is('s'), action: {type: 'sort'}, hint: {order: 5, text: 's sort'}, help: 'sort: worst, host, rx, tx, imbalance, drops, advice'},
	{keys: '/', match: is('/'), action: {type: 'filter', op: 'start'}, hint: {order: 6, text: '/ filter'}, help: 'filter the rows: part of a host or device name'},
	{keys: 'r', match: is('r'), action: {type: 'fleetRefresh'}, hint: {order: 7, text: 'r refresh'}, help: 'ask Prometheus again now'},
	{keys: '↑ ↓ PgUp PgDn', match: upDown, action: moveBy, help: 'move by a row or a page (Home, End: to the ends)'},
]};

export const keymap: Readonly<Record<Mode, Table>> = {always, help, dialog, filter, waiting, result, persist, advice, change, vfChange, replay, pending, dashboard, fleet};

/** What the keys need to know of the tuning handle. */
export type TuningKeyState = {
	readonly dialogOpen: boolean;
	/** The change in flight waits for keep. */
	readonly awaiting: boolean;
	/** A change is in flight (not yet kept, reverted or failed). */
	readonly pending: boolean;
	/** A finished change's result is on screen. */
	readonly finished: boolean;
	/** The device on screen has a VF the source reads now: its change keys are offered. */
	readonly vf?: boolean;
	/** The source is a replay: its speed and seek keys are offered. */
	readonly replay?: boolean;
	/** A persist plan is on screen (p on a kept change). */
	readonly persistOpen?: boolean;
};

/** The modes in force, most specific first. No view state: the tuning handle on its own (its keys only). */
export function modeOf(view: {readonly showHelp: boolean; readonly adviceOpen: boolean; readonly filtering?: boolean} | undefined, tuning: TuningKeyState): readonly Mode[] {
	if (view?.showHelp) {
		return ['always', 'help'];
	}

	const modes: Mode[] = ['always'];
	const add = (mode: Mode, when: boolean) => {
		if (when) {
			modes.push(mode);
		}
	};

	if (view && tuning.persistOpen) {
		return [...modes, 'persist'];
	}

	add('dialog', tuning.dialogOpen);
	add('filter', Boolean(view?.filtering));
	add('waiting', tuning.awaiting);
	if (view) {
		add('result', tuning.finished);
		// Before the change keys: c and r there propose the advised values.
		add('advice', view.adviceOpen);
	}

	add('change', true);
	add('vfChange', Boolean(tuning.vf));
	add('replay', Boolean(tuning.replay));
	if (view) {
		add('pending', tuning.pending);
		add('dashboard', true);
	}

	return modes;
}

/** Keys typed faster than a frame (or pasted) arrive as one string: take them one by one. */
export function oneByOne(input: string, key: KeyFlags): Array<[string, KeyFlags]> {
	return input.length > 1 && !key.ctrl && !key.meta ? [...input].map(character => [character, {}]) : [[input, key]];
}

/** What a key means in these modes; undefined: nothing. */
export function resolve(modes: readonly Mode[], input: string, key: KeyFlags): Action | undefined {
	for (const mode of modes) {
		const row = keymap[mode].rows.find(r => r.match(input, key));
		if (row) {
			return typeof row.action === 'function' ? row.action(input, key) : row.action;
		}
	}

	return undefined;
}

// Which hints the line shows when a mode is the first in force that has a say:
// the dialog's, the keep decision's, while a change runs only how to start another.
const hintsOf: Partial<Record<Mode, readonly Mode[]>> = {dialog: ['dialog'], filter: ['filter'], waiting: ['waiting'], persist: [], pending: ['change'], dashboard: ['change', 'dashboard'], fleet: ['fleet']};

/** The always-visible hint line for these modes (most needed first). */
export function hintLine(modes: readonly Mode[]): string {
	const from = modes.map(mode => hintsOf[mode]).find(Boolean) ?? [];
	return from.flatMap(mode => keymap[mode].rows.flatMap(row => (row.hint ? [row.hint] : [])))
		.sort((a, b) => a.order - b.order)
		.map(hint => hint.text)
		.join('  ');
}

const helpOrder: readonly Mode[] = ['dashboard', 'change', 'vfChange', 'replay', 'dialog', 'filter', 'waiting', 'result', 'persist'];

/** The help screen, the man page and the README's Keys table, one line each. */
export function helpRows(): HelpRow[] {
	return helpOrder.flatMap(mode => {
		const {summary, rows} = keymap[mode];
		return summary ? [summary] : rows.flatMap(row => (row.help ? [{keys: row.keys, help: row.help}] : []));
	});
}

export const isTuningAction = (action: Action): action is TuningAction => ['open', 'dialog', 'keep', 'revert', 'extend', 'dismiss'].includes(action.type);
export const isFleetAction = (action: Action): action is FleetAction => action.type.startsWith('fleet');
export const isAppAction = (action: Action): action is AppAction => ['adviceDialog', 'refuseQuit', 'switchPath', 'savePreferences', 'replay', 'persistPlan', 'persistWrite', 'persistCancel'].includes(action.type);

/** A key in the open dialog, as the dashboard takes it (tests drive the dialog this way). */
export function dialogKey(state: DialogState, input: string, key: KeyFlags, source: Result<Channels> | Result<Rings>): {state: DialogState; action?: DialogAction} {
	const action = resolve(['dialog'], input, key);
	return action?.type === 'dialog' ? applyDialog(state, action.op, source) : {state};
}
