// A tiny deterministic Source for UI tests: every queue of a device grows by a
// fixed number of packets per second, so the rates on screen are predictable.
import {inProcessNeeds, type DeviceSnapshot, type Source} from '../../source/sources/source.js';
import {manaVf} from '../../source/drivers/index.js';
import type {Result, Stat, VfDeviceSnapshot, VfQueueCounters} from '../../source/types.js';

export type FakeDevice = {
	readonly name: string;
	/** rx packets per second of each queue (its length is the channel count). */
	readonly rxPps: readonly number[];
	readonly vf?: string;
	/** A mana VF read through its own driver (snapshot.vfDevice), named by `vf`. */
	readonly vfDevice?: FakeVf;
};

/** A mana VF whose queues grow at fixed rates: queue i at rxPps[i] rx and txPps[i] tx packets/s. */
export type FakeVf = {
	readonly name: string;
	readonly instance?: number;
	/** rx packets/s per queue; default 16 queues (mana's default) at 1000 × (i + 1). */
	readonly rxPps?: readonly number[];
	readonly txPps?: readonly number[];
	/** hc_rx_discards_no_wqe per second. */
	readonly discardsPerSecond?: number;
	/** The CPU of queue i (its MSI-X vector's affinity); default i, none when null. */
	readonly cpus?: ReadonlyArray<number | undefined> | null;
	/** Counters that start here (exactness beyond 2^53). */
	readonly offset?: bigint;
	readonly rings?: {readonly rx: number; readonly tx: number};
};

/** 16 combined queues, the names mana's driver file gives them, hc_rx_discards_no_wqe among its errors. */
export function fakeManaVf(vf: FakeVf, now: number): VfDeviceSnapshot {
	const seconds = BigInt(Math.round(now)) / 1000n;
	const offset = vf.offset ?? 0n;
	const rxPps = vf.rxPps ?? Array.from({length: manaVf.defaultChannels}, (_, i) => 1000 * (i + 1));
	const queues: VfQueueCounters[] = rxPps.map((pps, index) => {
		const tx = BigInt(vf.txPps?.[index] ?? 0);
		const cpu = vf.cpus === null ? undefined : (vf.cpus === undefined ? index : vf.cpus[index]);
		return {
			index,
			role: 'combined',
			rxPackets: offset + (BigInt(pps) * seconds),
			rxBytes: offset + (BigInt(pps) * seconds * 1500n),
			txPackets: offset + (tx * seconds),
			txBytes: offset + (tx * seconds * 100n),
			...(cpu === undefined ? {} : {cpu}),
		};
	});
	const discards = BigInt(vf.discardsPerSecond ?? 0) * seconds;
	const names = manaVf.queueStat;
	const stats: Stat[] = [
		['hc_rx_discards_no_wqe', discards],
		...queues.flatMap((q): Stat[] => [[names.rxPackets(q.index), q.rxPackets], [names.rxBytes(q.index), q.rxBytes]]),
		...queues.flatMap((q): Stat[] => [[names.txPackets(q.index), q.txPackets], [names.txBytes(q.index), q.txBytes]]),
	];
	const rings = vf.rings ?? {rx: manaVf.rxRing.default, tx: manaVf.txRing.default};
	return {
		name: vf.name,
		driver: manaVf.name,
		instance: vf.instance ?? 1,
		channels: {ok: true, value: {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: manaVf.hwMaxChannels, rx: 0, tx: 0, other: 0, combined: queues.length}},
		rings: {ok: true, value: {rxMax: manaVf.rxRing.max, txMax: manaVf.txRing.max, rx: rings.rx, tx: rings.tx, unit: 'descriptors'}},
		coalesce: {ok: true, value: {rxCqeFrames: 1}},
		stats: {ok: true, value: stats},
		queues,
		errors: [['hc_rx_discards_no_wqe', discards], ['hc_tx_err_gdma', 0n]],
	};
}

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
		...(device.vfDevice ? {vfDevice: fakeManaVf(device.vfDevice, now)} : {}),
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
