// The controller's start(): the refusals (busy, replay, root, state dir, socket
// path, a live unfinished change, the lock), then intent in the journal, then
// the guard — an in-process runner for the model, a guard process for live devices.
import {opError} from '../errors.js';
import {randomHex} from '../lazy-crypto.js';
import {defaultGuardCommand} from './arm.js';
import {localGuard, spawnRemoteGuard} from './guard-handle.js';
import {isRoot} from './proc.js';
import {recordOf, type RecordBase} from './journal-codec.js';
import {lastChange, type GuardIdentity} from './journal.js';
import {acquireLock, releaseLock} from './lock.js';
import type {Plan} from './plan.js';
import {isAlive, selfIdentity} from './proc.js';
import {missedBy, recoverDevice} from './recovery.js';
import {machineArgs, socketPathProblem} from './scope.js';
import {createRunner} from './runner.js';
import {createChange, step, view, type Change} from './states.js';
import {isTerminal, type ChangeView} from './types.js';
import {socketPath} from './wire.js';
import {pendingMessage, publish, recoveryOptions, recreateWaitOn, refuse, subscribe, type ControllerContext} from './controller-context.js';
import {recreateRefusal} from './rate-limit.js';
import {adopt} from './controller-link.js';
import {defaultArmTimeoutMs, type StartOptions, type StartResult} from './controller-types.js';

export const defaultKeepTimeoutMs = 30_000;

const newId = (): string => randomHex(6);

export async function startChange(c: ControllerContext, plan: Plan, startOptions: StartOptions = {}): Promise<StartResult> {
	const {options, needs, mode, clock, source} = c;
	if (c.current && !isTerminal(c.current.state)) {
		return refuse('busy', await pendingMessage(c, c.current.dev, c.current.id));
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
	const place = c.ready(true);
	if (place !== 'absent' && !place.ok) {
		return refuse('journal', place.error.message, place.error);
	}

	const tooLong = mode === 'process' ? socketPathProblem(socketPath(c.stateDir, id)) : undefined;
	if (tooLong) {
		return refuse('guard', `${tooLong}; nothing was changed`);
	}

	// An unfinished change whose guard is alive holds the device; a dead one is resolved first.
	const loaded = await c.journal.load(dev);
	if (!loaded.ok) {
		return refuse('journal', `${loaded.error.message}; nothing was changed`, loaded.error);
	}

	const last = lastChange(loaded.value);
	if (last && !isTerminal(last.state)) {
		if (isAlive(last.guard) && missedBy(last, c.graceMs) === undefined) {
			return refuse('locked', await pendingMessage(c, dev, last.id));
		}

		const outcome = await recoverDevice(dev, recoveryOptions(c));
		if (outcome.kind !== 'resolved' && outcome.kind !== 'none') {
			return refuse('locked', outcome.kind === 'pending' ? await pendingMessage(c, dev, outcome.record.id) : `unfinished change ${last.id} on ${dev}: ${outcome.kind === 'unresolved' ? outcome.message : 'see the journal'}`);
		}
	}

	const locked = await acquireLock(c.stateDir, {id, dev, holders: [me]}, {
		async isFinished(info) {
			const loaded = await c.journal.load(info.dev);
			const mine = loaded.ok ? loaded.value.filter(r => r.id === info.id).at(-1) : undefined;
			return mine !== undefined && isTerminal(mine.state);
		},
	});
	if (!locked.ok) {
		if (locked.held) {
			return refuse('locked', await pendingMessage(c, dev, locked.held.id));
		}

		// An unwritable state dir (read-only or full /run) fails here first.
		return refuse(locked.io ? 'journal' : 'locked', `${locked.message}${locked.io ? '; nothing was changed' : ''}`);
	}

	// Under the lock, so two processes cannot both pass; a revert never comes this way (never refused).
	const wait = startOptions.force ? undefined : await recreateWaitOn(c, dev, plan.kind);
	if (wait) {
		await releaseLock(c.stateDir, dev, id);
		return {ok: false, refusal: {kind: 'rate', message: recreateRefusal(dev, plan.kind, wait), waitMs: wait.waitMs}};
	}

	const keepTimeoutMs = startOptions.keepTimeoutMs ?? options.keepTimeoutMs ?? defaultKeepTimeoutMs;
	const ifindex = c.readIfindex ? await c.readIfindex(dev) : undefined;
	const guardSelf: GuardIdentity = {...me, mode};
	const base = {guard: guardSelf, ...(ifindex === undefined ? {} : {ifindex}), ...(options.actor ? {actor: options.actor} : {})};
	let change: Change = createChange({
		id,
		dev,
		kind: plan.kind,
		...(plan.vf ? {vf: plan.vf} : {}),
		before: plan.before,
		after: plan.after,
		max: plan.max,
		...(plan.floor === undefined ? {} : {floor: plan.floor}),
		keepTimeoutMs,
		...(startOptions.keepAtOnce ? {keepAtOnce: true} : {}),
	}, clock.now());
	change = step(change, {type: 'journaled'}, clock.now());
	c.settle = new Promise(resolve => {
		c.resolveSettle = resolve;
	});

	// Intent first: without a journal record nothing may be applied.
	const written = await c.journal.append(recordOf(change, base, source.kind, clock, plan.request));
	if (!written.ok) {
		await releaseLock(c.stateDir, dev, id);
		const aborted = step(change, {type: 'abort', reason: 'journal', error: written.error}, clock.now());
		publish(c, view(aborted));
		return refuse('journal', `${written.error.message}; nothing was changed`, written.error);
	}

	publish(c, view(change));
	return mode === 'in-process' ? startInProcess(c, change, plan, guardSelf, ifindex) : startGuarded(c, change, plan, base);
}

async function startInProcess(c: ControllerContext, change: Change, plan: Plan, guardSelf: GuardIdentity, ifindex: number | undefined): Promise<StartResult> {
	const {options} = c;
	const run = createRunner(change, plan.request, {
		source: c.source,
		journal: c.journal,
		clock: c.clock,
		timers: c.timers,
		guard: guardSelf,
		...(ifindex === undefined ? {} : {ifindex}),
		...(options.actor ? {actor: options.actor} : {}),
		...c.runnerOptions,
		lockDir: c.stateDir,
		onUpdate(next) {
			publish(c, view(next));
		},
	});
	c.guard = localGuard(run);
	if (!(await run.arm())) {
		run.abort('journal', opError('EIO', 'cannot write the change journal'));
		return refuse('journal', 'cannot write the change journal; nothing was changed');
	}

	void run.apply();
	return {ok: true, change: view(run.current())};
}

/** The guard process's arguments: the machine on screen, and the test overrides of delays. */
const guardArgs = (c: ControllerContext, change: Change, armTimeoutMs: number): string[] => [
	'--state-dir', c.stateDir,
	'--dev', change.dev,
	'--id', change.id,
	'--arm-timeout', String(armTimeoutMs),
	...(c.options.verifyDelaysMs ? ['--verify-delays', c.options.verifyDelaysMs.join(',')] : []),
	...(c.options.revertDelaysMs ? ['--revert-delays', c.options.revertDelaysMs.join(',')] : []),
	...(c.options.applyBudgetMs ? ['--apply-budget', String(c.options.applyBudgetMs)] : []),
	...(c.options.kmsg === undefined ? [] : ['--kmsg', c.options.kmsg === false ? 'off' : c.options.kmsg]),
	// The guard reads and changes the machine on screen, not the real one of the same name.
	...machineArgs(c.scope.machine),
];

/** Resolves with the first state after JOURNALED, or undefined after `ms`. */
const firstStateWithin = async (c: ControllerContext, ms: number): Promise<ChangeView | undefined> => new Promise(resolve => {
	let armTimer: unknown;
	const stop = subscribe(c, next => {
		if (next.state !== 'JOURNALED') {
			stop();
			c.timers.clearTimeout(armTimer);
			resolve(next);
		}
	});
	armTimer = c.timers.setTimeout(() => {
		stop();
		resolve(undefined);
	}, ms);
});

async function startGuarded(c: ControllerContext, change: Change, plan: Plan, base: RecordBase): Promise<StartResult> {
	const {options, clock} = c;
	const armTimeoutMs = options.armTimeoutMs ?? defaultArmTimeoutMs;
	const spawned = await spawnRemoteGuard({
		command: options.guardCommand ?? defaultGuardCommand(),
		args: guardArgs(c, change, armTimeoutMs),
		stateDir: c.stateDir,
		change: view(change),
		armTimeoutMs,
		...(options.useSystemd === undefined ? {} : {useSystemd: options.useSystemd}),
		clock,
		timers: c.timers,
		onUpdate(next) {
			publish(c, next);
		},
		firstState: async () => firstStateWithin(c, armTimeoutMs),
	});
	if (spawned.ok) {
		adopt(c, spawned.guard, change.dev, change.id);
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
	const aborted = step(change, {type: 'abort', reason: 'guard', error: failure.error ?? opError('EGUARD', failure.message)}, clock.now());
	await c.journal.append(recordOf(aborted, base, c.source.kind, clock, plan.request));
	await releaseLock(c.stateDir, change.dev, change.id);
	publish(c, view(aborted));
	return refuse('guard', `${failure.message}; nothing was changed`, failure.error);
}
