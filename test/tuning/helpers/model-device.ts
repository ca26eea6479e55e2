// The device the tuning tests change: the product's netvsc model (the same
// driver rules and faults the demos show), started at combined 4 of 8, with
// a log of every request that reached the source so a test can prove what ran
// (or that nothing did). The log only records; every answer is the model's.
import {createModelSource, type ModelSource} from '../../../source/sources/model.js';
import type {Source, SourceNeeds} from '../../../source/sources/source.js';
import type {Fault} from '../../../source/netvsc/faults.js';
import type {ChannelRequest, Channels, Result, RingRequest, Rings} from '../../../source/types.js';

export type SetCall = {readonly dev: string; readonly kind: 'channels' | 'rings'; readonly request: ChannelRequest | RingRequest};

export type ModelDevice = {
	/** What the code under test gets: the model source, or the same dressed as `live` (kmsg, root and guard paths). */
	readonly source: Source;
	readonly model: ModelSource;
	/** Every set request that reached the source, in order. */
	readonly sets: SetCall[];
	/** Arm a fault for the device's next change (netvsc/faults.ts). */
	fault(fault: Fault, dev?: string): void;
	channels(dev?: string): Channels;
	rings(dev?: string): Rings;
	/** Someone else runs `ethtool -L` (not through the source: not logged). */
	setByHand(request: ChannelRequest, now: number, dev?: string): Result<Channels>;
};

/** What a live source declares, less the sysfs ifindex read: the rigs pass their own readIfindex. */
const liveNeeds: SourceNeeds = {guarding: 'process', needsRoot: true, privateState: false, kernelLog: true};

export function modelDevice(options: {readonly combined?: number; readonly kind?: 'model' | 'live'} = {}): ModelDevice {
	const made = createModelSource({scenario: 'balanced', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const model = made.value;
	const machine = model.machine;
	// Balanced has eth0 at 8 of 8; start where a change can go either way. Done at
	// model time 0, long before the rigs' clocks (which start at 1000).
	const start = machine.setChannels('eth0', {combined: options.combined ?? 4}, 0);
	if (!start.ok) {
		throw new Error(start.error.message);
	}

	const sets: SetCall[] = [];
	const device = (dev: string) => {
		const found = machine.device(dev);
		if (!found.ok) {
			throw new Error(found.error.message);
		}

		return found.value;
	};

	const value = <T>(result: Result<T>): T => {
		if (!result.ok) {
			throw new Error(`unreadable model device: ${result.error.message}`);
		}

		return result.value;
	};

	const source: Source = {
		...model,
		kind: options.kind ?? 'model',
		...(options.kind === 'live' ? {needs: liveNeeds} : {}),
		async setChannels(dev, request, now) {
			sets.push({dev, kind: 'channels', request});
			return model.setChannels(dev, request, now);
		},
		async setRings(dev, request, now) {
			sets.push({dev, kind: 'rings', request});
			return model.setRings(dev, request, now);
		},
	};
	return {
		source,
		model,
		sets,
		fault(fault, dev = 'eth0') {
			value(model.injectFault(dev, fault));
		},
		channels: (dev = 'eth0') => value(device(dev).channels()),
		rings: (dev = 'eth0') => value(device(dev).rings()),
		setByHand: (request, now, dev = 'eth0') => machine.setChannels(dev, request, now),
	};
}

/** Plain netvsc values for planning tests that need no device. */
export function netvscChannels(combined = 4, max = 8): Channels {
	return {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: max, rx: 0, tx: 0, other: 0, combined};
}

export const netvscRings = (): Rings => ({rxMax: 18_811, txMax: 2560, rx: 9709, tx: 170, unit: 'sections', rxSectionBytes: 1728, txSectionBytes: 6144});
