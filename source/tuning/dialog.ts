// The change dialog's state and keys, as pure functions so they are tested
// without a terminal: current → proposed, stepped with ←/→ or +/−, typed with
// digits; y/Enter confirms a valid plan, n/Esc/q cancel. Works on any kind:
// how a kind opens, steps and plans comes from its registry entry.
import type {Channels, Result, Rings} from '../types.js';
import {kindOf, type ChangeKind} from './kinds/index.js';
import type {KindDialogPrefill} from './kinds/kind.js';
import type {PlanResult} from './plan.js';
import type {Values} from './types.js';

export type DialogField = 'combined' | 'rx' | 'tx';

export type DialogState = {
	readonly kind: ChangeKind;
	readonly device: string;
	readonly current: Values;
	readonly proposed: Values;
	/** Fields the admin can edit, in Tab order. */
	readonly fields: readonly DialogField[];
	readonly field: DialogField;
	/** Largest value per field (the driver's maximum). */
	readonly max: Values;
	/** Digits typed since the field was focused; replaces the value. */
	readonly typed: string;
	readonly plan: PlanResult;
	/** For the "kept unless…" line. */
	readonly keepTimeoutMs: number;
};

/** What a key asks of the owner (the hook). */
export type DialogAction = 'confirm' | 'cancel';

export type DialogKey = {
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly tab?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
};

function replan(state: Omit<DialogState, 'plan'>, source: Result<unknown>): DialogState {
	const kind = kindOf(state.kind);
	return {...state, plan: kind.plan(state.device, source, kind.dialog.input(state.proposed))};
}

/**
 * Open on any kind, from the part of the snapshot the kind reads (`source`);
 * `prefill.step` pre-moves the proposal (the dashboard's +/− keys), `prefill.values` proposes values (advice).
 */
export function openDialog(kind: ChangeKind, device: string, source: Result<unknown>, keepTimeoutMs: number, prefill: KindDialogPrefill = {}): DialogState | {readonly error: string} {
	const opened = kindOf(kind).dialog.open(device, source, prefill);
	if (typeof opened === 'string') {
		return {error: opened};
	}

	return replan({kind, device, ...opened, typed: '', keepTimeoutMs}, source);
}

/** Open on channels; `step` pre-moves the proposal (the dashboard's +/− keys). */
export const openChannelsDialog = (device: string, channels: Result<Channels>, keepTimeoutMs: number, step = 0): DialogState | {readonly error: string} =>
	openDialog('channels', device, channels, keepTimeoutMs, {step});

/** Open on rings; `prefill` proposes values (advice), focusing the first one given. */
export const openRingsDialog = (device: string, rings: Result<Rings>, keepTimeoutMs: number, prefill: {readonly rx?: number; readonly tx?: number} = {}): DialogState | {readonly error: string} =>
	openDialog('rings', device, rings, keepTimeoutMs, {values: prefill});

/** One key. The source value is what the dialog was opened from (for re-planning). */
export function dialogKey(state: DialogState, input: string, key: DialogKey, source: Result<unknown>): {state: DialogState; action?: DialogAction} {
	if (key.escape || input === 'n' || input === 'q') {
		return {state, action: 'cancel'};
	}

	if (key.return || input === 'y') {
		return state.plan.ok ? {state, action: 'confirm'} : {state};
	}

	const kind = kindOf(state.kind);
	const value = state.proposed[state.field] ?? 0;
	const max = state.max[state.field] ?? value;
	let next: Omit<DialogState, 'plan'> | undefined;
	if (key.tab || key.upArrow || key.downArrow) {
		const index = state.fields.indexOf(state.field);
		const field = state.fields[(index + (key.upArrow ? state.fields.length - 1 : 1)) % state.fields.length] ?? state.field;
		return {state: {...state, field, typed: ''}};
	}

	if (key.rightArrow || input === '+' || input === '=') {
		next = {...state, typed: '', proposed: kind.dialog.withValue(state, kind.dialog.step(value, 1, max))};
	} else if (key.leftArrow || input === '-' || input === '_') {
		next = {...state, typed: '', proposed: kind.dialog.withValue(state, kind.dialog.step(value, -1, max))};
	} else if (/^\d+$/.test(input)) {
		const typed = `${state.typed}${input}`.replace(/^0+(?=\d)/, '').slice(0, 9);
		next = {...state, typed, proposed: kind.dialog.withValue(state, Number(typed))};
	} else if ((key.backspace || key.delete) && state.typed !== '') {
		const typed = state.typed.slice(0, -1);
		next = {...state, typed, proposed: kind.dialog.withValue(state, typed === '' ? (state.current[state.field] ?? 0) : Number(typed))};
	}

	return next ? {state: replan(next, source)} : {state};
}
