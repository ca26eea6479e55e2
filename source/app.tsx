// Wires source → stats → screen, and keys → view state and tuning. The only
// component with state; everything it renders is a pure function of that state.
import {useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode} from 'react';
import {Box, useApp} from 'ink';
import useKeys from './ui/use-keys.js';
import {Text} from './ui/text.js';
import {adviseReading} from './advice/index.js';
import type {Clock, Scheduler} from './clock.js';
import {viewByName, type ViewName} from './views/registry.js';
import type {Source} from './sources/source.js';
import {isTerminal, type ChangeView} from './tuning/types.js';
import {parseCpuList} from './cpu-list.js';
import ChangeBanner from './ui/change-banner.js';
import Dashboard, {sortAndFilter} from './ui/dashboard.js';
import HelpScreen, {helpWindow} from './ui/help-screen.js';
import {dispatch as dispatchAction, revertWaiting, type Dispatch} from './ui/dispatch.js';
import type {Units} from './format.js';
import {helpRows, hintLine, modeOf, resolve, type KeyFlags, type TuningKeyState} from './ui/keymap.js';
import {adviceScrollable} from './views/advice.js';
import {bannerLines} from './ui/banner-lines.js';
import {bodyLinesFor, clampScroll} from './ui/layout.js';
import TuningDialog from './ui/tuning-dialog.js';
import usePolling, {type PollingFocus} from './ui/use-polling.js';
import useHangup from './ui/use-hangup.js';
import useTerminalSize from './ui/use-terminal-size.js';
import useTuning, {type Tuning} from './ui/use-tuning.js';
import usePersist, {keptNotPersisted} from './ui/use-persist.js';
import ViewLines from './ui/view-lines.js';
import {initialViewState, selectedIndex, viewReducer, type ViewContext, type ViewState} from './ui/view-state.js';
import type {Advice} from './advice/types.js';
import type {DeviceReading} from './stats/reading.js';
import type {RateHistory} from './stats/history.js';
import {beforeAfter, beforeAfterText} from './stats/before-after.js';
import useVfNotice from './ui/use-vf-notice.js';
import {changeMarksFor} from './ui/change-marks.js';

export type AppProps = {
	readonly source: Source;
	readonly clock: Clock;
	/** How the app loop waits between ticks; tests step it by hand. */
	readonly schedule?: Scheduler;
	readonly intervalMs: number;
	readonly host: string;
	readonly initialDevice?: string;
	readonly initialView?: ViewName;
	readonly initialUnits?: Units;
	/** W: saves the preferences (main writes the file); without it W says nothing is saved. */
	readonly savePreferences?: Dispatch['savePreferences'];
	/** Seconds to keep a change before it is rolled back (default 30). */
	readonly keepTimeoutSeconds?: number;
	/** Where the model's journal goes (tests); live changes use /run/hvtop. */
	readonly stateDir?: string;
	/** Where `p` reads and writes .link files (tests); `/` by default. */
	readonly sysconfRoot?: string;
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

/** What scrolling moves through: it depends on what fills the body. */
type ScrollInput = {readonly view: ViewState; readonly reading: DeviceReading | undefined; readonly history: RateHistory | undefined; readonly advice: readonly Advice[]; readonly ascii: boolean};

// What scrolling moves through depends on what fills the body.
function scrollableFor(input: ScrollInput, size: {readonly columns: number; readonly rows: number}, belowLines: number): {items: number; window: number} {
	const {view, reading, history, advice, ascii} = input;
	const bodyLines = bodyLinesFor(size.rows, belowLines);
	if (view.showHelp) {
		const rows = helpRows().length;
		return {items: rows, window: helpWindow(rows, size.rows - 1, 0)?.size ?? rows};
	}

	if (view.adviceOpen) {
		return adviceScrollable(advice, size.columns, bodyLines);
	}

	// No view scrolls across devices, so the scroll extent needs only the device on screen.
	return viewByName(view.view).scroll({reading, readings: [], history}, {units: view.units, columns: size.columns, maxLines: bodyLines, ascii, queuePath: view.queuePath, ...sortAndFilter(view)});
}

/** The banner under the body: it gives way to an open dialog; otherwise it takes what it needs, at most half the screen. */
function bannerBelow(tuning: Tuning, size: {readonly columns: number; readonly rows: number}, history: RateHistory | undefined): {node: ReactNode; lines: number} | undefined {
	const comparison = changeComparison(tuning.change, history);
	const bannerHeight = Math.min(bannerLines(tuning.change, tuning.notices, size.columns, tuning.now, comparison).length, Math.floor(size.rows / 2));
	return !tuning.dialog && (tuning.change || tuning.notices.length > 0)
		? {node: <ChangeBanner change={tuning.change} now={tuning.now} columns={size.columns} notices={tuning.notices} comparison={comparison}/>, lines: bannerHeight}
		: undefined;
}

/** Before → since for the change on screen, on the device it changed (the history is the device on screen's). */
function changeComparison(change: Tuning['change'], history: RateHistory | undefined): string | undefined {
	const applied = change?.history.find(step => step.state === 'APPLYING')?.at;
	if (!change || !history || applied === undefined || history.device !== change.dev) {
		return undefined;
	}

	// A kept change goes on being measured; one undone (or never made) is measured until then.
	const ended = change.history.find(step => !['PLANNED', 'JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM', 'KEPT'].includes(step.state))?.at;
	const figures = beforeAfter(history, applied, ended ?? Number.POSITIVE_INFINITY);
	return figures ? beforeAfterText(figures) : undefined;
}

/** The VF queue interrupts a kept irq-cpu change on `device` put where they are (IRQ → CPUs), for the irqbalance advice. */
export function placedIrqsOf(change: ChangeView | undefined, device: string | undefined): ReadonlyMap<number, readonly number[]> | undefined {
	if (change?.kind !== 'irq-cpu' || change.state !== 'KEPT' || change.dev !== device) {
		return undefined;
	}

	const pairs = (change.after.irqAffinity ?? '').split(' ').flatMap(pair => {
		const [irq, cpus] = pair.split(':');
		const list = parseCpuList(cpus ?? '');
		return irq && /^\d+$/.test(irq) && list ? [[Number(irq), list] as const] : [];
	});
	return pairs.length > 0 ? new Map(pairs) : undefined;
}

/** Advice, computed once per new reading (or kept IRQ placement: the irqbalance rule), not once per render. */
const adviceOf = (reading: DeviceReading | undefined, history: RateHistory | undefined, placed: ReadonlyMap<number, readonly number[]> | undefined) =>
	(reading ? adviseReading(reading, {...(history ? {history} : {}), ...(placed ? {placedIrqs: placed} : {})}) : []);

/** The persist plan under the body, in place of the banner: at most half the screen. */
function persistBelow(lines: readonly string[], size: {readonly columns: number; readonly rows: number}): {node: ReactNode; lines: number} {
	const shown = lines.slice(0, Math.floor(size.rows / 2));
	return {node: <ViewLines lines={shown.map(text => ({text: text.slice(0, size.columns)}))}/>, lines: shown.length};
}

export default function App(props: AppProps) {
	const app = useApp();
	const quitting = useRef(false);
	const size = useTerminalSize({columns: props.columns, rows: props.rows});
	const [view, dispatch] = useReducer(viewReducer, undefined, () => initialViewState(props.initialDevice, props.initialView, props.initialUnits));
	// What is on screen, for the loop's next tick (read there, so a switch does not restart it).
	const focus = useRef<PollingFocus>({device: undefined, all: true});
	const {devices, readings, histories} = usePolling(props.source, props.clock, props.intervalMs, view.paused, props.schedule, focus);
	const [status, setStatus] = useState('');

	const index = selectedIndex(view, devices);
	const device = devices[index];
	focus.current = {device, all: view.view === 'vf'};

	const reading = device === undefined ? undefined : readings.get(device);
	const history = device === undefined ? undefined : histories.get(device);
	const notice = useVfNotice(device, reading?.rates);
	const latestReadings = useRef(readings); // Read when a dialog opens
	latestReadings.current = readings;

	const tuning = useTuning({
		source: props.source,
		...(device === undefined ? {} : {device}),
		keepTimeoutMs: (props.keepTimeoutSeconds ?? 30) * 1000,
		clock: props.clock,
		listen: false,
		rates: name => latestReadings.current.get(name)?.rates, // A CPU move's plan shows the load before and after
		...(props.stateDir ? {controller: {stateDir: props.stateDir}} : {}),
	});
	const placed = useMemo(() => placedIrqsOf(tuning.change, device), [tuning.change, device]);
	const advice = useMemo(() => adviceOf(reading, history, placed), [reading, history, placed]);
	const persist = usePersist(props.source, props.clock, props.sysconfRoot);
	const changePending = tuning.change !== undefined && !isTerminal(tuning.change.state);
	const shownForHints: TuningKeyState = {dialogOpen: tuning.dialog !== undefined, awaiting: tuning.change?.state === 'AWAIT_CONFIRM', pending: changePending, finished: tuning.change !== undefined && !changePending, persistOpen: persist.shown !== undefined};
	const below = persist.shown ? persistBelow(persist.shown.lines, size) : bannerBelow(tuning, size, history);

	const scrollable = scrollableFor({view, reading, history, advice, ascii: props.ascii ?? false}, size, below?.lines ?? 0);

	// Keys may arrive between a render and the next effect: read what they need from refs.
	const context = useRef<ViewContext>({devices, queues: scrollable.items, window: scrollable.window});
	context.current = {devices, queues: scrollable.items, window: scrollable.window};
	const latest = useRef({tuning, viewState: view, advice, reading, persist, savePreferences: props.savePreferences});
	latest.current = {tuning, viewState: view, advice, reading, persist, savePreferences: props.savePreferences, ...(props.source.replay ? {replay: props.source.replay} : {})};
	// However the dashboard ends (q, Ctrl-C, hang-up), what happened to each change is handed out once.
	const exit = useCallback(() => {
		if (!quitting.current) {
			quitting.current = true;
			props.onQuit?.(latest.current.tuning.quitLines());
		}

		app.exit();
	}, [app, props.onQuit]); // eslint-disable-line react-hooks/exhaustive-deps

	// One input handler for everything: the keymap says what the key means where we are, once.
	const handleKey = (input: string, key: KeyFlags) => {
		const now = latest.current;
		setStatus('');
		const action = resolve(modeOf(now.viewState, {...now.tuning.keyState(), vf: now.reading?.snapshot?.vfDevice !== undefined, replay: props.source.replay !== undefined, persistOpen: now.persist.shown !== undefined}), input, key);
		if (action) {
			dispatchAction(action, {...now, exit, status: setStatus, view(command) {
				// The next key of a burst must see this one's result (help closed, panel open) before React re-renders.
				now.viewState = viewReducer(now.viewState, {command, context: context.current});
				dispatch({command, context: context.current});
			}});
		}
	};

	useKeys(handleKey);
	useEffect(() => {
		if (view.quit) {
			exit();
		}
	}, [view.quit, exit]);
	useHangup(async () => revertWaiting(latest.current.tuning)(), exit);

	if (size.columns < minimumSize.columns || size.rows < minimumSize.rows) {
		return <Text>{`hvtop needs a terminal of at least ${minimumSize.columns}×${minimumSize.rows}; this one is ${size.columns}×${size.rows}. q quits.`}</Text>;
	}

	if (view.showHelp) {
		return (
			<Box flexDirection='column' height={size.rows - 1} overflow='hidden'>
				<HelpScreen rows={helpRows()} sourceLabel={props.source.label} maxLines={size.rows - 1} scroll={view.helpScroll}/>
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
			history={history} changes={changeMarksFor(tuning.changes, device)}
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
			hints={hintLine(modeOf(view, shownForHints))}
			status={status || notice}
			queuePath={view.queuePath}
			{...sortAndFilter(view)}
			below={below?.node}
			belowLines={below?.lines ?? 0}
			notPersisted={keptNotPersisted(tuning.change, persist.persisted)}
		/>
	);
}
