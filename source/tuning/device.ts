// The guard's source: a live device read afresh (its ifindex comes with it, as its needs).
import {createLiveSource} from '../sources/live/index.js';
import type {Source} from '../sources/source.js';
import type {Result} from '../types.js';
import {realMachine, type Machine} from './scope.js';

/**
 * The guard's own view of a live device: watched by name (any driver, so veth
 * works in tests) and never cached, because every read is a read-back.
 */
export async function liveGuardSource(dev: string, machine: Machine = realMachine): Promise<Result<Source>> {
	return createLiveSource({devices: [dev], refreshMs: 1, retryMs: 1, sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
}
