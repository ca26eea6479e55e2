// The change dialog of the tuning handle: opening it on what the device reads
// now, applying the keymap's dialog operations, and starting the change on confirm.
import {useCallback, useRef, useState} from 'react';
import type {Source} from '../sources/source.js';
import type {Result} from '../types.js';
import {kindOf, type ChangeKind} from '../tuning/kinds/index.js';
import type {KindDialogPrefill, PlanContext} from '../tuning/kinds/kind.js';
import type {DeviceRates} from '../stats/rates.js';
import type {Controller} from '../tuning/controller.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';
import {applyDialog, openDialog, type DialogOp, type DialogState} from './dialog-state.js';
import {failWith} from '../errors.js';
import {recreateReason, waitSeconds} from '../tuning/rate-limit.js';

export type ChangeDialog = {
	readonly dialog?: DialogState;
	/** Open as of the last key, not the last render (keys of one burst arrive before React re-renders). */
	isOpen(): boolean;
	open(kind: ChangeKind, target: string | undefined, prefill?: KindDialogPrefill): void;
	apply(op: DialogOp): void;
};

export type ChangeDialogOptions = {
	readonly source: Source;
	readonly controller: Controller;
	/** The device the dashboard has selected. */
	readonly device: string | undefined;
	readonly keepTimeoutMs: number;
	/** The change on screen: while it is in flight, no second one opens. */
	readonly change: ChangeView | undefined;
	readonly notice: (line: string, changeId?: string) => void;
	/** The device's rates over the last poll (the dashboard's), for plans that show load before and after. */
	readonly rates?: (device: string) => DeviceRates | undefined;
};

/** What a plan may know besides the reading: the last rates, and whether irqbalance runs (asked only for an IRQ move). */
async function planContext(source: Source, kind: ChangeKind, rates: DeviceRates | undefined): Promise<PlanContext> {
	const irqbalance = kind === 'irq-cpu' ? await source.irqBalancer?.() : undefined;
	return {...(rates ? {rates} : {}), ...(irqbalance === undefined ? {} : {irqbalance})};
}

export default function useChangeDialog({source, controller, device, keepTimeoutMs, change, notice, rates}: ChangeDialogOptions): ChangeDialog {
	const busy = change !== undefined && !isTerminal(change.state);
	const [dialog, setDialog] = useState<DialogState>();
	// What the dialog was opened from, for re-planning on every key.
	const opened = useRef<Result<unknown> | undefined>(undefined);
	const dialogRef = useRef<DialogState | undefined>(undefined);
	dialogRef.current = dialog;

	const open = useCallback((kind: ChangeKind, target: string | undefined, prefill: KindDialogPrefill = {}) => {
		const name = target ?? device;
		if (name === undefined) {
			notice('no device selected');
			return;
		}

		if (busy) {
			notice(`a change is already in progress on ${change?.dev ?? name}`, change?.id);
			return;
		}

		if (source.needs.guarding === 'none') {
			notice(`${name} cannot be changed here: ${source.label} only shows what was read`);
			return;
		}

		void Promise.all([source.snapshot(name, controller.clock.now()), planContext(source, kind, rates?.(name))]).then(([snap, context]) => {
			if (!snap.ok) {
				notice(`cannot read ${name}: ${snap.error.message}`);
				return;
			}

			// What the kind reads of the device (a VF kind: of its VF; no VF is the notice below).
			const part: Result<unknown> = kindOf(kind).reading(snap.value);
			const next = openDialog(kind, name, part, keepTimeoutMs, prefill, context);
			if ('error' in next) {
				notice(next.error);
				return;
			}

			opened.current = part;
			void controller.recreateWait(name, kind).then(wait => {
				setDialog(wait ? {...next, recreateWait: {seconds: waitSeconds(wait), reason: recreateReason}} : next);
			});
		});
	}, [device, busy, change, source, controller, keepTimeoutMs, notice, rates]);

	const confirm = useCallback((state: DialogState, force: boolean) => {
		if (!state.plan.ok) {
			return;
		}

		setDialog(undefined);
		void controller.start(state.plan.plan, force ? {force} : {}).then(result => {
			if (!result.ok) {
				notice(`${result.refusal.message}${result.refusal.kind === 'rate' ? '; F in the dialog forces it' : ''}`);
			}
		});
	}, [controller, notice]);

	const apply = useCallback((op: DialogOp) => {
		const current = dialogRef.current;
		if (!current) {
			return;
		}

		const result = applyDialog(current, op, opened.current ?? failWith('EAGAIN', 'not read'));
		// Keys of one burst arrive before React re-renders: the next one must see this one's result.
		dialogRef.current = result.action === undefined ? result.state : undefined;
		if (result.action === 'cancel') {
			setDialog(undefined);
		} else if (result.action === 'confirm' || result.action === 'force') {
			confirm(result.state, result.action === 'force');
		} else {
			setDialog(result.state);
		}
	}, [confirm]);

	return {
		...(dialog ? {dialog} : {}),
		isOpen: () => dialogRef.current !== undefined,
		open,
		apply,
	};
}
