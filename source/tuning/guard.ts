// The guard process (`hvtop guard …`): started before ethtool runs, outside
// the terminal's session, it alone decides keep or revert. It takes its
// inputs from the journal, applies the change when hvtop says so, reads it
// back, waits for keep until the deadline and otherwise reverts — whether or
// not the hvtop that started it is still alive.
//
//   hvtop guard --state-dir DIR --dev DEV --id ID [--arm-timeout MS]
//               [--verify-delays MS,MS] [--revert-delays MS,MS] [--apply-budget MS]
//               [--kmsg PATH|off] [--unit NAME]
//               [--sysfs-root DIR --procfs-root DIR --ethtool PATH]
//
// The machine flags name the machine hvtop showed (scope.ts): the guard reads
// and changes that one, and acts only on a change journaled in its own network
// namespace for that machine.
// Talks over DIR/guard/ID.sock (wire.ts). SIGUSR1 = keep, SIGUSR2 = revert,
// SIGTERM = session lost (revert now); SIGHUP, SIGINT and SIGPIPE are ignored.
import {chmod, unlink} from 'node:fs/promises';
import net from 'node:net';
import type {Source} from '../sources/source.js';
import type {Result} from '../types.js';
import {opError} from '../errors.js';
import {isValidDeviceName} from '../ethtool/device-name.js';
import {liveGuardSource} from './device.js';
import {changeFromRecords, recordOf, type JournaledChange} from './journal-codec.js';
import {lastChange, openJournal, type GuardIdentity, type Journal} from './journal.js';
import {addHolder} from './lock.js';
import {sameValues} from './plan.js';
import {selfIdentity} from './proc.js';
import {currentNetns, describeScope, normalizeMachine, sameScope, socketPathProblem, type Machine, type Scope} from './scope.js';
import {ensurePrivateDir} from './state-dir.js';
import {defaultArmTimeoutMs} from './controller-types.js';
import {machineFrom, machineOptions, splitArgs, type ArgSpec} from './command-args.js';
import {monotonicClock, toMono} from '../clock.js';
import {createRunner, type Runner} from './runner.js';
import {readValues} from './kinds/index.js';
import {step, view} from './states.js';
import {encode, guardDir, isToGuard, lineReader, mapTimes, socketPath, type ToGuard} from './wire.js';

export type GuardDeps = {
	/** The device's source in this process; default: the live source, uncached. */
	readonly createSource?: (dev: string, machine: Machine) => Promise<Result<Source>>;
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
	/** Where diagnostics go (the guard has no terminal); default stderr. */
	readonly log?: (line: string) => void;
};

type GuardArgs = {
	stateDir: string;
	dev: string;
	id: string;
	armTimeoutMs: number;
	verifyDelaysMs?: number[];
	revertDelaysMs?: number[];
	applyBudgetMs?: number;
	kmsg?: string | false;
	unit?: string;
	machine: Machine;
};

const msList = (text: string): number[] | undefined => {
	const list = text === '' ? [] : text.split(',').map(Number);
	return list.every(n => Number.isSafeInteger(n) && n >= 0) ? list : undefined;
};

const guardSpec: ArgSpec = {
	valued: ['state-dir', 'dev', 'id', 'arm-timeout', 'verify-delays', 'revert-delays', 'apply-budget', 'kmsg', 'unit', ...machineOptions],
	flags: [],
};

export function parseGuardArgs(args: readonly string[]): GuardArgs | string {
	const parts = splitArgs(args, guardSpec);
	if (typeof parts === 'string' || parts.positional.length > 0) {
		return typeof parts === 'string' ? parts : `bad guard argument ${JSON.stringify(parts.positional[0])}`;
	}

	const values = parts.options as ReadonlyMap<string, string>;
	const stateDir = values.get('state-dir');
	const dev = values.get('dev');
	const id = values.get('id');
	if (!stateDir || !dev || !isValidDeviceName(dev) || !id || !/^[\da-f]{6,32}$/.test(id)) {
		return 'usage: hvtop guard --state-dir DIR --dev DEV --id ID';
	}

	const given = machineFrom(values);
	if (typeof given === 'string') {
		return given;
	}

	const machine = given ?? normalizeMachine();
	const parsed: GuardArgs = {stateDir, dev, id, machine, armTimeoutMs: Number(values.get('arm-timeout') ?? defaultArmTimeoutMs)};
	for (const [key, field] of [['verify-delays', 'verifyDelaysMs'], ['revert-delays', 'revertDelaysMs']] as const) {
		const text = values.get(key);
		if (text !== undefined) {
			const list = msList(text);
			if (!list) {
				return `bad --${key} ${text}`;
			}

			parsed[field] = list;
		}
	}

	const budget = values.get('apply-budget');
	if (budget !== undefined) {
		parsed.applyBudgetMs = Number(budget);
	}

	const kmsg = values.get('kmsg');
	if (kmsg !== undefined) {
		parsed.kmsg = kmsg === 'off' ? false : kmsg;
	}

	const unit = values.get('unit');
	if (unit !== undefined) {
		parsed.unit = unit;
	}

	return Number.isFinite(parsed.armTimeoutMs) && parsed.armTimeoutMs > 0 ? parsed : 'bad --arm-timeout';
}

/** Default log: timestamped lines on stderr. */
function stderrLog(line: string): void {
	try {
		process.stderr.write(`${new Date().toISOString()} ${line}\n`);
	} catch {
		// The log is on the state dir's filesystem: a full disk must not stop the guard.
	}
}

/** One message from hvtop, handed to the runner; `disarm` stops the arm timeout once hvtop applies. */
function handleMessage(runner: Runner, message: ToGuard, disarm: () => void): void {
	switch (message.type) {
		case 'apply': {
			disarm();
			void runner.apply();
			break;
		}

		case 'keep': {
			runner.keep();
			break;
		}

		case 'revert': {
			runner.revert('admin');
			break;
		}

		case 'extend': {
			runner.extend(message.ms);
			break;
		}

		case 'session-lost': {
			runner.sessionLost();
			break;
		}
	}
}

/** Listen on the change's socket; throws with the reason it cannot. */
async function listenPrivately(server: net.Server, stateDir: string, socket: string): Promise<void> {
	// Only the change's user (and root) may connect: the kernel checks the 0700 directory.
	const tooLong = socketPathProblem(socket);
	const dir = ensurePrivateDir(guardDir(stateDir));
	if (tooLong || !dir.ok) {
		throw new Error(tooLong ?? (dir.ok ? '' : dir.error.message));
	}

	await unlink(socket).catch(() => undefined);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(socket, resolve);
	});
	await chmod(socket, 0o600);
}

/** Tell every client the final state, then close them, the server and the socket file. */
async function closeServer(server: net.Server, clients: Set<net.Socket>, socket: string, line: string): Promise<void> {
	await Promise.all([...clients].map(async client => new Promise<void>(resolve => {
		client.end(line, resolve);
	})));
	await new Promise<void>(resolve => {
		server.close(() => resolve());
		for (const client of clients) {
			client.destroy();
		}
	});
	await unlink(socket).catch(() => undefined);
}

/** Who the guard is and where it looks, for the checks before it may act. */
type PendingContext = {
	readonly journal: Journal;
	readonly dev: string;
	readonly id: string;
	readonly scope: Scope;
	readonly log: (line: string) => void;
};

/** The journaled change this guard is for, or the exit status when it must not act. */
async function pendingChange(ctx: PendingContext): Promise<JournaledChange | number> {
	const {journal, dev, id, scope, log} = ctx;
	const loaded = await journal.load(dev);
	if (!loaded.ok) {
		log(`guard ${id}: ${loaded.error.message}; exiting without acting`);
		return 1;
	}

	const records = loaded.value;
	const last = lastChange(records);
	// Stale-guard rule: only the device's newest change, and only before it was armed.
	if (last?.id !== id || last.state !== 'JOURNALED') {
		log(`guard ${id}: not the pending change of ${dev} (last: ${last ? `${last.id} ${last.state}` : 'none'}); exiting without acting`);
		return 0;
	}

	// Never act for another namespace or machine: the device of that name here is not the one planned.
	if (!sameScope(last, scope)) {
		log(`guard ${id}: the change belongs to ${describeScope(last)}, this guard runs in ${describeScope(scope)}; exiting without acting`);
		return 1;
	}

	return changeFromRecords(records, id, monotonicClock)!;
}

/** hvtop's signals go to the runner; the ones a lost terminal sends are ignored. Returns the undo. */
function onSignals(runner: Runner): () => void {
	const ignore = () => undefined;
	const handlers: Array<[NodeJS.Signals, () => void]> = [
		['SIGHUP', ignore],
		['SIGINT', ignore],
		['SIGPIPE', ignore],
		['SIGUSR1', () => runner.keep()],
		['SIGUSR2', () => runner.revert('admin')],
		['SIGTERM', () => runner.sessionLost()],
	];
	for (const [signal, handler] of handlers) {
		process.on(signal, handler);
	}

	return () => {
		for (const [signal, handler] of handlers) {
			process.off(signal, handler);
		}
	};
}

/** Why the guard must not apply: the device (or the change's VF) is not the one planned, or no longer holds `before`. */
async function whyNotApply(source: Source, found: JournaledChange, readIfindex: GuardDeps['readIfindex']): Promise<{reason: 'manual' | 'device-gone' | 'vf-gone'; message: string} | undefined> {
	const {dev, kind, vf, before} = found.change;
	if (found.record.ifindex !== undefined && readIfindex && (await readIfindex(dev)) !== found.record.ifindex) {
		return {reason: 'device-gone', message: `${dev} was re-created or removed since the change was planned`};
	}

	// The plan was made from hvtop's view; act only if the device (a VF change: the same VF) still holds it.
	const now = await readValues(source, dev, kind, monotonicClock.now(), vf);
	if (!now.ok && now.error.code === 'EVFLOST') {
		return {reason: 'vf-gone', message: `${now.error.message} since the change was planned; nothing was applied`};
	}

	if (!now.ok || !sameValues(now.value, before)) {
		return {reason: 'manual', message: now.ok ? `${dev} changed since the change was planned` : `cannot read ${dev}: ${now.error.message}`};
	}

	return undefined;
}

/** The guard's main. Resolves with the exit status once the change has ended. */
export async function runGuard(args: readonly string[], deps: GuardDeps = {}): Promise<number> {
	const log = deps.log ?? stderrLog;
	const parsed = parseGuardArgs(args);
	if (typeof parsed === 'string') {
		log(parsed);
		return 2;
	}

	const {stateDir, dev, id} = parsed;
	const scope: Scope = {netns: currentNetns(), machine: parsed.machine};
	const journal = openJournal(stateDir, scope);
	const clock = monotonicClock;
	const found = await pendingChange({journal, dev, id, scope, log});
	if (typeof found === 'number') {
		return found;
	}

	const socket = socketPath(stateDir, id);
	const me = selfIdentity();
	const guard: GuardIdentity = {...me, mode: 'process', socket, ...(parsed.unit ? {unit: parsed.unit} : {})};
	const base = {guard, ...(found.record.ifindex === undefined ? {} : {ifindex: found.record.ifindex}), ...(found.record.actor ? {actor: found.record.actor} : {})};

	const abortEarly = async (reason: 'guard' | 'manual' | 'device-gone' | 'vf-gone', message: string): Promise<number> => {
		log(`guard ${id}: ${message}`);
		const aborted = step(found.change, {type: 'abort', reason, error: opError('EABORT', message)}, clock.now());
		await journal.append(recordOf(aborted, base, found.record.source, clock, found.request));
		return 1;
	};

	const made = await (deps.createSource ?? liveGuardSource)(dev, parsed.machine);
	if (!made.ok) {
		return abortEarly('guard', `cannot open ${dev}: ${made.error.message}`);
	}

	const source = made.value;
	const readIfindex = deps.readIfindex ?? source.needs.readIfindex;
	const unsafe = await whyNotApply(source, found, readIfindex);
	if (unsafe) {
		await source.close();
		return abortEarly(unsafe.reason, unsafe.message);
	}

	const clients = new Set<net.Socket>();
	let told = found.change;
	const runner = createRunner(found.change, found.request, {
		source,
		journal,
		clock,
		guard,
		...(found.record.ifindex === undefined ? {} : {ifindex: found.record.ifindex}),
		...(found.record.actor ? {actor: found.record.actor} : {}),
		...(readIfindex ? {readIfindex} : {}),
		...(parsed.verifyDelaysMs ? {verifyDelaysMs: parsed.verifyDelaysMs} : {}),
		...(parsed.revertDelaysMs ? {revertDelaysMs: parsed.revertDelaysMs} : {}),
		...(parsed.applyBudgetMs ? {applyBudgetMs: parsed.applyBudgetMs} : {}),
		...(parsed.kmsg === undefined ? {} : {kmsg: parsed.kmsg}),
		lockDir: stateDir,
		onUpdate(change) {
			told = change;
			log(`guard ${id}: ${change.state}${change.reason ? ` (${change.reason})` : ''}${change.error ? `: ${change.error.message}` : ''}`);
			// On the wire times are CLOCK_MONOTONIC: hvtop's clock has another origin.
			const line = encode({type: 'update', change: mapTimes(view(change), ms => toMono(ms, clock))});
			for (const client of clients) {
				client.write(line);
			}
		},
	});

	const removeSignals = onSignals(runner);

	let armTimer: NodeJS.Timeout | undefined;
	const server = net.createServer(client => {
		clients.add(client);
		client.on('error', () => clients.delete(client));
		client.on('close', () => clients.delete(client));
		// The greeting is the last state told, never one still being journaled.
		client.write(encode({type: 'update', change: mapTimes(view(told), ms => toMono(ms, clock))}));
		client.on('data', lineReader(message => {
			if (isToGuard(message)) {
				handleMessage(runner, message, () => {
					clearTimeout(armTimer);
				});
			}
		}));
	});

	try {
		await listenPrivately(server, stateDir, socket);
	} catch (error) {
		await source.close();
		return abortEarly('guard', `cannot listen on ${socket}: ${(error as Error).message}`);
	}

	// Armed = journaled as ARMED with our identity, and named in the device lock.
	if (!(await runner.arm())) {
		runner.abort('journal', opError('EIO', 'the ARMED record could not be written; nothing was applied'));
	} else {
		await addHolder(stateDir, dev, id, me).catch(() => false);
		armTimer = setTimeout(() => {
			log(`guard ${id}: hvtop did not start the change within ${parsed.armTimeoutMs} ms`);
			runner.abort('guard');
		}, parsed.armTimeoutMs);
	}

	const final = await runner.done;
	clearTimeout(armTimer);
	const line = encode({type: 'update', change: mapTimes(view(final), ms => toMono(ms, clock))});
	await closeServer(server, clients, socket, line);
	await source.close();
	removeSignals();
	log(`guard ${id}: finished ${final.state}`);
	return 0;
}
