// Which world a change belongs to: the network namespace hvtop runs in and
// the machine it reads (sysfs root, procfs root, ethtool). All change state —
// journal, lock, guard socket — lives in a directory named after this scope,
// every journal record names it, and recovery acts only on records of its
// own scope: a change made in one namespace, or on a synthetic machine, is
// never resolved, reverted or talked to from another.
import {readlinkSync} from 'node:fs';
import {sha256Hex} from '../lazy-crypto.js';
import {normalizeMachine, realMachine, type Machine} from '../sources/machine.js';
import type {Source} from '../sources/source.js';

export {normalizeMachine, realMachine, type Machine} from '../sources/machine.js';

export type Scope = {
	/** Inode of this thread's network namespace (/proc/thread-self/ns/net), as a decimal string. */
	readonly netns: string;
	/** The machine a live source reads; absent for the model (it lives in this process). */
	readonly machine?: Machine;
};

export const isRealMachine = (machine: Machine): boolean =>
	machine.sysfsRoot === realMachine.sysfsRoot && machine.procfsRoot === realMachine.procfsRoot && machine.ethtool === realMachine.ethtool;

/** This thread's network namespace inode; 'unknown' where /proc cannot tell (then nothing is shared by mistake either). */
export function currentNetns(): string {
	for (const link of ['/proc/thread-self/ns/net', '/proc/self/ns/net']) {
		try {
			const match = /^net:\[(\d+)]$/.exec(readlinkSync(link));
			if (match) {
				return match[1]!;
			}
		} catch {}
	}

	return 'unknown';
}

/** A guard in another process reads the source's machine, so the scope names it; a device in this process needs no machine. */
export function scopeOf(source: Pick<Source, 'needs' | 'origin'>, netns = currentNetns()): Scope {
	return source.needs.guarding === 'process' ? {netns, machine: normalizeMachine(source.origin)} : {netns};
}

const machineKey = (machine: Machine | undefined): string =>
	machine === undefined ? '' : JSON.stringify([machine.sysfsRoot, machine.procfsRoot, machine.ethtool]);

/** The scope's directory name under the state dir: net-INODE, plus a hash of a non-real machine. */
export function scopeName(scope: Scope): string {
	const machine = scope.machine === undefined || isRealMachine(scope.machine)
		? ''
		: `-m${sha256Hex(machineKey(scope.machine)).slice(0, 12)}`;
	return `net-${scope.netns}${machine}`;
}

/** Does a journal record belong to this scope? A record that names none (older hvtop) does not. */
export function sameScope(record: {readonly netns?: string; readonly machine?: Machine}, scope: Scope): boolean {
	return record.netns === scope.netns && machineKey(record.machine) === machineKey(scope.machine);
}

export function describeScope(record: {readonly netns?: string; readonly machine?: Machine}): string {
	const where = record.netns === undefined ? 'an unnamed network namespace' : `network namespace ${record.netns}`;
	const machine = record.machine;
	if (machine === undefined || isRealMachine(machine)) {
		return where;
	}

	return `${where} on the machine --sysfs-root ${machine.sysfsRoot} --procfs-root ${machine.procfsRoot} --ethtool ${machine.ethtool}`;
}

/** The guard's arguments that describe the machine. */
export const machineArgs = (machine: Machine | undefined): string[] =>
	machine === undefined ? [] : ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool];

// sockaddr_un.sun_path is 108 bytes with its terminating NUL; Node would cut a longer path short.
export const maxSocketPathBytes = 107;

/** Why a socket cannot live at this path, or undefined. */
export function socketPathProblem(socket: string): string | undefined {
	const bytes = Buffer.byteLength(socket);
	return bytes > maxSocketPathBytes
		? `the guard's socket path ${socket} is ${bytes} bytes, longer than the ${maxSocketPathBytes} a Unix socket allows; set HVTOP_STATE_DIR to a shorter directory`
		: undefined;
}
