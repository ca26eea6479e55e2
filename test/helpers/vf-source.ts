// A Source for the VF change kinds before the model and live sources carry a
// VF: the product's netvsc model for eth0, with a real VfDevice (the VF model,
// source/netvsc/vf) paired with it. A set addressed to the VF's name reaches
// the VfDevice, one addressed to eth0 the netvsc model (contract 1 of issue
// 15); eth0's snapshot carries the VF while it is present (contract 2). Every
// set is logged, and a hook can run servicing in the middle of one.
import {createModelSource} from '../../source/sources/model.js';
import type {DeviceSnapshot, Source} from '../../source/sources/source.js';
import {manaVf, mlx5Vf} from '../../source/drivers/index.js';
import {channelsView} from '../../source/netvsc/channels.js';
import {VfDevice, type VfSettings} from '../../source/netvsc/vf/index.js';
import {noSuchDevice} from '../../source/errors.js';
import {parseHkey} from '../../source/ethtool/index.js';
import {ok, type Result, type Rings, type VfDeviceSnapshot} from '../../source/types.js';

export type VfSetCall = {readonly name: string; readonly op: 'channels' | 'rings' | 'coalesce' | 'rss'; readonly request: unknown; readonly instance: number};

export type VfRig = {
	readonly source: Source;
	readonly vf: VfDevice;
	/** Every set that reached the VF, with the instance it reached. */
	readonly sets: VfSetCall[];
	/** Runs once, just before the next set reaches the VF (to service the VF mid-change). */
	beforeNextSet(hook: () => void): void;
	/** Host servicing: the VF leaves and (unless `stayAway`) comes back as a new instance with the defaults. */
	service(options?: {readonly stayAway?: boolean; readonly name?: string}): void;
};

export const vfName = 'enP30832s1';

const key = Array.from({length: 40}, (_, i) => (i * 37) & 0xFF);

function vfSnapshot(vf: VfDevice): VfDeviceSnapshot {
	const coalesce = vf.facts.rxCqeFrames.length > 0 ? {coalesce: vf.coalesce()} : {};
	return {
		name: vf.name, driver: vf.driver, instance: vf.epoch, channels: vf.channels(), rings: vf.rings(), ...coalesce, rss: vf.rss(), up: vf.port.portUp, stats: ok([]), queues: [], errors: [],
	};
}

const asChannels = (settings: VfSettings) => channelsView(settings.maxChannels, settings.channels);

export function vfRig(options: {readonly driver?: 'mana' | 'mlx5_core'; readonly vcpus?: number} = {}): VfRig {
	const made = createModelSource({scenario: 'balanced', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const model = made.value;
	// One VM: the snapshot's vCPUs are the ones the VF was sized by.
	const vcpus = options.vcpus ?? 16;
	const vf = new VfDevice({facts: options.driver === 'mlx5_core' ? mlx5Vf : manaVf, host: {vcpus, key}, name: vfName});
	const sets: VfSetCall[] = [];
	let hook: (() => void) | undefined;
	const reach = <T>(name: string, op: VfSetCall['op'], request: unknown, set: () => Result<VfSettings>, shape: (s: VfSettings) => T): Result<T> => {
		const run = hook;
		hook = undefined;
		run?.();
		if (name !== vf.name || !vf.present) {
			return noSuchDevice(name);
		}

		sets.push({name, op, request, instance: vf.epoch});
		const result = set();
		return result.ok ? ok(shape(result.value)) : result;
	};

	const source: Source = {
		...model,
		async snapshot(device: string, now: number): Promise<Result<DeviceSnapshot>> {
			const snap = await model.snapshot(device, now);
			if (!snap.ok || device !== 'eth0') {
				return snap;
			}

			return ok({...snap.value, vcpus, vf: vf.name, ...(vf.present ? {vfDevice: vfSnapshot(vf)} : {})});
		},
		async setChannels(name, request, now) {
			return name === 'eth0' ? model.setChannels(name, request, now) : reach(name, 'channels', request, () => vf.setChannels(request), asChannels);
		},
		async setRings(name, request, now) {
			return name === 'eth0' ? model.setRings(name, request, now) : reach(name, 'rings', request, () => vf.setRings(request), (settings): Rings => ({rxMax: vf.facts.rxRing.max, txMax: vf.facts.txRing.max, rx: settings.rxRing, tx: settings.txRing, unit: 'descriptors'}));
		},
		async setCoalesce(name, request) {
			return reach(name, 'coalesce', request, () => vf.setCoalesce(request.rxCqeFrames), settings => ({rxCqeFrames: settings.rxCqeFrames}));
		},
		async setRss(name, request, now) {
			if (name === 'eth0') {
				return model.setRss!(name, request, now);
			}

			const hkey = request.key === undefined ? undefined : parseHkey(request.key);
			if (typeof hkey === 'string') {
				return {ok: false, error: {code: 'EINVAL', errno: 22, message: hkey}};
			}

			const {equal, weights, reset} = request;
			const rxfh = {...(equal === undefined ? {} : {equal}), ...(weights === undefined ? {} : {weights}), ...(reset ? {reset} : {}), ...(hkey === undefined ? {} : {key: hkey})};
			return reach(name, 'rss', request, () => vf.setRxfh(rxfh), () => {
				const read = vf.rss();
				return read.ok ? read.value : {table: [], key: '', hfunc: ''};
			});
		},
	};
	return {
		source,
		vf,
		sets,
		beforeNextSet(next) {
			hook = next;
		},
		service({stayAway = false, name} = {}) {
			vf.remove();
			if (!stayAway) {
				vf.readd(name);
			}
		},
	};
}
