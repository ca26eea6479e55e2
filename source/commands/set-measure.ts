// `hvtop set --measure SECONDS`: "did my change help?" for a script. The
// device is read over SECONDS before the change (the rates gathered before it)
// and again over SECONDS once it is kept; the pair is printed, carried by
// --json and appended to the journal as a further KEPT record (version 2).
import type {DeviceSnapshot, Source} from '../sources/source.js';
import {computeRates, type DeviceRates} from '../stats/index.js';
import {beforeAfterText, figuresJson, figuresOf, type BeforeAfter, type Figures} from '../stats/before-after.js';
import type {Clock, Timers} from '../clock.js';
import type {Controller} from '../tuning/controller.js';
import type {RecordInput} from '../tuning/journal.js';
import type {ChangeView} from '../tuning/types.js';
import {defaultMeasureSeconds} from './set-args.js';

export type Window = {readonly snapshot: DeviceSnapshot; readonly rates: DeviceRates};

const pause = async (timers: Timers, ms: number) => new Promise<void>(resolve => {
	timers.setTimeout(resolve, ms);
});

/** Reads `dev` again `ms` after `first` and gives the rates between; undefined when the second reading fails. */
export async function measureWindow(source: Source, dev: string, first: DeviceSnapshot, ms: number, clock: Clock, timers: Timers): Promise<Window | undefined> {
	await pause(timers, ms);
	const second = await source.snapshot(dev, clock.now());
	return second.ok ? {snapshot: second.value, rates: computeRates(first, second.value)} : undefined;
}

/** --measure as given, else the caller's default (tests on virtual time: 0), else defaultMeasureSeconds. */
export const measureMsOf = (given: number | undefined, fallback: number | undefined): number => given ?? fallback ?? defaultMeasureSeconds * 1000;

/** The figures of `ms` after the change was kept: a fresh reading then another, so the re-created queues' restart is left out. */
export async function measureAfter(source: Source, dev: string, ms: number, clock: Clock, timers: Timers): Promise<Figures | string> {
	const first = await source.snapshot(dev, clock.now());
	if (!first.ok) {
		return `cannot read ${dev} after the change: ${first.error.message}`;
	}

	const window = await measureWindow(source, dev, first.value, ms, clock, timers);
	return window ? figuresOf(window.rates) : `cannot read ${dev} after the change`;
}

/** The pair rounded for --json and the journal. */
export const pairJson = (pair: BeforeAfter): BeforeAfter => ({before: figuresJson(pair.before), after: figuresJson(pair.after)});

/** "before (1 s) → after (1 s): imbalance …" */
export const pairLine = (pair: BeforeAfter): string => beforeAfterText(pair, 'after');

/** Appends the pair to the kept change's journal record (a further KEPT record); a message when it could not. */
export async function journalPair(controller: Controller, change: ChangeView, pair: BeforeAfter): Promise<string | undefined> {
	const loaded = await controller.journal.load(change.dev);
	if (!loaded.ok) {
		return `the before → after figures are not in the journal: ${loaded.error.message}`;
	}

	const last = loaded.value.findLast(record => record.id === change.id);
	if (last?.state !== 'KEPT') {
		return `the before → after figures are not in the journal: change ${change.id} is no longer the kept one there`;
	}

	// The journal stamps these itself on every append.
	const {v, seq, ts, boot_id: bootId, host, netns, machine, ...input} = last;
	const written = await controller.journal.append({...(input satisfies RecordInput), measured: pairJson(pair)});
	return written.ok ? undefined : `the before → after figures are not in the journal: ${written.error.message}`;
}
