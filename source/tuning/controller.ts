// Drives one change at a time through its states against a Source:
// lock → journal → arm the guard → apply → read back → keep | revert.
// Live devices get the out-of-process guard (it survives hvtop); the model's
// device lives in this process, so its guard is an in-process runner with the
// same states and the same journal. The UI and `hvtop set` subscribe to it.
import {randomBytes} from 'node:crypto';
import {rm} from 'node:fs/promises';
import type {Source} from '../sources/source.js';
import type {OpError} from '../types.js';
import {defaultGuardCommand} from './arm.js';
import {localGuard, reattachRemoteGuard, spawnRemoteGuard, type GuardHandle} from './guard-handle.js';
import {isRoot, needsOf} from './source-needs.js';
import {changeFromRecords, recordOf, type RecordBase} from './journal-codec.js';
import {lastChange, type GuardIdentity, type Journal, type JournalRecord} from './journal.js';
import {acquireLock, releaseLock} from './lock.js';
import type {Plan} from './plan.js';
import {isAlive, selfIdentity} from './proc.js';
import {createTakeover} from './deadline-watch.js';
import {defaultGuardGraceMs, missedBy, recoverAll, recoverDevice, secondsLeft, type RecoveryOutcome} from './recovery.js';
import {machineArgs, scopeOf, socketPathProblem} from './scope.js';
import {statePlace} from './state-place.js';
import {monotonicClock, realTimers, type Clock, type Timers} from '../clock.js';
import {createRunner} from './runner.js';
import {createChange, step, view, type Change} from './states.js';
import {isTerminal, type ChangeView} from './types.js';
import {socketPath} from './wire.js';

export const defaultKeepTimeoutMs = 30_000;
export const extendStepMs = 30_000;

export type ControllerOptions = {
	readonly source: Source;
	/**
	 * This scope's state dir, used as given; default: HVTOP_STATE_DIR or /run/hvtop, then
	 * net-<netns inode>[-m<machine hash>] (live), or a fresh private temp dir (model).
	 */
	readonly stateDir?: string;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly clock?: Clock;
	readonly timers?: Timers;
	readonly keepTimeoutMs?: number;
	/** Default: in-process for the model, a separate process for live devices. */
	readonly guard?: 'in-process' | 'process';
	/** argv that runs `hvtop guard`; default re-runs this program. */
	readonly guardCommand?: readonly string[];
	/** How long the guard may take to arm, ms (default 5000). */
	readonly armTimeoutMs?: number;
	readonly verifyDelaysMs?: readonly number[];
	readonly revertDelaysMs?: readonly number[];
	readonly applyBudgetMs?: number;
	readonly kmsg?: string | false;
	readonly useSystemd?: boolean;
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
	readonly actor?: JournalRecord['actor'];
	/** Default: effective uid 0. A live change needs CAP_NET_ADMIN. */
	readonly isRoot?: () => boolean;
	/** How far past its deadline a silent guard may be before hvtop takes over (default 5 s). */
	readonly guardGraceMs?: number;
};

export type Refusal = {
	/** `locked`: another change is pending; `journal`/`guard`: nothing was applied; `busy`: this controller already runs one; `permission`: not root. */
	readonly kind: 'locked' | 'journal' | 'guard' | 'busy' | 'source' | 'permission';
	readonly message: string;
	readonly error?: OpError;
};

export type StartResult = {readonly ok: true; readonly change: ChangeView} | {readonly ok: false; readonly refusal: Refusal};

export type StartOptions = {
	readonly keepAtOnce?: boolean;
	readonly keepTimeoutMs?: number;
};

export type Controller = {
	/** Where this controller's journal, lock and guard socket live ('' until the model's is made). */
	readonly stateDir: string;
	readonly journal: Journal;
	readonly clock: Clock;
	current(): ChangeView | undefined;
	start(plan: Plan, options?: StartOptions): Promise<StartResult>;
	keep(): void;
	/** The admin said no. */
	revert(): void;
	extend(ms?: number): void;
	/** Before the apply: drop it. After: same as revert. */
	cancel(): void;
	/** The terminal went away: the guard reverts at once. Resolves when the guard has been told. */
	sessionLost(): Promise<void>;
	/** Resolves with the current change's final state. */
	settled(): Promise<ChangeView | undefined>;
	subscribe(listener: (change: ChangeView) => void): () => void;
	/** Resolve unfinished changes; with `reattach` (default), connect to one still waiting on its guard. */
	recover(devices?: readonly string[], options?: {readonly reattach?: boolean}): Promise<RecoveryOutcome[]>;
	close(): Promise<void>;
};

const newId = (): string => randomBytes(6).toString('hex');

export function createController(options: ControllerOptions): Controller {
	const {source} = options;
	const env = options.env ?? process.env;
	const clock = options.clock ?? monotonicClock;
	const timers = options.timers ?? realTimers;
	const needs = needsOf(source);
	const mode = options.guard ?? (needs.guarding === 'in-process' ? 'in-process' : 'process');
	// The model's device dies with this process, and so may its journal: a private temp dir made at
	// the first change and removed on close (one inside HVTOP_STATE_DIR is kept for the user).
	const modelDir = options.stateDir === undefined && mode === 'in-process' && needs.privateState;
	const ownsModelDir = modelDir && env['HVTOP_STATE_DIR'] === undefined;
	const scope = scopeOf(source);
	const place = statePlace({...(options.stateDir === undefined ? {} : {stateDir: options.stateDir}), env, source, scope, model: modelDir});
	let {dir: stateDir, journal} = place;
	const ready = (create: boolean) => {
		const result = place.ready(create);
		({dir: stateDir, journal} = place);
		return result;
	};

	const readIfindex = options.readIfindex ?? needs.readIfindex;
	const listeners = new Set<(change: ChangeView) => void>();

	let current: ChangeView | undefined;
	let guard: GuardHandle | undefined;
	let settle: Promise<ChangeView | undefined> = Promise.resolve(undefined);
	let resolveSettle: ((c: ChangeView) => void) | undefined;
	const graceMs = options.guardGraceMs ?? defaultGuardGraceMs;
	// The guard's deadline, watched from here; a takeover and a guard-lost recovery never both run.
	const takeover = createTakeover({clock, timers, graceMs, current: () => current, publish: c => publish(c), recover: async dev => recoverDevice(dev, recoveryOptions())});

	const publish = (change: ChangeView) => {
		current = change;
		// Only a guard in another process may be stopped: its deadline is watched from here.
		takeover.watch(guard?.mode === 'process' ? change : undefined);
		for (const listener of listeners) {
			listener(change);
		}

		if (isTerminal(change.state)) {
			resolveSettle?.(change);
			resolveSettle = undefined;
			guard?.close();
			guard = undefined;
		}
	};

	const runnerOptions = {
		...(options.verifyDelaysMs ? {verifyDelaysMs: options.verifyDelaysMs} : {}),
		...(options.revertDelaysMs ? {revertDelaysMs: options.revertDelaysMs} : {}),
		...(options.applyBudgetMs ? {applyBudgetMs: options.applyBudgetMs} : {}),
		...(options.kmsg === undefined ? {} : {kmsg: options.kmsg}),
		...(readIfindex ? {readIfindex} : {}),
	};

	const recoveryOptions = () => ({
		journal,
		stateDir,
		source,
		clock,
		timers,
		...runnerOptions,
		guardGraceMs: graceMs,
		onUpdate: publish,
	});

	/** Who holds the device, and for how long, in words. */
	async function pendingMessage(dev: string, id: string): Promise<string> {
		const loaded = await journal.load(dev);
		const last = loaded.ok ? lastChange(loaded.value) : undefined;
		if (last?.id === id && last.state === 'AWAIT_CONFIRM') {
			const left = secondsLeft(last);
			return `change ${id} pending on ${dev}, ${left ?? '?'} s left`;
		}

		return `change ${id} pending on ${dev}${last?.id === id ? ` (${last.state})` : ''}`;
	}

	const refuse = (kind: Refusal['kind'], message: string, error?: OpError): StartResult => ({
		ok: false,
		refusal: {kind, message, ...(error ? {error} : {})},
	});

	async function start(plan: Plan, startOptions: StartOptions = {}): Promise<StartResult> {
		if (current && !isTerminal(current.state)) {
			return refuse('busy', await pendingMessage(current.dev, current.id));
		}

		if (needs.guarding === 'none') {
			return refuse('source', 'a replay cannot be changed');
		}

		if (needs.needsRoot && !(options.isRoot ?? isRoot)()) {
			return refuse('permission', `changing ${plan.dev} needs root (CAP_NET_ADMIN); nothing was attempted`);
		}

		const id = newId();
		const me = selfIdentity();
		const dev = plan.dev;
		const place = ready(true);
		if (place !== 'absent' && !place.ok) {
			return refuse('journal', place.error.message, place.error);
		}

		const tooLong = mode === 'process' ? socketPathProblem(socketPath(stateDir, id)) : undefined;
		if (tooLong) {
			return refuse('guard', `${tooLong}; nothing was changed`);
		}

		// An unfinished change whose guard is alive holds the device; a dead one is resolved first.
		const loaded = await journal.load(dev);
		if (!loaded.ok) {
			return refuse('journal', `${loaded.error.message}; nothing was changed`, loaded.error);
		}

		const last = lastChange(loaded.value);
		if (last && !isTerminal(last.state)) {
			if (isAlive(last.guard) && missedBy(last, graceMs) === undefined) {
				return refuse('locked', await pendingMessage(dev, last.id));
			}

			const outcome = await recoverDevice(dev, recoveryOptions());
			if (outcome.kind !== 'resolved' && outcome.kind !== 'none') {
				return refuse('locked', outcome.kind === 'pending' ? await pendingMessage(dev, outcome.record.id) : `unfinished change ${last.id} on ${dev}: ${outcome.kind === 'unresolved' ? outcome.message : 'see the journal'}`);
			}
		}

		const locked = await acquireLock(stateDir, {id, dev, holders: [me]}, {
			async isFinished(info) {
				const loaded = await journal.load(info.dev);
				const mine = loaded.ok ? loaded.value.filter(r => r.id === info.id).at(-1) : undefined;
				return mine !== undefined && isTerminal(mine.state);
			},
		});
		if (!locked.ok) {
			if (locked.held) {
				return refuse('locked', await pendingMessage(dev, locked.held.id));
			}

			// An unwritable state dir (read-only or full /run) fails here first.
			return refuse(locked.io ? 'journal' : 'locked', `${locked.message}${locked.io ? '; nothing was changed' : ''}`);
		}

		const keepTimeoutMs = startOptions.keepTimeoutMs ?? options.keepTimeoutMs ?? defaultKeepTimeoutMs;
		const ifindex = readIfindex ? await readIfindex(dev) : undefined;
		const guardSelf: GuardIdentity = {...me, mode};
		const base = {guard: guardSelf, ...(ifindex === undefined ? {} : {ifindex}), ...(options.actor ? {actor: options.actor} : {})};
		let change: Change = createChange({
			id,
			dev,
			kind: plan.kind,
			before: plan.before,
			after: plan.after,
			max: plan.max,
			...(plan.floor === undefined ? {} : {floor: plan.floor}),
			keepTimeoutMs,
			...(startOptions.keepAtOnce ? {keepAtOnce: true} : {}),
		}, clock.now());
		change = step(change, {type: 'journaled'}, clock.now());
		settle = new Promise(resolve => {
			resolveSettle = resolve;
		});

		// Intent first: without a journal record nothing may be applied.
		const written = await journal.append(recordOf(change, base, source.kind, clock, plan.request));
		if (!written.ok) {
			await releaseLock(stateDir, dev, id);
			const aborted = step(change, {type: 'abort', reason: 'journal', error: written.error}, clock.now());
			publish(view(aborted));
			return refuse('journal', `${written.error.message}; nothing was changed`, written.error);
		}

		publish(view(change));
		return mode === 'in-process' ? startInProcess(change, plan, guardSelf, ifindex) : startGuarded(change, plan, base);
	}

	async function startInProcess(change: Change, plan: Plan, guardSelf: GuardIdentity, ifindex: number | undefined): Promise<StartResult> {
		const run = createRunner(change, plan.request, {
			source,
			journal,
			clock,
			timers,
			guard: guardSelf,
			...(ifindex === undefined ? {} : {ifindex}),
			...(options.actor ? {actor: options.actor} : {}),
			...runnerOptions,
			lockDir: stateDir,
			onUpdate: c => {
				publish(view(c));
			},
		});
		guard = localGuard(run);
		if (!(await run.arm())) {
			run.abort('journal', {code: 'EIO', errno: 5, message: 'cannot write the change journal'});
			return refuse('journal', 'cannot write the change journal; nothing was changed');
		}

		void run.apply();
		return {ok: true, change: view(run.current())};
	}

	/** The guard process's arguments: the machine on screen, and the test overrides of delays. */
	const guardArgs = (change: Change, armTimeoutMs: number): string[] => [
		'--state-dir', stateDir,
		'--dev', change.dev,
		'--id', change.id,
		'--arm-timeout', String(armTimeoutMs),
		...(options.verifyDelaysMs ? ['--verify-delays', options.verifyDelaysMs.join(',')] : []),
		...(options.revertDelaysMs ? ['--revert-delays', options.revertDelaysMs.join(',')] : []),
		...(options.applyBudgetMs ? ['--apply-budget', String(options.applyBudgetMs)] : []),
		...(options.kmsg === undefined ? [] : ['--kmsg', options.kmsg === false ? 'off' : options.kmsg]),
		// The guard reads and changes the machine on screen, not the real one of the same name.
		...machineArgs(scope.machine),
	];

	/** Resolves with the first state after JOURNALED, or undefined after `ms`. */
	const firstStateWithin = async (ms: number): Promise<ChangeView | undefined> => new Promise(resolve => {
		let armTimer: unknown;
		const stop = subscribe(c => {
			if (c.state !== 'JOURNALED') {
				stop();
				timers.clearTimeout(armTimer);
				resolve(c);
			}
		});
		armTimer = timers.setTimeout(() => {
			stop();
			resolve(undefined);
		}, ms);
	});

	async function startGuarded(change: Change, plan: Plan, base: RecordBase): Promise<StartResult> {
		const armTimeoutMs = options.armTimeoutMs ?? 5000;
		const spawned = await spawnRemoteGuard({
			command: options.guardCommand ?? defaultGuardCommand(),
			args: guardArgs(change, armTimeoutMs),
			stateDir,
			change: view(change),
			armTimeoutMs,
			...(options.useSystemd === undefined ? {} : {useSystemd: options.useSystemd}),
			clock,
			timers,
			onUpdate: publish,
			firstState: async () => firstStateWithin(armTimeoutMs),
		});
		if (spawned.ok) {
			adopt(spawned.guard, change.dev, change.id);
			return {ok: true, change: spawned.first};
		}

		const {failure} = spawned;
		if (failure.refused) {
			return refuse('guard', `${failure.message}; nothing was changed`, failure.error);
		}

		if (failure.pid !== undefined) {
			try {
				process.kill(failure.pid, 'SIGKILL');
			} catch {}
		}

		// The guard may have armed a moment too late: it exits when it sees ABORTED.
		const aborted = step(change, {type: 'abort', reason: 'guard', error: failure.error ?? {code: 'EGUARD', errno: 0, message: failure.message}}, clock.now());
		await journal.append(recordOf(aborted, base, source.kind, clock, plan.request));
		await releaseLock(stateDir, change.dev, change.id);
		publish(view(aborted));
		return refuse('guard', `${failure.message}; nothing was changed`, failure.error);
	}

	/** A remote guard now reaches this change; one whose change already ended is let go at once. */
	function adopt(handle: GuardHandle, dev: string, id: string) {
		if (current?.id === id && isTerminal(current.state)) {
			handle.close();
			return;
		}

		guard = handle;
		handle.onLost(() => {
			void onGuardLost(dev, id);
		});
	}

	// The socket closed before the end: if the guard died, this process takes over.
	async function onGuardLost(dev: string, id: string) {
		if (!current || current.id !== id || isTerminal(current.state)) {
			return;
		}

		if (takeover.busy()) {
			// Our own takeover stopped the guard: it decides.
			await takeover.busy();
			return;
		}

		await new Promise<void>(resolve => {
			timers.setTimeout(resolve, 200);
		});
		const loaded = await journal.load(dev);
		const records = loaded.ok ? loaded.value : [];
		const last = records.findLast(r => r.id === id);
		if (last && isTerminal(last.state)) {
			const found = changeFromRecords(records, id, clock);
			if (found) {
				publish(view(found.change));
			}

			return;
		}

		if (!isAlive(last?.guard) && !takeover.busy()) {
			await takeover.resolve(dev, id, 'the guard died and');
		}
	}

	async function reattach(record: JournalRecord): Promise<boolean> {
		const socket = record.guard?.mode === 'process' ? record.guard.socket : undefined;
		if (!socket || (current && !isTerminal(current.state))) {
			return false;
		}

		settle = new Promise(resolve => {
			resolveSettle = resolve;
		});
		const handle = await reattachRemoteGuard(socket, {clock, timers, onUpdate: publish});
		if (!handle) {
			resolveSettle = undefined;
			settle = Promise.resolve(undefined);
			return false;
		}

		adopt(handle, record.dev, record.id);
		return true;
	}

	function subscribe(listener: (change: ChangeView) => void): () => void {
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
		};
	}

	return {
		get stateDir() {
			return stateDir;
		},
		get journal() {
			return journal;
		},
		clock,
		current: () => current,
		start,
		keep() {
			guard?.keep();
		},
		revert() {
			guard?.revert();
		},
		extend(ms = extendStepMs) {
			guard?.extend(ms);
		},
		cancel() {
			guard?.revert();
		},
		async sessionLost() {
			await guard?.sessionLost();
		},
		settled: async () => settle,
		subscribe,
		async recover(devices, recoverOptions = {}) {
			const place = ready(false);
			if (place === 'absent' || !place.ok) {
				// Nothing journaled here yet, or no usable state dir: start() says why when a change is asked for.
				return [];
			}

			const outcomes = await recoverAll(recoveryOptions(), devices);
			for (const outcome of recoverOptions.reattach === false ? [] : outcomes) {
				// A change whose guard is still running: show its countdown and let keep/revert reach it.
				// eslint-disable-next-line no-await-in-loop
				if (outcome.kind === 'pending' && (await reattach(outcome.record))) {
					break;
				}
			}

			return outcomes;
		},
		async close() {
			takeover.stop();
			guard?.close();
			listeners.clear();
			if (ownsModelDir && (current === undefined || isTerminal(current.state))) {
				await rm(stateDir, {recursive: true, force: true}).catch(() => undefined);
			}
		},
	};
}
