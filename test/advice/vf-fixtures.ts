// A VF read through its own driver, put on a model reading by hand: the VF
// rates are computed by another part of hvtop, so the VF rules are tested on
// DeviceRates built here, over the `vf` scenario's real netvsc reading.
import type {AdviceInput} from '../../source/advice/index.js';
import {manaVf, mlx5Vf, type VfDriverFacts} from '../../source/drivers/index.js';
import type {ErrorRate} from '../../source/stats/index.js';
import type {VfDeviceRates, VfQueueRates} from '../../source/stats/rates.js';
import type {Coalesce, VfDeviceSnapshot} from '../../source/types.js';
import {scenarioRun} from './helpers.js';

export const vfName = 'enP30832s1';

export type VfSetup = {
	readonly facts?: VfDriverFacts;
	readonly instance?: number;
	readonly combined?: number;
	readonly maxCombined?: number;
	readonly rx?: number;
	readonly tx?: number;
	readonly rxMax?: number;
	readonly coalesce?: Coalesce;
};

/** The VF as its driver shows it after probe, with the given settings changed. */
export function vfDevice(setup: VfSetup = {}): VfDeviceSnapshot {
	const facts = setup.facts ?? manaVf;
	const maxCombined = setup.maxCombined ?? 16;
	const combined = setup.combined ?? Math.min(facts.defaultChannels, maxCombined);
	return {
		name: vfName,
		driver: facts.name,
		instance: setup.instance ?? 1,
		channels: {ok: true, value: {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined, rx: 0, tx: 0, other: 0, combined}},
		rings: {ok: true, value: {
			rxMax: setup.rxMax ?? facts.rxRing.max,
			txMax: facts.txRing.max,
			rx: setup.rx ?? facts.rxRing.default,
			tx: setup.tx ?? facts.txRing.default,
			unit: 'descriptors',
		}},
		...(facts.rxCqeFrames.length > 0 ? {coalesce: {ok: true as const, value: setup.coalesce ?? {rxCqeFrames: facts.rxCqeFrames[0]!}}} : {}),
		stats: {ok: true, value: []},
		queues: [],
		errors: [],
	};
}

export type QueueSetup = {readonly index: number; readonly rxPps: number; readonly cpu?: number; readonly rxDropsPerSec?: number};

export function vfQueue({index, rxPps, cpu, rxDropsPerSec}: QueueSetup): VfQueueRates {
	return {
		index,
		role: 'combined',
		rxPps,
		rxBps: rxPps * 1000,
		txPps: rxPps / 2,
		txBps: rxPps * 500,
		share: 0,
		...(cpu === undefined ? {} : {cpu}),
		...(rxDropsPerSec === undefined ? {} : {rxDropsPerSec}),
	};
}

export function vfRates(device: VfDeviceSnapshot, options: {queues?: readonly VfQueueRates[]; errors?: Record<string, number>; replaced?: boolean; instance?: number} = {}): VfDeviceRates {
	const queues = options.queues ?? [];
	const rxPps = queues.reduce((sum, q) => sum + q.rxPps, 0);
	const txPps = queues.reduce((sum, q) => sum + q.txPps, 0);
	const errors: ErrorRate[] = Object.entries(options.errors ?? {}).map(([name, rate]) => ({name, value: BigInt(Math.round(rate * 10)), rate, rising: rate > 0}));
	return {
		name: device.name,
		driver: device.driver,
		instance: options.instance ?? device.instance,
		queues,
		totals: {rxPps, rxBps: rxPps * 1000, txPps, txBps: txPps * 1000},
		imbalance: 1,
		errors,
		replaced: options.replaced ?? false,
	};
}

/** The `vf` scenario's eth0 (VF enP30832s1, 16 vCPUs) with the VF read as given. */
export async function withVf(device: VfDeviceSnapshot | undefined, rates?: VfDeviceRates): Promise<AdviceInput> {
	const input = (await scenarioRun('vf')).input('eth0');
	return {
		...input,
		snapshot: {...input.snapshot, ...(device ? {vfDevice: device} : {})},
		rates: {...input.rates, ...(rates ? {vfDevice: rates} : {})},
	};
}

export {manaVf, mlx5Vf};
