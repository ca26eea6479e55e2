// The one place a resolved key (keymap.ts) is carried out: view commands go
// to the view reducer, tuning actions to the tuning handle, and the few that
// need both (or the status line) are done here.
import type {Advice} from '../advice/types.js';
import type {ReplayControl} from '../sources/source.js';
import type {Units} from '../format.js';
import type {ViewName} from '../views/registry.js';
import type {DeviceReading} from '../stats/reading.js';
import {isAppAction, isFleetAction, isTuningAction, type Action, type AppAction} from './keymap.js';
import {revertThenExit} from './revert-then-exit.js';
import type {PersistHandle} from './use-persist.js';
import type {Tuning} from './use-tuning.js';
import type {ViewCommand, ViewState} from './view-state.js';
import {otherPath, shownQueuePath} from '../views/queue-path.js';

export type Dispatch = {
	readonly tuning: Tuning;
	readonly view: (command: ViewCommand) => void;
	readonly exit: () => void;
	readonly status: (line: string) => void;
	readonly advice: readonly Advice[];
	readonly reading: DeviceReading | undefined;
	/** What is on screen (the path key switches from the path shown). */
	readonly viewState?: ViewState;
	/** A replay's controls (the source's), when the source is a recording. */
	readonly replay?: ReplayControl;
	/** Writes the preferences (W); resolves to the line to show. Absent where nothing is saved (--demo, tests). */
	readonly savePreferences?: (chosen: {readonly units: Units; readonly view: ViewName; readonly device?: string}) => Promise<string>;
	/** `p` on a kept change and its plan's y (use-persist.ts). */
	readonly persist?: PersistHandle;
};

export const noVfQueuesStatus = 'no VF queues on this device: its VF is not read through its own driver (or it has none)';

export const refuseQuitStatus = 'a change is waiting for you: y keeps it, n reverts it (Ctrl-C reverts and quits); then q quits';

/** Revert the change in flight and wait for its end: what Ctrl-C and a hang-up do before exiting. */
export const revertWaiting = (tuning: Tuning) => async (): Promise<void> => {
	await tuning.sessionLost();
	await tuning.settled();
};

function savePreferences(to: Dispatch): void {
	const state = to.viewState;
	if (!to.savePreferences || !state) {
		to.status('preferences are not saved in this run (--demo)');
		return;
	}

	// The view state first: keys of one burst (Tab then W) are ahead of the last render's reading.
	const device = state.selected ?? to.reading?.name;
	void to.savePreferences({units: state.units, view: state.view, ...(device === undefined ? {} : {device})}).then(to.status, (error: unknown) => {
		to.status(`preferences not saved: ${(error as Error).message}`);
	});
}

export function dispatch(action: Action, to: Dispatch): void {
	if (isTuningAction(action)) {
		to.tuning.run(action);
	} else if (isAppAction(action)) {
		appAction(action, to);
	} else if (action.type === 'quit' && action.interrupt && to.tuning.keyState().pending) {
		// Ctrl-C is "get me out": a waiting change is reverted first, as netplan try does.
		to.status('Ctrl-C: reverting the waiting change, then quitting…');
		revertThenExit(revertWaiting(to.tuning), to.exit);
	} else if (!isFleetAction(action)) {
		// The fleet's keys are bound in its own mode only (fleet-keys.ts): never here.
		to.view(action);
	}
}

function appAction(action: AppAction, to: Dispatch): void {
	if (action.type === 'refuseQuit') {
		to.status(refuseQuitStatus);
		return;
	}

	if (action.type === 'replay') {
		const {replay} = to;
		const by = {slower: () => replay?.speed(false), faster: () => replay?.speed(true), back: () => replay?.seek(-10_000), forward: () => replay?.seek(10_000)}[action.op];
		to.status(by() ?? 'not a replay');
		return;
	}

	if (action.type === 'savePreferences') {
		savePreferences(to);
		return;
	}

	if (action.type === 'persistPlan' || action.type === 'persistWrite' || action.type === 'persistCancel') {
		persistAction(action.type, to);
		return;
	}

	if (action.type === 'switchPath') {
		const rates = to.reading?.rates;
		if (rates?.vfDevice) {
			const shown = shownQueuePath(to.viewState?.queuePath, rates);
			// In the queue view the other path; from another view, the queue view on the path it shows.
			to.view({type: 'queuePath', path: to.viewState && to.viewState.view !== 'queues' ? shown : otherPath(shown)});
		} else {
			to.status(noVfQueuesStatus);
		}

		return;
	}

	const state = to.tuning.keyState();
	if (!state.dialogOpen && !state.pending) {
		// From the advice panel, c and r open their dialog prefilled with the advice's values;
		// the panel closes, so after applying the queues are on screen.
		const suggestion = to.advice.find(a => a.suggestion?.kind === action.kind)?.suggestion;
		to.view({type: 'closeAdvice'});
		if (suggestion) {
			to.tuning.openAdvised(suggestion.kind, typeof suggestion.value === 'number' ? {combined: suggestion.value} : suggestion.value);
			return;
		}
	}

	// No advice for it (or a change in the way): as the key does elsewhere.
	if (action.plain) {
		to.tuning.run({type: 'open', kind: action.kind, step: 0});
	}
}


function persistAction(type: 'persistPlan' | 'persistWrite' | 'persistCancel', to: Dispatch): void {
	const {persist} = to;
	const change = to.tuning.change;
	if (!persist) {
		return;
	}

	if (type === 'persistCancel') {
		persist.close();
	} else if (type === 'persistWrite') {
		void persist.write().then(line => {
			to.status(line);
		});
	} else if (change) {
		void persist.show(change);
	}
}
