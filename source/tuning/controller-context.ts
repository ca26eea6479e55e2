// The controller's mutable state and the one way a change reaches the screen
// (publish). Split out of controller.ts so its parts (start, guard link) can be
// module-level functions taking this context instead of one long closure.
import {monoOf, type Clock, type Timers} from '../clock.js';
import type {Source, SourceNeeds} from '../sources/source.js';
import type {OpError} from '../types.js';
import type {ControllerOptions, Refusal, StartResult} from './controller-types.js';
import type {Takeover} from './deadline-watch.js';
import type {GuardHandle} from './guard-handle.js';
import {bootId, lastChange, type Journal} from './journal.js';
import {recreatesDevice, recreateWait, type RecreateWait} from './rate-limit.js';
import {driverFacts} from '../drivers/index.js';
import type {ChangeKind} from './types.js';
import type {RunnerOptions} from './runner-state.js';
import type {Scope} from './scope.js';
import type {StatePlace} from './state-place.js';
import {secondsLeft} from './recovery.js';
import {isTerminal, type ChangeView} from './types.js';

export type ControllerContext = {
	readonly options: ControllerOptions;
	readonly source: Source;
	readonly clock: Clock;
	readonly timers: Timers;
	readonly needs: SourceNeeds;
	readonly mode: 'in-process' | 'process';
	readonly scope: Scope;
	readonly graceMs: number;
	readonly readIfindex: ((dev: string) => Promise<number | undefined>) | undefined;
	readonly runnerOptions: Partial<RunnerOptions>;
	readonly listeners: Set<(change: ChangeView) => void>;
	stateDir: string;
	journal: Journal;
	/** Makes (or finds) the state dir and refreshes stateDir and journal. */
	readonly ready: (create: boolean) => ReturnType<StatePlace['ready']>;
	current: ChangeView | undefined;
	guard: GuardHandle | undefined;
	settle: Promise<ChangeView | undefined>;
	resolveSettle: ((c: ChangeView) => void) | undefined;
	readonly takeover: Takeover;
};

export function publish(c: ControllerContext, change: ChangeView) {
	c.current = change;
	// Only a guard in another process may be stopped: its deadline is watched from here.
	c.takeover.watch(c.guard?.mode === 'process' ? change : undefined);
	for (const listener of c.listeners) {
		listener(change);
	}

	if (isTerminal(change.state)) {
		c.resolveSettle?.(change);
		c.resolveSettle = undefined;
		c.guard?.close();
		c.guard = undefined;
	}
}

export const recoveryOptions = (c: ControllerContext) => ({
	journal: c.journal,
	stateDir: c.stateDir,
	source: c.source,
	clock: c.clock,
	timers: c.timers,
	...c.runnerOptions,
	guardGraceMs: c.graceMs,
	onUpdate(change: ChangeView) {
		publish(c, change);
	},
});

export function subscribe(c: ControllerContext, listener: (change: ChangeView) => void): () => void {
	c.listeners.add(listener);
	return () => {
		c.listeners.delete(listener);
	};
}

/** Who holds the device, and for how long, in words. */
export async function pendingMessage(c: ControllerContext, dev: string, id: string): Promise<string> {
	const loaded = await c.journal.load(dev);
	const last = loaded.ok ? lastChange(loaded.value) : undefined;
	if (last?.id === id && last.state === 'AWAIT_CONFIRM') {
		const left = secondsLeft(last);
		return `change ${id} pending on ${dev}, ${left ?? '?'} s left`;
	}

	return `change ${id} pending on ${dev}${last?.id === id ? ` (${last.state})` : ''}`;
}

export const refuse = (kind: Refusal['kind'], message: string, error?: OpError): StartResult => ({
	ok: false,
	refusal: {kind, message, ...(error ? {error} : {})},
});

/**
 * How long a change of `kind` on `dev` must wait, from its journal (undefined: it may go now):
 * only a kind that re-creates the device, and only on a driver with a known host bug for it.
 */
export async function recreateWaitOn(c: ControllerContext, dev: string, kind: ChangeKind): Promise<RecreateWait | undefined> {
	const place = recreatesDevice(kind) ? c.ready(false) : 'absent';
	if (place === 'absent' || !place.ok) {
		return undefined;
	}

	const loaded = await c.journal.load(dev);
	const wait = loaded.ok ? recreateWait(loaded.value, monoOf(c.clock), bootId()) : undefined;
	if (wait === undefined) {
		return undefined;
	}

	// Read only when there is a wait: which driver the device has (veth and virtio have no such bug).
	const snap = await c.source.snapshot(dev, c.clock.now());
	const driver = snap.ok && snap.value.info.ok ? snap.value.info.value.driver : undefined;
	return driverFacts(driver).rapidRecreateBug === undefined ? undefined : wait;
}
