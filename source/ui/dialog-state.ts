// The change dialog's state and what each of its operations does, as pure
// functions so they are tested without a terminal: current → proposed,
// stepped up or down, typed digit by digit; confirm takes a valid plan only.
// Works on any kind: how a kind opens, steps and plans comes from its registry
// entry. Which key means which operation is the keymap's (keymap.ts).
import type {Channels, Result, Rings} from '../types.js';
import {kindOf, type ChangeKind} from '../tuning/kinds/index.js';
import type {DialogValues, KindDialogPrefill, PlanContext} from '../tuning/kinds/kind.js';
import type {PlanResult} from '../tuning/plan.js';

export type DialogField = string;

export type DialogState = {
	readonly kind: ChangeKind;
	readonly device: string;
	readonly current: DialogValues;
	readonly proposed: DialogValues;
	/** Fields the admin can edit, in Tab order. */
	readonly fields: readonly DialogField[];
	readonly field: DialogField;
	/** Largest value per field (the driver's maximum). */
	readonly max: DialogValues;
	/** Smallest value per field, when the driver's is above 1. */
	readonly min?: DialogValues;
	/** A VF kind: the VF it changes (its name and driver, for the title). */
	readonly vf?: {readonly name: string; readonly driver: string};
	/** Digits typed since the field was focused; replaces the value. */
	readonly typed: string;
	readonly plan: PlanResult;
	/** For the "kept unless…" line. */
	readonly keepTimeoutMs: number;
	/** The rate limit's wait when the dialog opened (a change that re-creates the device, too soon after the last). */
	readonly recreateWait?: {readonly seconds: number; readonly reason: string};
	/** What the plan knows besides the reading (the last rates, irqbalance), as of opening. */
	readonly context?: PlanContext;
};

/** What a key asks of the owner (the hook). */
export type DialogAction = 'confirm' | 'cancel' | 'force';

/** One operation on the dialog; the keymap maps keys to these. */
export type DialogOp =
	| {readonly type: 'cancel'}
	| {readonly type: 'confirm'}
	/** Apply past the rate limit on re-creating the device. */
	| {readonly type: 'force'}
	/** The next (+1) or previous (-1) field, in Tab order. */
	| {readonly type: 'field'; readonly step: 1 | -1}
	/** One step up or down (by one for channels, by powers of two for rings). */
	| {readonly type: 'step'; readonly direction: 1 | -1}
	| {readonly type: 'digits'; readonly digits: string}
	/** Take back the last digit typed. */
	| {readonly type: 'erase'}
	/** A key the dialog holds but gives no meaning (it does not reach the dashboard). */
	| {readonly type: 'ignore'};

function replan(state: Omit<DialogState, 'plan'>, source: Result<unknown>): DialogState {
	const kind = kindOf(state.kind);
	return {...state, plan: kind.plan(state.device, source, kind.dialog.input(state.proposed), state.context)};
}

/**
 * Open on any kind, from the part of the snapshot the kind reads (`source`);
 * `prefill.step` pre-moves the proposal (the dashboard's +/− keys), `prefill.values` proposes values (advice).
 */
export function openDialog(kind: ChangeKind, device: string, source: Result<unknown>, keepTimeoutMs: number, prefill: KindDialogPrefill = {}, context?: PlanContext): DialogState | {readonly error: string} {
	const opened = kindOf(kind).dialog.open(device, source, prefill);
	if (typeof opened === 'string') {
		return {error: opened};
	}

	return replan({kind, device, ...opened, typed: '', keepTimeoutMs, ...(context ? {context} : {})}, source);
}

/** Open on channels; `step` pre-moves the proposal (the dashboard's +/− keys). */
export const openChannelsDialog = (device: string, channels: Result<Channels>, keepTimeoutMs: number, step = 0): DialogState | {readonly error: string} =>
	openDialog('channels', device, channels, keepTimeoutMs, {step});

/** Open on rings; `prefill` proposes values (advice), focusing the first one given. */
export const openRingsDialog = (device: string, rings: Result<Rings>, keepTimeoutMs: number, prefill: {readonly rx?: number; readonly tx?: number} = {}): DialogState | {readonly error: string} =>
	openDialog('rings', device, rings, keepTimeoutMs, {values: prefill});

/** One operation. The source value is what the dialog was opened from (for re-planning). */
export function applyDialog(state: DialogState, op: DialogOp, source: Result<unknown>): {state: DialogState; action?: DialogAction} {
	const kind = kindOf(state.kind);
	switch (op.type) {
		case 'cancel': {
			return {state, action: 'cancel'};
		}

		case 'confirm': {
			return state.plan.ok ? {state, action: 'confirm'} : {state};
		}

		case 'force': {
			return state.plan.ok && state.recreateWait ? {state, action: 'force'} : {state};
		}

		case 'field': {
			const index = state.fields.indexOf(state.field);
			const field = state.fields[(index + (op.step < 0 ? state.fields.length - 1 : 1)) % state.fields.length] ?? state.field;
			return {state: {...state, field, typed: ''}};
		}

		case 'step': {
			const value = state.proposed[state.field] ?? 0;
			const max = state.max[state.field] ?? value;
			const stepped = Math.max(state.min?.[state.field] ?? 0, kind.dialog.step(value, op.direction, max));
			return {state: replan({...state, typed: '', proposed: kind.dialog.withValue(state, stepped)}, source)};
		}

		case 'digits': {
			const typed = `${state.typed}${op.digits}`.replace(/^0+(?=\d)/, '').slice(0, 9);
			return {state: replan({...state, typed, proposed: kind.dialog.withValue(state, Number(typed))}, source)};
		}

		case 'erase': {
			if (state.typed === '') {
				return {state};
			}

			const typed = state.typed.slice(0, -1);
			return {state: replan({...state, typed, proposed: kind.dialog.withValue(state, typed === '' ? (state.current[state.field] ?? 0) : Number(typed))}, source)};
		}

		case 'ignore': {
			return {state};
		}
	}
}
