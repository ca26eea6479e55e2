// hvtop fleet's dashboard: one row per VM and NIC from Prometheus, worst
// first; s sorts, / filters, Enter drills into a NIC's queues and CPUs, r
// refreshes, ? helps, q quits (keys: keymap.ts, mode 'fleet'). What it
// prints is lines from source/fleet/ (pure); this shell keeps the state.
import {useMemo, useRef, useState} from 'react';
import {Box, useApp} from 'ink';
import type {Scheduler} from '../clock.js';
import {fleetDetailLines} from '../fleet/detail.js';
import {fleetListLines, wrapLine, type FleetLine} from '../fleet/list-lines.js';
import {filterRows, sortRows} from '../fleet/order.js';
import type {Fetch} from '../fleet/prometheus-api.js';
import {noTargets, type FleetReading} from '../fleet/read.js';
import {isStale, type FleetRow} from '../fleet/rows.js';
import {fleetHelpRows, fleetModesOf} from './fleet-keys.js';
import {fleetReducer, initialFleetScreen, selectedIndex, type FleetScreen} from './fleet-state.js';
import HelpScreen from './help-screen.js';
import {hintLine, resolve, type KeyFlags} from './keymap.js';
import {Text} from './text.js';
import useFleetData, {type FleetData} from './use-fleet-data.js';
import useKeys from './use-keys.js';
import useTerminalSize from './use-terminal-size.js';

export type FleetAppProps = {
	readonly url: string;
	readonly intervalMs: number;
	readonly schedule: Scheduler;
	readonly wallNow: () => number;
	readonly fetch?: Fetch;
	readonly ascii?: boolean;
	/** The first reading, when asked for before the screen (use-fleet-data.ts). */
	readonly first?: Promise<FleetReading>;
	/** Fixed size, for tests; otherwise the terminal's. */
	readonly columns?: number;
	readonly rows?: number;
};

const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);
const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** The status line: what the rows are, and what went wrong. */
function statusLine(data: FleetData, url: string, intervalMs: number): FleetLine {
	if (data.triedAt === undefined) {
		return {text: `asking Prometheus at ${url}…`, style: 'dim'};
	}

	if (data.unreachable) {
		const kept = data.goodAt === undefined ? 'no rows yet' : `rows of ${clock(data.goodAt)} kept (stale)`;
		// The title line has the URL: the why is what this line needs.
		const why = data.unreachable.replace(`cannot reach Prometheus at ${url}: `, '');
		return {text: `PROMETHEUS UNREACHABLE at ${url}: ${why}; ${kept}; retry every ${seconds(intervalMs)}, r now`, style: 'problem'};
	}

	if (data.problems.length > 0) {
		const more = data.problems.length > 1 ? ` (and ${data.problems.length - 1} more)` : '';
		return {text: `QUERY FAILED: ${data.problems[0]!}${more}; its column shows ?`, style: 'problem'};
	}

	if (data.rows.length === 0) {
		return {text: noTargets(url), style: 'problem'};
	}

	const down = data.rows.filter(row => !row.up).length;
	const stale = data.rows.filter(row => isStale(row)).length;
	const worries = [down > 0 ? `${down} target${down === 1 ? '' : 's'} down` : '', stale > 0 ? `${stale} stale` : ''].filter(Boolean).join(', ');
	return {text: `read ${clock(data.goodAt!)}, every ${seconds(intervalMs)}${worries ? `; ${worries}` : ''}`, ...(worries ? {style: 'problem' as const} : {})};
}

function titleLine(data: FleetData, shown: number, screen: FleetScreen, url: string): string {
	const vms = new Set(data.rows.map(row => row.instance)).size;
	const nics = data.rows.filter(row => row.up).length;
	const filter = screen.filter === '' ? '' : `, ${shown} match "${screen.filter}"`;
	return `hvtop fleet  ${url}  ${vms} VMs, ${nics} NICs${filter}  sort: ${screen.sort}`;
}

function Lines({lines}: {readonly lines: readonly FleetLine[]}) {
	return (
		<>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap='truncate' bold={line.style === 'header'} inverse={line.style === 'selected'} color={line.style === 'problem' ? 'red' : undefined} dimColor={line.style === 'dim'}>{line.text === '' ? ' ' : line.text}</Text>
			))}
		</>
	);
}

export default function FleetApp(props: FleetAppProps) {
	const {exit} = useApp();
	const size = useTerminalSize({...(props.columns === undefined ? {} : {columns: props.columns}), ...(props.rows === undefined ? {} : {rows: props.rows})});
	const screenRef = useRef<FleetScreen>(initialFleetScreen);
	const [screen, setScreen] = useState(initialFleetScreen);
	const {data, refresh} = useFleetData({url: props.url, intervalMs: props.intervalMs, schedule: props.schedule, wallNow: props.wallNow, detail: screen.detail, ...(props.fetch ? {fetch: props.fetch} : {}), ...(props.first ? {first: props.first} : {})});
	const rows = useMemo(() => filterRows(sortRows(data.rows, screen.sort), screen.filter), [data.rows, screen.sort, screen.filter]);
	const rowsRef = useRef<readonly FleetRow[]>(rows);
	rowsRef.current = rows;
	const ascii = props.ascii ?? false;
	const height = size.rows - 1;
	// What went wrong may take two lines at 80 columns: it is the line that matters most then.
	const status = statusLine(data, props.url, props.intervalMs);
	const statusLines = wrapLine(status.text, size.columns, 2).map(text => ({...status, text}));
	const below = (screen.filtering ? 1 : 0) + (screen.notice ? 1 : 0) + 1;
	const bodyHeight = Math.max(2, height - 1 - statusLines.length - below);

	useKeys((input: string, key: KeyFlags) => {
		const action = resolve(fleetModesOf(screenRef.current), input, key);
		if (!action) {
			return;
		}

		if (action.type === 'fleetRefresh') {
			refresh();
			return;
		}

		// Keys typed faster than a render see each other's state (the ref), never a stale screen.
		const detailLines = data.detail ? data.detail.queues.length + data.detail.cpus.length + 3 : 0;
		const next = fleetReducer(screenRef.current, action, {rows: rowsRef.current, window: bodyHeight - 1, detailLines});
		screenRef.current = next;
		setScreen(next);
		if (next.quit) {
			exit();
		}
	});

	if (screen.showHelp) {
		return <HelpScreen rows={fleetHelpRows()} sourceLabel={`Prometheus at ${props.url}`} maxLines={height} scroll={screen.helpScroll}/>;
	}

	const stale = data.unreachable !== undefined;
	let body: FleetLine[];
	if (screen.detail) {
		const {instance, device, vf} = screen.detail;
		const title: FleetLine = {text: `${instance} ${device}${vf ? ` + VF ${vf}` : ''}: packets/s per queue and CPU${stale ? ' (stale)' : ''}`, style: 'header'};
		const problem: FleetLine[] = data.detailProblem ? [{text: `RANGE QUERY FAILED: ${data.detailProblem}`, style: 'problem'}] : [];
		const table = data.detail ? fleetDetailLines(data.detail, size.columns, bodyHeight - 1 - problem.length, screen.detailScroll, ascii) : [{text: 'asking Prometheus for its queues…', style: 'dim' as const}];
		body = [title, ...problem, ...table];
	} else {
		body = fleetListLines({rows, selected: selectedIndex(screen, rows), width: size.columns, height: bodyHeight, ascii, stale});
	}

	const footer: FleetLine[] = [
		...(screen.filtering ? [{text: `/ ${screen.filter}_  (Enter keep, Esc clear)`}] : []),
		...(screen.notice ? [{text: screen.notice, style: 'problem' as const}] : []),
		{text: hintLine(fleetModesOf(screen)), style: 'dim'},
	];
	return (
		<Box flexDirection='column' height={height}>
			<Lines lines={[{text: titleLine(data, rows.length, screen, props.url), style: 'header'}, ...statusLines]}/>
			<Box flexDirection='column' height={bodyHeight} overflow='hidden'>
				<Lines lines={body}/>
			</Box>
			<Lines lines={footer}/>
		</Box>
	);
}
