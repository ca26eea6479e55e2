// Wires source → stats → screen, and keys → view state and tuning. The only
// component with state; everything it renders is a pure function of that state.
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {Box, useApp, useInput} from 'ink';
import {Text} from './ui/text.js';
import {adviseReading} from './advice/index.js';
import type {Clock, Scheduler} from './clock.js';
import {viewByName, type ViewName} from './views/registry.js';
import type {Source} from './sources/source.js';
import {isTerminal} from './tuning/types.js';
import ChangeBanner from './ui/change-banner.js';
import Dashboard from './ui/dashboard.js';
import HelpScreen from './ui/help-screen.js';
import {changeKeys, dashboardKeys, hintLine, hintOrder, type KeyBinding} from './ui/keys.js';
import {adviceScrollable} from './views/advice.js';
import {bannerLines} from './ui/banner-lines.js';
import {bodyLinesFor, clampScroll} from './ui/layout.js';
import TuningDialog from './ui/tuning-dialog.js';
import usePolling, {type PollingFocus} from './ui/use-polling.js';
import useHangup from './ui/use-hangup.js';
import useTerminalSize from './ui/use-terminal-size.js';
import useTuning, {tuningKeys} from './ui/use-tuning.js';
import {initialViewState, selectedIndex, viewReducer, type KeyFlags, type ViewContext} from './ui/view-state.js';

export type AppProps = {
	readonly source: Source;
	readonly clock: Clock;
	/** How the app loop waits between ticks; tests step it by hand. */
	readonly schedule?: Scheduler;
	readonly intervalMs: number;
	readonly host: string;
	readonly initialDevice?: string;
	readonly initialView?: ViewName;
	/** Seconds to keep a change before it is rolled back (default 30). */
	readonly keepTimeoutSeconds?: number;
	/** Where the model's journal goes (tests); live changes use /run/hvtop. */
	readonly stateDir?: string;
	readonly ascii?: boolean;
	/** Colour on (default); off with NO_COLOR or a non-TTY stdout. */
	readonly color?: boolean;
	/** Fixed size, for tests; otherwise the terminal's. */
	readonly columns?: number;
	readonly rows?: number;
	/** Called once on quitting with one line per change this session saw (main prints them after the screen). */
	readonly onQuit?: (lines: readonly string[]) => void;
};

/** Below this the dashboard cannot show a header, a few queues and its footer. */
export const minimumSize = {columns: 50, rows: 16} as const;

export const helpBindings: readonly KeyBinding[] = [...dashboardKeys, ...changeKeys];

/** The hint line: the dashboard's and the tuning keys, most needed first. */
function hints(): string {
	const all = [...dashboardKeys, ...tuningKeys].filter(b => b.hint);
	const rank = (b: KeyBinding) => {
		const first = b.keys.split(' ')[0]!;
		const order = hintOrder.indexOf(first);
		return order === -1 ? 99 : order;
	};

	return hintLine([...all].sort((a, b) => rank(a) - rank(b)));
}

export default function App(props: AppProps) {
	const app = useApp();
	const quitting = useRef(false);
	const size = useTerminalSize({columns: props.columns, rows: props.rows});
	const [view, dispatch] = useReducer(viewReducer, undefined, () => initialViewState(props.initialDevice, props.initialView));
	// What is on screen, for the loop's next tick (read there, so a switch does not restart it).
	const focus = useRef<PollingFocus>({device: undefined, all: true});
	const {devices, readings, histories} = usePolling(props.source, props.clock, props.intervalMs, view.paused, props.schedule, focus);
	const [status, setStatus] = useState('');

	const index = selectedIndex(view, devices);
	const device = devices[index];
	focus.current = {device, all: view.view === 'vf'};

	const reading = device === undefined ? undefined : readings.get(device);
	const history = device === undefined ? undefined : histories.get(device);
	// Advice is computed once per new reading, not once per render.
	const advice = useMemo(() => (reading ? adviseReading(reading, history ? {history} : {}) : []), [reading, history]);

	const tuning = useTuning({
		source: props.source,
		...(device === undefined ? {} : {device}),
		keepTimeoutMs: (props.keepTimeoutSeconds ?? 30) * 1000,
		clock: props.clock,
		listen: false,
		...(props.stateDir ? {controller: {stateDir: props.stateDir}} : {}),
	});
	const changePending = tuning.change !== undefined && !isTerminal(tuning.change.state);
	// The banner gives way to an open dialog; otherwise it takes what it needs, at most half the screen.
	const bannerHeight = Math.min(bannerLines(tuning.change, tuning.notices, size.columns, tuning.now), Math.floor(size.rows / 2));
	const below = !tuning.dialog && (tuning.change || tuning.notices.length > 0)
		? {node: <ChangeBanner change={tuning.change} now={tuning.now} columns={size.columns} notices={tuning.notices}/>, lines: bannerHeight}
		: undefined;

	// What scrolling moves through depends on what fills the body.
	const bodyLines = bodyLinesFor(size.rows, below?.lines ?? 0);
	const scrollable = view.adviceOpen
		? adviceScrollable(advice, size.columns, bodyLines)
		// No view scrolls across devices, so the scroll extent needs only the device on screen.
		: viewByName(view.view).scroll({reading, readings: [], history}, {units: view.units, columns: size.columns, maxLines: bodyLines, ascii: props.ascii ?? false});

	// Keys may arrive between a render and the next effect: read what they need from refs.
	const context = useRef<ViewContext>({devices, queues: scrollable.items, window: scrollable.window});
	context.current = {devices, queues: scrollable.items, window: scrollable.window};
	const latest = useRef({tuning, changePending, showHelp: view.showHelp, advice, reading, adviceOpen: view.adviceOpen});
	latest.current = {tuning, changePending, showHelp: view.showHelp, advice, reading, adviceOpen: view.adviceOpen};
	// However the dashboard ends (q, Ctrl-C, hang-up), what happened to each change is handed out once.
	const exit = useCallback(() => {
		if (!quitting.current) {
			quitting.current = true;
			props.onQuit?.(latest.current.tuning.quitLines());
		}

		app.exit();
	}, [app, props.onQuit]); // eslint-disable-line react-hooks/exhaustive-deps

	// One input handler for everything: a dialog or a waiting change gets the key
	// first, then the dashboard. Keys never reach two owners.
	const handleKey = (input: string, key: KeyFlags) => {
		const now = latest.current;
		setStatus('');
		if (key.ctrl && input === 'c') {
			// Ctrl-C is "get me out": a waiting change is reverted first, as netplan try does.
			if (now.changePending) {
				setStatus('Ctrl-C: reverting the waiting change, then quitting…');
				const timer = setTimeout(exit, 5000);
				void now.tuning.sessionLost().then(async () => now.tuning.settled()).catch(() => undefined).finally(() => {
					clearTimeout(timer);
					exit();
				});
			} else {
				exit();
			}

			return;
		}

		if (!now.showHelp) {
			// From the advice panel, c and r open their dialog prefilled with the advice's values;
			// the panel closes, so after applying the queues are on screen.
			const kind = input === 'c' ? 'channels' : (input === 'r' ? 'rings' : undefined);
			const suggestion = now.adviceOpen && kind ? now.advice.find(a => a.suggestion?.kind === kind)?.suggestion : undefined;
			const combined = now.reading?.snapshot?.channels.ok ? now.reading.snapshot.channels.value.combined : undefined;
			if (suggestion && !now.tuning.dialog && !now.changePending) {
				if (suggestion.kind === 'channels' && combined !== undefined) {
					now.tuning.openChannels(undefined, suggestion.value - combined);
					dispatch({type: 'closeAdvice'});
					return;
				}

				if (suggestion.kind === 'rings') {
					now.tuning.openRings(undefined, suggestion.value);
					dispatch({type: 'closeAdvice'});
					return;
				}
			}

			if (now.adviceOpen && kind && !now.tuning.dialog && !now.changePending) {
				// No advice for it: the plain dialog, and the queues after it.
				dispatch({type: 'closeAdvice'});
			}

			if (now.tuning.handleInput(input, key)) {
				return;
			}

			if (key.escape && now.tuning.change && isTerminal(now.tuning.change.state)) {
				now.tuning.dismiss();
				return;
			}
		}

		if (input === 'q' && !now.showHelp && now.changePending) {
			setStatus('a change is waiting for you: y keeps it, n reverts it (Ctrl-C reverts and quits); then q quits');
			return;
		}

		dispatch({type: 'key', input, key, context: context.current});
	};

	useInput((input, key) => {
		// Keys typed faster than a frame (or pasted) arrive as one string: take them one by one.
		if (input.length > 1 && !key.ctrl && !key.meta) {
			for (const character of input) {
				handleKey(character, {});
			}

			return;
		}

		handleKey(input, key);
	});
	useEffect(() => {
		if (view.quit) {
			exit();
		}
	}, [view.quit, exit]);
	useHangup(async () => latest.current.tuning.sessionLost(), exit);

	if (size.columns < minimumSize.columns || size.rows < minimumSize.rows) {
		return <Text>{`hvtop needs a terminal of at least ${minimumSize.columns}×${minimumSize.rows}; this one is ${size.columns}×${size.rows}. q quits.`}</Text>;
	}

	if (view.showHelp) {
		return (
			<Box flexDirection='column' height={size.rows - 1} overflow='hidden'>
				<HelpScreen bindings={helpBindings} sourceLabel={props.source.label}/>
			</Box>
		);
	}

	return (
		<Dashboard
			host={props.host}
			sourceLabel={props.source.label}
			isModel={props.source.kind === 'model'}
			devices={devices}
			deviceIndex={index}
			reading={reading}
			readings={devices.flatMap(name => readings.get(name) ?? [])}
			history={history}
			advice={advice}
			view={view.view}
			adviceOpen={view.adviceOpen}
			dialog={tuning.dialog ? <TuningDialog dialog={tuning.dialog} columns={size.columns} maxLines={bodyLinesFor(size.rows)} ascii={props.ascii ?? false}/> : undefined}
			paused={view.paused}
			units={view.units}
			hideIdle={view.hideIdle}
			scroll={clampScroll(view.scroll, scrollable.items, scrollable.window)}
			columns={size.columns}
			rows={size.rows}
			intervalMs={props.intervalMs}
			ascii={props.ascii ?? false}
			color={props.color ?? true}
			hints={tuning.dialog || changePending ? hintLine(tuning.keys) : hints()}
			status={status}
			below={below?.node}
			belowLines={below?.lines ?? 0}
		/>
	);
}
