// What hvtop fleet's screen shows (sort, filter, selection, the NIC drilled
// into, help), as a pure reducer of the keymap's actions (keymap.ts, mode
// 'fleet'); refresh is the app's. The selection is a row's key, so it stays
// on its NIC when a refresh reorders the rows.
import {nextSort, type FleetSort} from '../fleet/order.js';
import {rowKey, type FleetRow} from '../fleet/rows.js';
import type {DetailTarget} from '../fleet/detail.js';
import type {Action} from './keymap.js';

export type FleetScreen = {
	readonly sort: FleetSort;
	readonly filter: string;
	readonly filtering: boolean;
	/** rowKey of the selected row; undefined: the first. */
	readonly selected?: string;
	/** The NIC whose queues are on screen (Enter), if any. */
	readonly detail?: DetailTarget;
	readonly detailScroll: number;
	readonly showHelp: boolean;
	readonly helpScroll: number;
	/** One line for the status bar: what a key did not do, and why. */
	readonly notice?: string;
	readonly quit: boolean;
};

export const initialFleetScreen: FleetScreen = {sort: 'worst', filter: '', filtering: false, detailScroll: 0, showHelp: false, helpScroll: 0, quit: false};

/** The rows on screen (sorted, filtered) and how many fit: what moving needs. */
export type FleetContext = {
	readonly rows: readonly FleetRow[];
	readonly window: number;
	/** Lines of the drilled-into NIC's table (its scroll stops at the last page). */
	readonly detailLines?: number;
};

export const selectedIndex = (screen: FleetScreen, rows: readonly FleetRow[]): number =>
	Math.max(0, screen.selected === undefined ? 0 : rows.findIndex(row => rowKey(row) === screen.selected));

function move(screen: FleetScreen, action: Extract<Action, {type: 'scroll'}>, context: FleetContext): FleetScreen {
	if (screen.detail) {
		const by = action.by === 'row' ? 1 : (action.by === 'page' ? context.window : 10_000);
		const last = Math.max(0, (context.detailLines ?? 0) - context.window);
		return {...screen, detailScroll: Math.max(0, Math.min(last, screen.detailScroll + (by * action.direction)))};
	}

	const {rows} = context;
	if (rows.length === 0) {
		return screen;
	}

	const from = selectedIndex(screen, rows);
	const to = action.by === 'end' ? (action.direction > 0 ? rows.length - 1 : 0) : from + ((action.by === 'row' ? 1 : Math.max(1, context.window - 1)) * action.direction);
	return {...screen, selected: rowKey(rows[Math.max(0, Math.min(rows.length - 1, to))]!)};
}

function open(screen: FleetScreen, context: FleetContext): FleetScreen {
	const row = context.rows[selectedIndex(screen, context.rows)];
	if (!row) {
		return {...screen, notice: 'no row to open'};
	}

	if (!row.up || row.device === undefined) {
		return {...screen, notice: `${row.instance} is down: Prometheus has no queues of it now`};
	}

	return {...screen, detail: {instance: row.instance, device: row.device, ...(row.vf ? {vf: row.vf} : {})}, detailScroll: 0};
}

function filter(screen: FleetScreen, op: 'start' | 'erase' | 'keep' | 'clear'): FleetScreen {
	switch (op) {
		case 'start': {
			return {...screen, filtering: true};
		}

		case 'erase': {
			return {...screen, filter: screen.filter.slice(0, -1)};
		}

		case 'keep': {
			return {...screen, filtering: false};
		}

		default: {
			return {...screen, filter: '', filtering: false};
		}
	}
}

export function fleetReducer(screen: FleetScreen, action: Action, context: FleetContext): FleetScreen {
	const next = {...screen, notice: undefined};
	switch (action.type) {
		case 'quit': {
			return {...next, quit: true};
		}

		case 'openHelp': {
			return {...next, showHelp: true, helpScroll: 0};
		}

		case 'closeHelp': {
			return {...next, showHelp: false};
		}

		case 'helpScroll': {
			return {...next, helpScroll: Math.max(0, screen.helpScroll + action.by)};
		}

		case 'sort': {
			return {...next, sort: nextSort(screen.sort)};
		}

		case 'filter': {
			return filter(next, action.op);
		}

		case 'filterText': {
			return {...next, filter: `${screen.filter}${action.text}`.slice(0, 64)};
		}

		case 'scroll': {
			return move(next, action, context);
		}

		case 'fleetOpen': {
			return screen.detail ? next : open(next, context);
		}

		case 'fleetBack': {
			return screen.detail ? {...next, detail: undefined} : {...next, filter: ''};
		}

		default: {
			return next;
		}
	}
}
