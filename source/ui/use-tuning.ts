// The dashboard's handle on changing a device: owns a tuning controller,
// the change dialog and the state of the change in flight. Which key does
// what is the keymap's (keymap.ts): app.tsx resolves a key and hands the
// tuning actions to `run`; on its own (tests) the hook listens to keys itself
// (`listen: false` to leave them to the app).
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {useInput, type Key} from 'ink';
import type {Source} from '../sources/source.js';
import {createController, defaultKeepTimeoutMs, extendStepMs, type Controller, type ControllerOptions} from '../tuning/controller.js';
import {describeRecovery, quitLine, retrying} from '../tuning/describe.js';
import type {Clock} from '../clock.js';
import {isTerminal, type ChangeKind, type ChangeView} from '../tuning/types.js';
import type {DialogValues} from '../tuning/kinds/kind.js';
import type {DeviceRates} from '../stats/rates.js';
import type {DialogState} from './dialog-state.js';
import useChangeDialog, {type ChangeDialog} from './use-change-dialog.js';
import {isTuningAction, modeOf, resolve, type KeyFlags, type TuningAction, type TuningKeyState} from './keymap.js';

export type UseTuningOptions = {
	readonly source: Source;
	/** The device the dashboard has selected (what c, r, +, − act on). */
	readonly device?: string;
	readonly keepTimeoutMs?: number;
	/** The app's clock: every `now` handed to the source comes from it (default performance.now()). */
	readonly clock?: Clock;
	/** Install its own useInput (default true). */
	readonly listen?: boolean;
	/** Controller overrides (tests: state dir, clock, delays). */
	readonly controller?: Omit<Partial<ControllerOptions>, 'source'>;
	/** The device's rates over the last poll, for plans that show load before and after (a CPU move). */
	readonly rates?: (device: string) => DeviceRates | undefined;
	/** Inject a controller outright (tests). */
	readonly createController?: (options: ControllerOptions) => Controller;
};

export type Tuning = {
	readonly dialog?: DialogState;
	readonly change?: ChangeView;
	/** Monotonic ms of the controller's clock, refreshed every second while a change waits. */
	readonly now: number;
	/** Lines to show once: recovery findings, refusals, read errors. */
	readonly notices: readonly string[];
	/** Every change this session saw (as last seen), for the history view's marks. */
	readonly changes: readonly ChangeView[];
	/** True while the dialog owns the keyboard: mute the dashboard's keys. */
	readonly capturesKeys: boolean;
	/** Opens a kind's dialog on the device on screen, proposing `values` (an advice's). */
	openAdvised(kind: ChangeKind, values: DialogValues): void;
	/** Feed a key (through the keymap's tuning modes); true when it was used. */
	handleInput(input: string, key: KeyFlags): boolean;
	/** Do what the keymap says. */
	run(action: TuningAction): void;
	/** What the keymap needs to know, as of now (keys may arrive faster than renders). */
	keyState(): TuningKeyState;
	/** The terminal is gone (SIGHUP/SIGTERM): a waiting change is reverted at once. */
	sessionLost(): Promise<void>;
	/** One line per change this session saw (kept / reverted / left pending and why), for the terminal after quitting. */
	quitLines(): string[];
	/** Resolves when the change in flight (if any) has ended. */
	settled(): Promise<void>;
};

/** `change`: the one on screen. */
function keyStateOf(dialogOpen: boolean, controller: Controller, change: ChangeView | undefined): TuningKeyState {
	return {
		dialogOpen,
		// The controller's own state: a keep or revert typed just now is not undone by a stale render.
		awaiting: controller.current()?.state === 'AWAIT_CONFIRM',
		pending: change !== undefined && !isTerminal(change.state),
		finished: change !== undefined && isTerminal(change.state),
	};
}

function runAction(action: TuningAction, {controller, dialog, dismiss}: {readonly controller: Controller; readonly dialog: ChangeDialog; readonly dismiss: () => void}): void {
	switch (action.type) {
		case 'open': {
			dialog.open(action.kind, undefined, {step: action.step});
			break;
		}

		case 'dialog': {
			dialog.apply(action.op);
			break;
		}

		case 'keep': {
			controller.keep();
			break;
		}

		case 'revert': {
			controller.revert();
			break;
		}

		case 'extend': {
			controller.extend(extendStepMs);
			break;
		}

		case 'dismiss': {
			dismiss();
			break;
		}
	}
}

export default function useTuning(options: UseTuningOptions): Tuning {
	const {source, device} = options;
	const keepTimeoutMs = options.keepTimeoutMs ?? defaultKeepTimeoutMs;
	const controller = useMemo(() => (options.createController ?? createController)({
		source,
		keepTimeoutMs,
		...(options.clock ? {clock: options.clock} : {}),
		...options.controller,
	}), [source]); // eslint-disable-line react-hooks/exhaustive-deps
	const [change, setChange] = useState<ChangeView | undefined>(() => controller.current());
	// The source's first-screen line (on the model: this machine's real NICs) starts the list.
	const [notices, setNotices] = useState<readonly string[]>(() => (source.notice ? [source.notice] : []));
	const [now, setNow] = useState(() => controller.clock.now());
	// Notices about a change in flight ("still waiting", "already in progress") go when it ends.
	const tiedTo = useRef(new Map<string, string>());
	// Every change this session saw, latest view first-seen order: one line each when the dashboard quits.
	const seen = useRef(new Map<string, ChangeView>());
	const notice = useCallback((line: string, changeId?: string) => {
		if (changeId !== undefined) {
			tiedTo.current.set(line, changeId);
		}

		// The same notice twice says nothing new and only takes lines from the table.
		setNotices(previous => (previous.includes(line) ? previous : [...previous.slice(-2), line]));
	}, []);

	useEffect(() => {
		const stop = controller.subscribe(c => {
			seen.current.set(c.id, c);
			setChange(c);
			setNow(controller.clock.now());
			if (isTerminal(c.state)) {
				setNotices(previous => previous.filter(line => tiedTo.current.get(line) !== c.id));
			}
		});
		let live = true;
		void controller.recover().then(outcomes => {
			if (live) {
				for (const outcome of outcomes) {
					const line = describeRecovery(outcome, controller.clock.now(), 'dashboard');
					if (line) {
						notice(line, outcome.kind === 'pending' ? outcome.record.id : undefined);
					}
				}
			}
		});
		return () => {
			live = false;
			stop();
			void controller.close();
		};
	}, [controller, notice]);

	// The countdown: re-render every second while a change waits (or a failed revert waits to retry).
	const waiting = change?.state === 'AWAIT_CONFIRM';
	const ticking = waiting || (change !== undefined && retrying(change));
	useEffect(() => {
		if (!ticking) {
			return;
		}

		const timer = setInterval(() => {
			setNow(controller.clock.now());
		}, 1000);
		return () => {
			clearInterval(timer);
		};
	}, [ticking, controller]);

	const dialog = useChangeDialog({source, controller, device, keepTimeoutMs, change, notice, ...(options.rates ? {rates: options.rates} : {})});
	const dismiss = () => {
		setNotices([]);
		if (change && isTerminal(change.state)) {
			setChange(undefined);
		}
	};

	const keyState = (): TuningKeyState => keyStateOf(dialog.isOpen(), controller, change);
	const run = (action: TuningAction): void => {
		runAction(action, {controller, dialog, dismiss});
	};

	// On its own the hook answers only its own modes (Ctrl-C and the rest are the app's).
	const handleInput = (input: string, key: KeyFlags): boolean => {
		const action = resolve(modeOf(undefined, keyState()), input, key);
		if (action && isTuningAction(action)) {
			run(action);
			return true;
		}

		return false;
	};

	useInput((input: string, key: Key) => {
		handleInput(input, key);
	}, {isActive: options.listen ?? true});

	return {
		...(dialog.dialog ? {dialog: dialog.dialog} : {}),
		...(change ? {change} : {}),
		now,
		notices,
		changes: [...seen.current.values()],
		capturesKeys: dialog.dialog !== undefined,
		openAdvised: (kind, values) => {
			dialog.open(kind, undefined, {values});
		},
		handleInput,
		run,
		keyState,
		sessionLost: async () => controller.sessionLost(),
		settled: async () => {
			await controller.settled();
		},
		quitLines: () => [...seen.current.values()].map(c => quitLine(c, controller.clock.now())),
	};
}
