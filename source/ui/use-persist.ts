// `p` on a kept change: what would make it last (the files, the diff, the
// mechanism) on screen; y writes it (hvtop persist's own steps), any other
// key closes it. Remembers which kept changes were persisted, for the
// header's mark.
import {useCallback, useRef, useState} from 'react';
import type {Clock} from '../clock.js';
import {writePlan} from '../persist/apply.js';
import {planPersist, type PersistPlan} from '../persist/device-plan.js';
import {byHand, describePlan, planOutcome} from '../persist/describe.js';
import {gather} from '../persist/gather.js';
import {udevPresent} from '../persist/io.js';
import type {Source} from '../sources/source.js';
import {selfCommand} from '../tuning/arm.js';
import {kindOf} from '../tuning/kinds/index.js';
import type {ChangeView} from '../tuning/types.js';

export type PersistShown = {readonly changeId: string; readonly lines: readonly string[]; readonly plan?: PersistPlan; readonly dev: string};

export type PersistHandle = {
	readonly shown: PersistShown | undefined;
	/** Ids of kept changes made to last (or found already so). */
	readonly persisted: ReadonlySet<string>;
	show(change: ChangeView): Promise<void>;
	write(): Promise<string>;
	close(): void;
};

/**
 * A kept change that has not been made to last: its kind, which the header names. A kind hvtop
 * cannot persist (irq-cpu: said why when p is pressed) is not marked: there is nothing to do.
 */
export function keptNotPersisted(change: ChangeView | undefined, persisted: ReadonlySet<string>): string | undefined {
	const persist = change ? kindOf(change.kind).persist : undefined;
	return change?.state === 'KEPT' && !persisted.has(change.id) && persist && persist.notPersistable === undefined ? change.kind : undefined;
}

export default function usePersist(source: Source, clock: Clock, root = '/'): PersistHandle {
	const [shown, setShown] = useState<PersistShown | undefined>();
	const [persisted, setPersisted] = useState<ReadonlySet<string>>(new Set());
	const current = useRef(shown);
	current.current = shown;
	const done = useCallback((id: string) => {
		setPersisted(before => new Set([...before, id]));
	}, []);

	const show = useCallback(async (change: ChangeView) => {
		if (change.state !== 'KEPT') {
			setShown({changeId: change.id, dev: change.dev, lines: ['p makes a kept change last: this change was not kept']});
			return;
		}

		const gathered = await gather(source, change.dev, root, clock.now());
		if (!gathered.ok) {
			setShown({changeId: change.id, dev: change.dev, lines: [gathered.error.message]});
			return;
		}

		const plan = planPersist({...gathered.value, only: [change.kind], self: selfCommand()});
		if (!(await udevPresent(root))) {
			setShown({changeId: change.id, dev: change.dev, lines: byHand(plan)});
			return;
		}

		const outcome = planOutcome(plan);
		if (outcome === 'unchanged') {
			done(change.id);
		}

		const closing: Partial<Record<typeof outcome, string>> = {
			write: 'y writes it; any other key closes this',
			unreadable: 'nothing written; any key closes this (p tries again)',
		};
		const ask = [closing[outcome] ?? 'any key closes this (hvtop persist --drop-in on the command line for a shadowing file)'];
		setShown({changeId: change.id, dev: change.dev, lines: [...describePlan(plan), ...ask], ...(outcome === 'write' ? {plan} : {})});
	}, [source, clock, root, done]);

	const write = useCallback(async (): Promise<string> => {
		const open = current.current;
		setShown(undefined);
		if (!open?.plan) {
			return '';
		}

		const written = await writePlan(root, open.dev, open.plan);
		if (!written.ok) {
			return written.error.message;
		}

		done(open.changeId);
		return `written: ${written.value.join(', ')}`;
	}, [root, done]);

	const close = useCallback(() => {
		setShown(undefined);
	}, []);

	return {shown, persisted, show, write, close};
}
