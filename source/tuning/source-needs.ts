// What changing a Source's devices needs, in one place, so the controller,
// `set` and `rollback` ask for a need instead of testing which source it is:
// the model's device lives in this process (an in-process guard, no root, a
// private journal), a live device outlives it (a guard process, root, the
// ifindex to notice a re-created device), a replay cannot be changed.
import type {Source, SourceKind} from '../sources/source.js';
import {readIfindex} from './device.js';

export type SourceNeeds = {
	/** Where the change's guard runs; 'none': the source cannot be changed. */
	readonly guarding: 'in-process' | 'process' | 'none';
	/** A change needs CAP_NET_ADMIN. */
	readonly needsRoot: boolean;
	/** The journal may live in a private per-process temp dir (the device dies with the process). */
	readonly privateState: boolean;
	/** A failed revert belongs in the kernel log (a real device, not a simulation). */
	readonly kernelLog: boolean;
	/** The device's ifindex now: a different one means it was re-created. */
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
};

const byKind: Readonly<Record<SourceKind, (source: Source) => SourceNeeds>> = {
	model: () => ({guarding: 'in-process', needsRoot: false, privateState: true, kernelLog: false}),
	live: source => ({
		guarding: 'process',
		needsRoot: true,
		privateState: false,
		kernelLog: true,
		readIfindex: async (dev: string) => readIfindex(dev, source.origin?.sysfsRoot),
	}),
	replay: () => ({guarding: 'none', needsRoot: false, privateState: false, kernelLog: false}),
};

export const needsOf = (source: Pick<Source, 'kind' | 'origin'>): SourceNeeds => byKind[source.kind](source as Source);

/** The one root check: effective uid 0 (CAP_NET_ADMIN in practice). */
export const isRoot = (): boolean => process.getuid?.() === 0;
