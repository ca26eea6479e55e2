// Wires source → stats → screen, and keys → view state. The only component
// with state; everything it renders is a pure function of that state.
import {useEffect, useReducer, useRef} from 'react';
import {useApp, useInput} from 'ink';
import type {Clock, Scheduler} from './clock.js';
import type {Source} from './sources/source.js';
import Dashboard from './ui/dashboard.js';
import HelpScreen from './ui/help-screen.js';
import {dashboardKeys, hintLine} from './ui/keys.js';
import {clampScroll, queueRowsFor} from './ui/layout.js';
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
	readonly ascii?: boolean;
	/** Fixed size, for tests; otherwise the terminal's. */
	readonly columns?: number;
	readonly rows?: number;
};

export default function App(props: AppProps) {
	const {exit} = useApp();
	const size = useTerminalSize({columns: props.columns, rows: props.rows});
	const [view, dispatch] = useReducer(viewReducer, props.initialDevice, initialViewState);
	const {devices, readings} = usePolling(props.source, props.clock, props.intervalMs, view.paused, props.schedule);

	const index = selectedIndex(view, devices);
	const device = devices[index];
	const reading = device === undefined ? undefined : readings.get(device);
	const window = queueRowsFor(size.rows);
	const queues = reading?.rates?.queues.length ?? 0;

	// Keys may arrive between a render and the next effect: read the context from a ref.
	const context = useRef<ViewContext>({devices, queues, window});
	context.current = {devices, queues, window};
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
			paused={view.paused}
			units={view.units}
			hideIdle={view.hideIdle}
			scroll={clampScroll(view.scroll, queues, window)}
			columns={size.columns}
			rows={size.rows}
			intervalMs={props.intervalMs}
			ascii={props.ascii ?? false}
			hints={hintLine(dashboardKeys)}
		/>
	);
}
