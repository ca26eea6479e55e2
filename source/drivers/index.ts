// Driver facts by driver name. A driver not listed gets the facts that assume
// nothing: descriptor rings, no error counters of its own (sysfs drops/errors
// are shown), no VMBus/VF pairing, queues that survive a change.
import type {DriverFacts} from './facts.js';
import {hvNetvsc} from './hv-netvsc.js';

export type {DriverFacts} from './facts.js';
export {hvNetvsc} from './hv-netvsc.js';

const known: ReadonlyMap<string, DriverFacts> = new Map([hvNetvsc].map(facts => [facts.name, facts]));

const generic = (name: string): DriverFacts => ({name, ringUnit: 'descriptors', errorStatNames: [], vmbus: false, recreatesQueues: false});

/** The facts for a driver name (undefined when unknown: the generic facts). */
export function driverFacts(name: string | undefined): DriverFacts {
	return (name === undefined ? undefined : known.get(name)) ?? generic(name ?? '');
}

/** The driver hvtop watches by default and whose wording (Hyper-V, vRSS, VF) it uses. */
export const isNetvsc = (name: string | undefined): boolean => name === hvNetvsc.name;
