// The dashboard's handle on changing a device: owns a tuning controller,
// the change dialog and the state of the change in flight.
//
// Integration (app.tsx):
//   const tuning = useTuning({source, device});
//   useInput(handler, {isActive: !tuning.capturesKeys});   // dashboard keys off while the dialog is open
//   {tuning.dialog && <TuningDialog dialog={tuning.dialog} columns={…}/>}
//   <ChangeBanner change={tuning.change} now={tuning.now} notices={tuning.notices} columns={…}/>
// The hook listens to keys itself (`listen: false` to route them through
// `handleInput` instead). Its keys: c (channels), + / - (channels ±1),
// r (rings); in the dialog ←/→ +/- digits Tab y/Enter n/Esc/q; while a change
// waits for keep: y or k keep, n revert now, e +30 s. The dashboard must not
// bind those.
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {useInput, type Key} from 'ink';
import type {Source} from '../sources/source.js';
import type {Channels, Result, Rings} from '../types.js';
import {createController, defaultKeepTimeoutMs, extendStepMs, type Controller, type ControllerOptions} from '../tuning/controller.js';
import {dialogKey, openChannelsDialog, openRingsDialog, type DialogKey, type DialogState} from '../tuning/dialog.js';
import {describeRecovery, quitLine, retrying} from '../tuning/describe.js';
import type {Clock} from '../clock.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';
import type {KeyBinding} from './keys.js';

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
	/** True while the dialog owns the keyboard: mute the dashboard's keys. */
	readonly capturesKeys: boolean;
	/** The keys that do something right now, for the hint line. */
	readonly keys: readonly KeyBinding[];
	openChannels(device?: string, step?: number): void;
	/** `prefill`: values to propose (from an advice), as the dialog opens. */
	openRings(device?: string, prefill?: {readonly rx?: number; readonly tx?: number}): void;
	/** Feed a key; true when it was used. */
	handleInput(input: string, key: DialogKey & {readonly ctrl?: boolean}): boolean;
	keep(): void;
	/** The terminal is gone (SIGHUP/SIGTERM): a waiting change is reverted at once. */
	sessionLost(): Promise<void>;
	revert(): void;
	extend(): void;
	dismiss(): void;
	/** One line per change this session saw (kept / reverted / left pending and why), for the terminal after quitting. */
	quitLines(): string[];
	/** Resolves when the change in flight (if any) has ended. */
	settled(): Promise<void>;
};

/** Keys that open a change from the dashboard (for its help screen). */
export const tuningKeys: readonly KeyBinding[] = [
	{keys: 'c', action: 'change the channel count (vRSS on hv_netvsc)', hint: 'c channels'},
	{keys: '+  -', action: 'change channels one up or down (opens the dialog)'},
	{keys: 'r', action: 'change the ring sizes of the device', hint: 'r rings'},
	{keys: 'y  k', action: 'while a change waits: keep it'},
	{keys: 'n', action: 'while a change waits: revert it now'},
	{keys: 'e', action: 'while a change waits: 30 s more to decide'},
];

export const dialogKeys: readonly KeyBinding[] = [
	{keys: '←  →  +  -', action: 'step the value', hint: '←/→ change'},
	{keys: '0-9', action: 'type a value', hint: '0-9 type'},
	{keys: 'Tab  ↑  ↓', action: 'next field (rings: rx, tx)', hint: 'Tab field'},
	{keys: 'y  Enter', action: 'apply', hint: 'y/Enter apply'},
	{keys: 'n  Esc  q', action: 'cancel', hint: 'n/Esc/q cancel'},
];

export const waitingKeys: readonly KeyBinding[] = [
	{keys: 'y  k', action: 'keep the change', hint: 'y keep'},
	{keys: 'n', action: 'revert now', hint: 'n revert'},
	{keys: 'e', action: '30 s more', hint: 'e +30 s'},
];

export default function useTuning(options: UseTuningOptions): Tuning {
	const {source, device} = options;
	const keepTimeoutMs = options.keepTimeoutMs ?? defaultKeepTimeoutMs;
	const controller = useMemo(() => (options.createController ?? createController)({
		source,
		keepTimeoutMs,
		...(options.clock ? {clock: options.clock} : {}),
		...options.controller,
	}), [source]); // eslint-disable-line react-hooks/exhaustive-deps
	const [dialog, setDialog] = useState<DialogState>();
	const [change, setChange] = useState<ChangeView | undefined>(() => controller.current());
	// The source's first-screen line (on the model: this machine's real NICs) starts the list.
	const [notices, setNotices] = useState<readonly string[]>(() => (source.notice ? [source.notice] : []));
	const [now, setNow] = useState(() => controller.clock.now());
	// What the dialog was opened from, for re-planning on every key.
	const opened = useRef<Result<Channels> | Result<Rings> | undefined>(undefined);
	const dialogRef = useRef<DialogState | undefined>(undefined);
	dialogRef.current = dialog;

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

	const busy = change !== undefined && !isTerminal(change.state);

	const open = useCallback((kind: 'channels' | 'rings', target: string | undefined, step = 0, prefill: {readonly rx?: number; readonly tx?: number} = {}) => {
		const name = target ?? device;
		if (name === undefined) {
			notice('no device selected');
			return;
		}

		if (busy) {
			notice(`a change is already in progress on ${change?.dev ?? name}`, change?.id);
			return;
		}

		void source.snapshot(name, controller.clock.now()).then(snap => {
			if (!snap.ok) {
				notice(`cannot read ${name}: ${snap.error.message}`);
				return;
			}

			const part = kind === 'channels' ? snap.value.channels : snap.value.rings;
			const next = kind === 'channels'
				? openChannelsDialog(name, snap.value.channels, keepTimeoutMs, step)
				: openRingsDialog(name, snap.value.rings, keepTimeoutMs, prefill);
			if ('error' in next) {
				notice(next.error);
				return;
			}

			opened.current = part;
			setDialog(next);
		});
	}, [device, busy, change, source, controller, keepTimeoutMs, notice]);

	const confirm = useCallback((state: DialogState) => {
		if (!state.plan.ok) {
			return;
		}

		setDialog(undefined);
		void controller.start(state.plan.plan).then(result => {
			if (!result.ok) {
				notice(result.refusal.message);
			}
		});
	}, [controller, notice]);

	const handleInput = useCallback((input: string, key: DialogKey & {readonly ctrl?: boolean}): boolean => {
		const current = dialogRef.current;
		if (current) {
			if (key.ctrl) {
				return false;
			}

			const result = dialogKey(current, input, key, opened.current ?? {ok: false, error: {code: 'EAGAIN', errno: 11, message: 'not read'}});
			// Keys of one burst arrive before React re-renders: the next one must see this one's result.
			dialogRef.current = result.action === undefined ? result.state : undefined;
			if (result.action === 'cancel') {
				setDialog(undefined);
			} else if (result.action === 'confirm') {
				confirm(result.state);
			} else {
				setDialog(result.state);
			}

			return true;
		}

		// Ctrl-C and friends belong to the dashboard (quit).
		if (key.ctrl) {
			return false;
		}

		const state = controller.current()?.state;
		if (state === 'AWAIT_CONFIRM') {
			if (input === 'y' || input === 'k') {
				controller.keep();
				return true;
			}

			if (input === 'n') {
				controller.revert();
				return true;
			}

			if (input === 'e') {
				controller.extend(extendStepMs);
				return true;
			}
		}

		switch (input) {
			case 'c': {
				open('channels', undefined);
				return true;
			}

			case '+':
			case '=': {
				open('channels', undefined, 1);
				return true;
			}

			case '-':
			case '_': {
				open('channels', undefined, -1);
				return true;
			}

			case 'r': {
				open('rings', undefined);
				return true;
			}

			default: {
				return false;
			}
		}
	}, [controller, confirm, open]);

	useInput((input: string, key: Key) => {
		handleInput(input, key);
	}, {isActive: options.listen ?? true});

	const keys = dialog ? dialogKeys : waiting ? waitingKeys : tuningKeys.filter(k => k.hint);
	return {
		...(dialog ? {dialog} : {}),
		...(change ? {change} : {}),
		now,
		notices,
		capturesKeys: dialog !== undefined,
		keys,
		openChannels: (target, step) => {
			open('channels', target, step);
		},
		openRings: (target, prefill) => {
			open('rings', target, 0, prefill);
		},
		handleInput,
		keep: () => {
			controller.keep();
		},
		sessionLost: async () => controller.sessionLost(),
		revert: () => {
			controller.revert();
		},
		extend: () => {
			controller.extend(extendStepMs);
		},
		settled: async () => {
			await controller.settled();
		},
		quitLines: () => [...seen.current.values()].map(c => quitLine(c, controller.clock.now())),
		dismiss: () => {
			setNotices([]);
			if (change && isTerminal(change.state)) {
				setChange(undefined);
			}
		},
	};
}
