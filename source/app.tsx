// Wires source → stats → screen, and keys → view state. The only component
// with state; everything it renders is a pure function of that state.
import {useState} from 'react';
import {useApp, useInput} from 'ink';
import type {Clock} from './clock.js';
import type {Source} from './sources/source.js';
import Dashboard from './ui/dashboard.js';
import type {Units} from './ui/format.js';
import HelpScreen from './ui/help-screen.js';
import {dashboardKeys, hintLine} from './ui/keys.js';
import {clampScroll, queueRowsFor} from './ui/layout.js';
import usePolling from './ui/use-polling.js';
import useTerminalSize from './ui/use-terminal-size.js';

export type AppProps = {
	readonly source: Source;
	readonly clock: Clock;
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
	const [paused, setPaused] = useState(false);
	const [units, setUnits] = useState<Units>('bits');
	const [hideIdle, setHideIdle] = useState(false);
	const [showHelp, setShowHelp] = useState(false);
	const [scroll, setScroll] = useState(0);
	const [selected, setSelected] = useState<string | undefined>(props.initialDevice);
	const {devices, readings} = usePolling(props.source, props.clock, props.intervalMs, paused);

	const index = Math.max(0, selected === undefined ? 0 : devices.indexOf(selected));
	const device = devices[index];
	const reading = device === undefined ? undefined : readings.get(device);
	const window = queueRowsFor(size.rows);
	const queues = reading?.rates?.queues.length ?? 0;
	const moveScroll = (to: (current: number) => number) => {
		setScroll(current => clampScroll(to(current), queues, window));
	};

	const switchDevice = (step: number) => {
		if (devices.length === 0) {
			return;
		}

		setSelected(devices[(index + step + devices.length) % devices.length]);
		setScroll(0);
	};

	useInput((input, key) => {
		if (showHelp) {
			if (input === '?' || key.escape || input === 'q') {
				setShowHelp(false);
			}

			return;
		}

		if (input === 'q') {
			exit();
		} else if (input === '?') {
			setShowHelp(true);
		} else if (input === ' ') {
			setPaused(p => !p);
		} else if (input === 'b') {
			setUnits(u => (u === 'bits' ? 'bytes' : 'bits'));
		} else if (input === 'z') {
			setHideIdle(h => !h);
			setScroll(0);
		} else if ((key.tab && !key.shift) || key.rightArrow) {
			switchDevice(1);
		} else if ((key.tab && key.shift) || key.leftArrow) {
			switchDevice(-1);
		} else if (key.downArrow) {
			moveScroll(s => s + 1);
		} else if (key.upArrow) {
			moveScroll(s => s - 1);
		} else if (key.pageDown) {
			moveScroll(s => s + window);
		} else if (key.pageUp) {
			moveScroll(s => s - window);
		} else if (key.home) {
			moveScroll(() => 0);
		} else if (key.end) {
			moveScroll(() => queues);
		}
	});

	if (showHelp) {
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
			paused={paused}
			units={units}
			hideIdle={hideIdle}
			scroll={clampScroll(scroll, queues, window)}
			columns={size.columns}
			rows={size.rows}
			intervalMs={props.intervalMs}
			ascii={props.ascii ?? false}
			hints={hintLine(dashboardKeys)}
		/>
	);
}
