// Wires source → stats → screen, and keys → view state. The only component
// with state; everything it renders is a pure function of that state.
import {useEffect, useMemo, useReducer, useRef} from 'react';
import {useApp, useInput} from 'ink';
import {adviseReading} from './advice/index.js';
import type {Clock, Scheduler} from './clock.js';
import type {ViewName} from './output/views-text.js';
import type {Source} from './sources/source.js';
import Dashboard from './ui/dashboard.js';
import HelpScreen from './ui/help-screen.js';
import {dashboardKeys, hintLine} from './ui/keys.js';
import {bodyLinesFor, clampScroll, queueRowsFor} from './ui/layout.js';
import usePolling from './ui/use-polling.js';
import useTerminalSize from './ui/use-terminal-size.js';
import {initialViewState, selectedIndex, viewReducer, type ViewContext} from './ui/view-state.js';

export type AppProps = {
	readonly source: Source;
	readonly clock: Clock;
	/** How the app loop waits between ticks; tests step it by hand. */
	readonly schedule?: Scheduler;
	readonly intervalMs: number;
	readonly host: string;
	readonly initialDevice?: string;
	readonly initialView?: ViewName;
	readonly ascii?: boolean;
	/** Colour on (default); off with NO_COLOR or a non-TTY stdout. */
	readonly color?: boolean;
	/** Fixed size, for tests; otherwise the terminal's. */
	readonly columns?: number;
	readonly rows?: number;
};

export default function App(props: AppProps) {
	const {exit} = useApp();
	const size = useTerminalSize({columns: props.columns, rows: props.rows});
	const [view, dispatch] = useReducer(viewReducer, undefined, () => initialViewState(props.initialDevice, props.initialView));
	const {devices, readings, histories} = usePolling(props.source, props.clock, props.intervalMs, view.paused, props.schedule);

	const index = selectedIndex(view, devices);
	const device = devices[index];
	const reading = device === undefined ? undefined : readings.get(device);
	const history = device === undefined ? undefined : histories.get(device);
	// Advice is computed once per new reading, not once per render.
	const advice = useMemo(() => (reading ? adviseReading(reading, history ? {history} : {}) : []), [reading, history]);

	// What scrolling moves through depends on what fills the body.
	const bodyLines = bodyLinesFor(size.rows);
	let scrollable = {items: reading?.rates?.queues.length ?? 0, window: queueRowsFor(size.rows)};
	if (view.adviceOpen) {
		scrollable = {items: advice.length * 3, window: bodyLines};
	} else if (view.view === 'cpus') {
		scrollable = {items: reading?.rates?.cpus.length ?? 0, window: bodyLines - 2};
	}

	// Keys may arrive between a render and the next effect: read the context from a ref.
	const context = useRef<ViewContext>({devices, queues: scrollable.items, window: scrollable.window});
	context.current = {devices, queues: scrollable.items, window: scrollable.window};
	useInput((input, key) => {
		dispatch({type: 'key', input, key, context: context.current});
	});
	useEffect(() => {
		if (view.quit) {
			exit();
		}
	}, [view.quit, exit]);

	if (view.showHelp) {
		return <HelpScreen bindings={dashboardKeys} sourceLabel={props.source.label}/>;
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
			paused={view.paused}
			units={view.units}
			hideIdle={view.hideIdle}
			scroll={clampScroll(view.scroll, scrollable.items, scrollable.window)}
			columns={size.columns}
			rows={size.rows}
			intervalMs={props.intervalMs}
			ascii={props.ascii ?? false}
			color={props.color ?? true}
			hints={hintLine(dashboardKeys)}
		/>
	);
}
