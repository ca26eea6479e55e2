// A small in-test Source with one or more devices whose channels and rings
// follow the driver's rules closely enough for the change machinery: the core
// refuses above max and 0, netvsc clamps rings to [10, max], and faults can be
// queued (host grants fewer, refusal, failed attach restored or not, a hang,
// failures of the revert). Every set is logged so tests can prove what ran.
import {fakeSnapshot} from '../../helpers/fake-source.js';
import type {DeviceSnapshot, Source} from '../../../source/sources/source.js';
import type {ChannelRequest, Channels, OpError, Result, RingRequest, Rings} from '../../../source/types.js';

export type FakeFault =
	| {readonly kind: 'grant-fewer'; readonly subChannels: number}
	| {readonly kind: 'refuse'; readonly error?: OpError}
	| {readonly kind: 'attach-fails-restored'}
	| {readonly kind: 'attach-and-restore-fail'}
	| {readonly kind: 'hang'}
	| {readonly kind: 'fail'; readonly error: OpError};

export type FakeDeviceState = {
	channels: Channels;
	rings: Rings;
	/** Gone: every operation → ENODEV. */
	gone?: boolean;
};

export type FakeSource = Source & {
	readonly state: Map<string, FakeDeviceState>;
	readonly sets: Array<{dev: string; kind: 'channels' | 'rings'; request: ChannelRequest | RingRequest}>;
	/** Faults consumed one per set, in order. */
	readonly faults: FakeFault[];
};

const einval = (message: string): OpError => ({code: 'EINVAL', errno: 22, message});
const enodev: OpError = {code: 'ENODEV', errno: 19, message: 'No such device'};

export function netvscChannels(combined = 4, max = 8): Channels {
	return {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: max, rx: 0, tx: 0, other: 0, combined};
}

export const netvscRings = (): Rings => ({rxMax: 18_811, txMax: 2560, rx: 9709, tx: 170, unit: 'sections', rxSectionBytes: 1728, txSectionBytes: 6144});

export function createFakeDeviceSource(devices: Record<string, FakeDeviceState> = {eth0: {channels: netvscChannels(), rings: netvscRings()}}, kind: Source['kind'] = 'model'): FakeSource {
	const state = new Map(Object.entries(devices));
	const sets: FakeSource['sets'] = [];
	const faults: FakeFault[] = [];

	const find = (dev: string): FakeDeviceState | undefined => {
		const device = state.get(dev);
		return device && !device.gone ? device : undefined;
	};

	const withFault = async <T>(dev: string, device: FakeDeviceState, change: () => void, read: () => T): Promise<Result<T>> => {
		const fault = faults.shift();
		switch (fault?.kind) {
			case 'refuse': {
				return {ok: false, error: fault.error ?? einval('Invalid argument')};
			}

			case 'fail': {
				return {ok: false, error: fault.error};
			}

			case 'attach-fails-restored': {
				return {ok: false, error: {code: 'EIO', errno: 5, message: 'attach failed; the driver restored the old setting'}};
			}

			case 'attach-and-restore-fail': {
				device.gone = true;
				return {ok: false, error: {code: 'EIO', errno: 5, message: 'restoring channel setting failed'}};
			}

			case 'hang': {
				return new Promise(() => undefined);
			}

			case 'grant-fewer': {
				change();
				if (device.channels.maxCombined > 0) {
					device.channels = {...device.channels, combined: Math.min(device.channels.combined, 1 + fault.subChannels)};
				}

				return {ok: true, value: read()};
			}

			default: {
				change();
				void dev;
				return {ok: true, value: read()};
			}
		}
	};

	const source: FakeSource = {
		kind,
		label: 'FAKE — tuning tests',
		state,
		sets,
		faults,
		async devices() {
			return [...state.keys()].filter(name => !state.get(name)?.gone);
		},
		async snapshot(dev, now): Promise<Result<DeviceSnapshot>> {
			const device = find(dev);
			if (!device) {
				return {ok: false, error: enodev};
			}

			const base = fakeSnapshot({name: dev, rxPps: Array.from({length: Math.max(1, device.channels.combined || device.channels.rx)}, () => 100)}, now);
			return {ok: true, value: {...base, channels: {ok: true, value: device.channels}, rings: device.rings.rxMax === 0 ? {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'Operation not supported'}} : {ok: true, value: device.rings}}};
		},
		async setChannels(dev, request) {
			sets.push({dev, kind: 'channels', request});
			const device = find(dev);
			if (!device) {
				return {ok: false, error: enodev};
			}

			const ch = device.channels;
			const next = {rx: request.rx ?? ch.rx, tx: request.tx ?? ch.tx, other: request.other ?? ch.other, combined: request.combined ?? ch.combined};
			if (next.rx > ch.maxRx || next.tx > ch.maxTx || next.other > ch.maxOther || next.combined > ch.maxCombined) {
				return {ok: false, error: einval('requested channel count exceeds maximum')};
			}

			if (next.combined === 0 && (next.rx === 0 || next.tx === 0)) {
				return {ok: false, error: einval('requested channel counts would result in no RX or TX channel being configured')};
			}

			return withFault(dev, device, () => {
				device.channels = {...ch, ...next};
			}, () => device.channels);
		},
		async setRings(dev, request) {
			sets.push({dev, kind: 'rings', request});
			const device = find(dev);
			if (!device) {
				return {ok: false, error: enodev};
			}

			const r = device.rings;
			if (r.rxMax === 0) {
				return {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'Operation not supported'}};
			}

			if ((request.rxJumbo ?? 0) > 0 || (request.rxMini ?? 0) > 0 || (request.rx ?? 0) > r.rxMax || (request.tx ?? 0) > r.txMax) {
				return {ok: false, error: einval('requested ring size exceeds maximum')};
			}

			const clamp = (v: number, max: number) => Math.min(Math.max(v, 10), max);
			return withFault(dev, device, () => {
				device.rings = {...r, rx: clamp(request.rx ?? r.rx, r.rxMax), tx: clamp(request.tx ?? r.tx, r.txMax)};
			}, () => device.rings);
		},
		async close() {},
	};
	return source;
}
