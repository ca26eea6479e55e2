// How the controller reaches a change's guard, whichever it is: the runner in
// this process (the model's device lives here) or the guard process spawned
// outside the terminal's session (a live device outlives hvtop). Keep, revert,
// extend and "session lost" mean the same to both; only the remote one needs
// its deadline watched from here (it may be stopped) and may be lost.
import {fromMono, type Clock, type Timers} from '../clock.js';
import type {OpError} from '../types.js';
import {connectGuard, spawnGuard, type GuardLink} from './arm.js';
import type {Runner} from './runner.js';
import {isTerminal, type ChangeView} from './types.js';
import {mapTimes, socketPath} from './wire.js';

export type GuardHandle = {
	/** 'process': the guard is another process whose deadline hvtop watches and whose loss it handles. */
	readonly mode: 'in-process' | 'process';
	keep(): void;
	revert(): void;
	extend(ms: number): void;
	/** The terminal went away: the guard reverts at once. Resolves when the guard has been told. */
	sessionLost(): Promise<void>;
	/** Stop listening (the guard itself goes on to its end). */
	close(): void;
	/** Called once if the guard goes away before the change ends (remote only). */
	onLost(listener: () => void): void;
};

/** The in-process guard: the runner, driven directly. */
export function localGuard(runner: Runner): GuardHandle {
	return {
		mode: 'in-process',
		keep: () => runner.keep(),
		revert: () => runner.revert('admin'),
		extend: ms => runner.extend(ms),
		async sessionLost() {
			runner.sessionLost();
		},
		close() {},
		onLost() {},
	};
}

function remoteGuard(link: GuardLink): GuardHandle {
	return {
		mode: 'process',
		keep() {
			void link.send({type: 'keep'});
		},
		revert() {
			void link.send({type: 'revert'});
		},
		extend(ms) {
			void link.send({type: 'extend', ms});
		},
		sessionLost: async () => link.send({type: 'session-lost'}),
		close: () => link.close(),
		onLost: listener => link.onClose(listener),
	};
}

export type ConnectOptions = {
	readonly clock: Clock;
	readonly timers: Timers;
	/** Every state the guard reports, on this process's clock. */
	readonly onUpdate: (change: ChangeView) => void;
};

const onOurClock = (options: ConnectOptions) => (change: ChangeView) => {
	options.onUpdate(mapTimes(change, ms => fromMono(ms, options.clock)));
};

export type SpawnOptions = ConnectOptions & {
	readonly command: readonly string[];
	readonly args: readonly string[];
	readonly stateDir: string;
	readonly change: ChangeView;
	readonly armTimeoutMs: number;
	readonly useSystemd?: boolean;
	/** Resolves with the first state after JOURNALED that reaches this process (ARMED, or an end). */
	readonly firstState: () => Promise<ChangeView | undefined>;
};

export type SpawnFailure = {readonly message: string; readonly error?: OpError; readonly pid?: number; readonly refused?: ChangeView};

/** Spawns the guard process, connects to it and waits until it is armed; then it is told to apply. */
export async function spawnRemoteGuard(options: SpawnOptions): Promise<{readonly ok: true; readonly guard: GuardHandle; readonly first: ChangeView} | {readonly ok: false; readonly failure: SpawnFailure}> {
	const {change, clock} = options;
	const started = clock.now();
	const spawned = await spawnGuard({
		command: options.command,
		args: options.args,
		stateDir: options.stateDir,
		id: change.id,
		dev: change.dev,
		...(options.useSystemd === undefined ? {} : {useSystemd: options.useSystemd}),
	});
	if (!spawned.ok) {
		return {ok: false, failure: {message: spawned.error.message, error: spawned.error}};
	}

	const armed = options.firstState();
	const connected = await connectGuard(socketPath(options.stateDir, change.id), Math.max(0, options.armTimeoutMs - (clock.now() - started)), onOurClock(options));
	if (!connected.ok) {
		return {ok: false, failure: {message: 'the guard could not be armed', error: connected.error, pid: spawned.value.pid}};
	}

	const first = await armed;
	if (first?.state !== 'ARMED') {
		connected.value.close();
		return {ok: false, failure: first && isTerminal(first.state)
			? {message: `the guard refused: ${first.error?.message ?? first.state}`, ...(first.error ? {error: first.error} : {}), refused: first}
			: {message: 'the guard did not arm in time', pid: spawned.value.pid}};
	}

	await connected.value.send({type: 'apply'});
	return {ok: true, guard: remoteGuard(connected.value), first};
}

/** Connects to the guard of a change still waiting (found by recovery); it greets with the change's state. */
export async function reattachRemoteGuard(socket: string, options: ConnectOptions): Promise<GuardHandle | undefined> {
	let heard: () => void = () => undefined;
	const first = new Promise<void>(resolve => {
		heard = resolve;
	});
	const connected = await connectGuard(socket, 2000, change => {
		onOurClock(options)(change);
		heard();
	});
	if (!connected.ok) {
		return undefined;
	}

	let timer: unknown;
	await Promise.race([first, new Promise<void>(resolve => {
		timer = options.timers.setTimeout(resolve, 2000);
	})]);
	options.timers.clearTimeout(timer);
	return remoteGuard(connected.value);
}

/** `rollback`: asks a running guard over its socket to revert now, and waits (up to `waitMs`) for its final state. */
export async function revertThroughSocket(socket: string, waitMs: number): Promise<ChangeView | undefined | 'unreachable'> {
	let final: ChangeView | undefined;
	let resolveFinal!: (c: ChangeView | undefined) => void;
	const done = new Promise<ChangeView | undefined>(resolve => {
		resolveFinal = resolve;
	});
	const link = await connectGuard(socket, 2000, change => {
		if (isTerminal(change.state)) {
			final = change;
			resolveFinal(change);
		}
	});
	if (!link.ok) {
		return 'unreachable';
	}

	link.value.onClose(() => {
		resolveFinal(final);
	});
	await link.value.send({type: 'revert'});
	const timer = setTimeout(() => {
		resolveFinal(undefined);
	}, waitMs);
	const result = await done;
	clearTimeout(timer);
	link.value.close();
	return result;
}
