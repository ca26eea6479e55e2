// The change dialog's state and what each of its operations does, as pure
// functions so they are tested without a terminal: current → proposed,
// stepped up or down, typed digit by digit; confirm takes a valid plan only.
// Which key means which operation is the keymap's (keymap.ts).
import type {Channels, Result, Rings} from '../types.js';
import {channelShape, channelValues, planChannels, planRings, ringValues, type PlanResult} from '../tuning/plan.js';
import type {ChangeKind, Values} from '../tuning/types.js';

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

/** One operation on the dialog; the keymap maps keys to these. */
export type DialogOp =
	| {readonly type: 'cancel'}
	| {readonly type: 'confirm'}
	/** The next (+1) or previous (-1) field, in Tab order. */
	| {readonly type: 'field'; readonly step: 1 | -1}
	/** One step up or down (by one for channels, by powers of two for rings). */
	| {readonly type: 'step'; readonly direction: 1 | -1}
	| {readonly type: 'digits'; readonly digits: string}
	/** Take back the last digit typed. */
	| {readonly type: 'erase'}
	/** A key the dialog holds but gives no meaning (it does not reach the dashboard). */
	| {readonly type: 'ignore'};

function replan(state: Omit<DialogState, 'plan'>, source: Result<Channels> | Result<Rings>): DialogState {
	const plan = state.kind === 'channels'
		? planChannels(state.device, source as Result<Channels>, channelsInput(state))
		: planRings(state.device, source as Result<Rings>, {rx: state.proposed.rx ?? 0, tx: state.proposed.tx ?? 0});
	return {...state, plan};
}

// Veth-style devices set rx and tx together from one number.
const channelsInput = (state: Omit<DialogState, 'plan'>): number => state.proposed.combined ?? state.proposed.rx ?? 0;

/** Open on channels; `step` pre-moves the proposal (the dashboard's +/− keys). */
export function openChannelsDialog(device: string, channels: Result<Channels>, keepTimeoutMs: number, step = 0): DialogState | {readonly error: string} {
	if (!channels.ok) {
		return {error: `cannot read ${device}'s channels: ${channels.error.message}`};
	}

	const ch = channels.value;
	const shape = channelShape(ch);
	if (shape === 'none') {
		return {error: `${device} has no adjustable channels`};
	}

	const current = channelValues(ch);
	const n = shape === 'combined' ? ch.combined : ch.rx;
	const max = shape === 'combined' ? ch.maxCombined : Math.min(ch.maxRx, ch.maxTx);
	const next = Math.min(max, Math.max(1, n + step));
	const proposed: Values = shape === 'combined' ? {combined: next} : {rx: next, tx: next};
	return replan({kind: 'channels', device, current, proposed, fields: [shape === 'combined' ? 'combined' : 'rx'], field: shape === 'combined' ? 'combined' : 'rx', max: {combined: max, rx: max, tx: max}, typed: '', keepTimeoutMs}, channels);
}

/** Open on rings; `prefill` proposes values (advice), focusing the first one given. */
export function openRingsDialog(device: string, rings: Result<Rings>, keepTimeoutMs: number, prefill: {readonly rx?: number; readonly tx?: number} = {}): DialogState | {readonly error: string} {
	if (!rings.ok) {
		return {error: `${device} does not let its rings be changed: ${rings.error.message}`};
	}

	const current = ringValues(rings.value);
	const proposed = {...current, ...(prefill.rx === undefined ? {} : {rx: prefill.rx}), ...(prefill.tx === undefined ? {} : {tx: prefill.tx})};
	const field = prefill.rx === undefined && prefill.tx !== undefined ? 'tx' : 'rx';
	return replan({kind: 'rings', device, current, proposed, fields: ['rx', 'tx'], field, max: {rx: rings.value.rxMax, tx: rings.value.txMax}, typed: '', keepTimeoutMs}, rings);
}

// Rings span 10 … tens of thousands: step by powers of two there, by one for channels.
function stepValue(kind: ChangeKind, value: number, direction: 1 | -1, max: number): number {
	if (kind === 'channels') {
		return Math.min(max, Math.max(1, value + direction));
	}

	const power = direction > 0 ? 2 ** Math.floor(Math.log2(Math.max(1, value)) + 1) : 2 ** Math.ceil(Math.log2(Math.max(1, value)) - 1);
	return Math.min(max, Math.max(1, power));
}

function withValue(state: DialogState, value: number): Values {
	if (state.kind === 'channels' && state.field !== 'combined') {
		return {rx: value, tx: value};
	}

	return {...state.proposed, [state.field]: value};
}

/** One operation. The source value is what the dialog was opened from (for re-planning). */
export function applyDialog(state: DialogState, op: DialogOp, source: Result<Channels> | Result<Rings>): {state: DialogState; action?: DialogAction} {
	switch (op.type) {
		case 'cancel': {
			return {state, action: 'cancel'};
		}

		case 'confirm': {
			return state.plan.ok ? {state, action: 'confirm'} : {state};
		}

		case 'field': {
			const index = state.fields.indexOf(state.field);
			const field = state.fields[(index + (op.step < 0 ? state.fields.length - 1 : 1)) % state.fields.length] ?? state.field;
			return {state: {...state, field, typed: ''}};
		}

		case 'step': {
			const value = state.proposed[state.field] ?? 0;
			const max = state.max[state.field] ?? value;
			return {state: replan({...state, typed: '', proposed: withValue(state, stepValue(state.kind, value, op.direction, max))}, source)};
		}

		case 'digits': {
			const typed = `${state.typed}${op.digits}`.replace(/^0+(?=\d)/, '').slice(0, 9);
			return {state: replan({...state, typed, proposed: withValue(state, Number(typed))}, source)};
		}

		case 'erase': {
			if (state.typed === '') {
				return {state};
			}

			const typed = state.typed.slice(0, -1);
			return {state: replan({...state, typed, proposed: withValue(state, typed === '' ? (state.current[state.field] ?? 0) : Number(typed))}, source)};
		}

		case 'ignore': {
			return {state};
		}
	}
}
