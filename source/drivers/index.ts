// Driver facts by driver name. A driver not listed gets the facts that assume
// nothing: descriptor rings, no error counters of its own (sysfs drops/errors
// are shown), no VMBus/VF pairing, queues that survive a change.
import type {DriverFacts} from './facts.js';
import {hvNetvsc} from './hv-netvsc.js';
import {mana, manaVf} from './mana.js';
import {mlx5, mlx5Vf} from './mlx5.js';
import type {VfDriverFacts} from './vf-driver.js';

export type {DriverFacts} from './facts.js';
export type {DriverRefusal, RingBounds, RxfhFacts, VfDriverFacts} from './vf-driver.js';
export {hvNetvsc} from './hv-netvsc.js';
export {mana, manaVf} from './mana.js';
export {mlx5, mlx5Vf} from './mlx5.js';

const known: ReadonlyMap<string, DriverFacts> = new Map([hvNetvsc, mana, mlx5].map(facts => [facts.name, facts]));

/** Every known driver's error counter names: a name means the same trouble in each driver that has it. */
export const knownErrorStatNames: ReadonlySet<string> = new Set([...known.values()].flatMap(facts => facts.errorStatNames));

const knownVf: ReadonlyMap<string, VfDriverFacts> = new Map([manaVf, mlx5Vf].map(facts => [facts.name, facts]));

/** The VF facts for a driver name: undefined for a driver that is not a known Azure VF. */
export function vfDriverFacts(name: string | undefined): VfDriverFacts | undefined {
	return name === undefined ? undefined : knownVf.get(name);
}

const generic = (name: string): DriverFacts => ({name, ringUnit: 'descriptors', errorStatNames: [], vmbus: false, recreatesQueues: false});

/** The facts for a driver name (undefined when unknown: the generic facts). */
export function driverFacts(name: string | undefined): DriverFacts {
	return (name === undefined ? undefined : known.get(name)) ?? generic(name ?? '');
}

/** The driver hvtop watches by default and whose wording (Hyper-V, vRSS, VF) it uses. */
export const isNetvsc = (name: string | undefined): boolean => name === hvNetvsc.name;
