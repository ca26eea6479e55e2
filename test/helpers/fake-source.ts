// A tiny deterministic Source for UI tests: every queue of a device grows by a
// fixed number of packets per second, so the rates on screen are predictable.
import {inProcessNeeds, type DeviceSnapshot, type Source} from '../../source/sources/source.js';
import type {Result} from '../../source/types.js';

export type FakeDevice = {
	readonly name: string;
	/** rx packets per second of each queue (its length is the channel count). */
	readonly rxPps: readonly number[];
	readonly vf?: string;
};

const notSupported = {ok: false as const, error: {code: 'EOPNOTSUPP', errno: 95, message: 'not supported by the fake'}};

export function fakeSnapshot(device: FakeDevice, now: number): DeviceSnapshot {
	const seconds = BigInt(Math.round(now)) / 1000n;
	const queues = device.rxPps.map((pps, index) => ({
		index,
		rxPackets: BigInt(pps) * seconds,
		rxBytes: BigInt(pps) * seconds * 1000n,
		txPackets: 0n,
		txBytes: 0n,
	}));
	return {
		name: device.name,
		at: now,
		info: {ok: true, value: {driver: 'hv_netvsc', version: '6.8.0-test', firmwareVersion: 'N/A', busInfo: 'guid'}},
		link: {up: true, carrier: true, speedMbps: 10_000},
		...(device.vf ? {vf: device.vf} : {}),
		vcpus: 8,
		channels: {ok: true, value: {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: 8, rx: 0, tx: 0, other: 0, combined: device.rxPps.length}},
		rings: {ok: true, value: {rxMax: 18_811, txMax: 2560, rx: 9709, tx: 170, unit: 'sections', rxSectionBytes: 1728, txSectionBytes: 6144}},
		features: {ok: true, value: [{name: 'rx-checksumming', on: true, fixed: false}, {name: 'large-receive-offload', on: false, fixed: false}]},
		rss: notSupported,
		stats: {ok: true, value: []},
		queues,
		cpus: [],
		errors: [['tx_send_full', seconds * 3n], ['rx_comp_busy', 0n]],
		channelCpu: device.rxPps.map((_, i) => i),
		softirqs: [],
		epoch: 0,
	};
}

export function createFakeSource(devices: readonly FakeDevice[]): Source {
	const byName = new Map(devices.map(d => [d.name, d]));
	return {
		kind: 'model',
		needs: inProcessNeeds,
		label: 'FAKE — test source',
		async devices() {
			return devices.map(d => d.name);
		},
		async snapshot(name: string, now: number): Promise<Result<DeviceSnapshot>> {
			const device = byName.get(name);
			return device
				? {ok: true, value: fakeSnapshot(device, now)}
				: {ok: false, error: {code: 'ENODEV', errno: 19, message: `no such device: ${name}`}};
		},
		async setChannels() {
			return {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'fake'}};
		},
		async setRings() {
			return {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'fake'}};
		},
		async setCoalesce() {
			return {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'fake'}};
		},
		async close() {},
	};
}
