// Small facts about a live device the guard checks before it acts.
import {readFile} from 'node:fs/promises';
import {createLiveSource} from '../sources/live/index.js';
import type {Source} from '../sources/source.js';
import type {Result} from '../types.js';
import {realMachine, type Machine} from './scope.js';

/** The device's ifindex, or undefined when it is gone; a new one means it was re-created. */
export async function readIfindex(dev: string, sysfsRoot = '/sys'): Promise<number | undefined> {
	try {
		const value = Number((await readFile(`${sysfsRoot}/class/net/${dev}/ifindex`, 'utf8')).trim());
		return Number.isSafeInteger(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The guard's own view of a live device: watched by name (any driver, so veth
 * works in tests) and never cached, because every read is a read-back.
 */
export async function liveGuardSource(dev: string, machine: Machine = realMachine): Promise<Result<Source>> {
	return createLiveSource({devices: [dev], refreshMs: 1, retryMs: 1, sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
}
