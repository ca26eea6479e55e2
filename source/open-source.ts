// Which world feeds hvtop — never a guess. A device named anywhere (--device,
// `set`, `rollback`) that exists on this machine is read live, whatever its
// driver. The model is used when asked (--model, --demo, --fault), or when
// nothing is named and the machine has no hv_netvsc device — and then the
// screen says so and names the machine's real NICs.
import {failWith} from './errors.js';
import type {Options} from './options.js';
import {argv as ethtoolArgv, parseDriverInfo} from './ethtool/index.js';
import {createModelSource, scenarioNames, scenarioDescriptions} from './sources/model.js';
import {createLiveSource, findNetvscDevices} from './sources/live/index.js';
import {ethtoolRead} from './sources/live/ethtool-call.js';
import {driverOf, listNetDevices} from './sources/live/sysfs.js';
import type {Source} from './sources/source.js';
import {createReplaySource, readRecording} from './sources/replay.js';
import type {Result} from './types.js';
import {defaultReadTimeoutMs} from './sources/live/read-timeout.js';

export const noNetvscLabel = 'MODEL — no hv_netvsc device found';

type Roots = {readonly sysfsRoot: string; readonly ethtool: string};

/** This machine's network devices (sorted; [] when sysfs cannot be listed). */
async function machineDevices(sysfsRoot: string): Promise<string[]> {
	const listed = await listNetDevices(sysfsRoot);
	return listed.ok ? listed.value : [];
}

/**
 * The driver of a device on this machine: the sysfs link, else `ethtool -i`
 * (virtual devices such as veth have no driver link), else undefined.
 */
export async function liveDriver(dev: string, roots: Roots): Promise<string | undefined> {
	const linked = await driverOf(roots.sysfsRoot, dev);
	if (linked !== undefined) {
		return linked;
	}

	const info = await ethtoolRead(ethtoolArgv.driverInfo(dev), parseDriverInfo, {ethtool: roots.ethtool, timeoutMs: defaultReadTimeoutMs()});
	return info.ok && info.value.driver !== '' ? info.value.driver : undefined;
}

/** The one line for a name that is neither here nor in the model: what each world has, and the flag reaching it. */
export function unknownDeviceMessage(dev: string, live: readonly string[], model: readonly string[]): string {
	const here = live.length === 0 ? 'none' : live.join(', ');
	return `unknown device '${dev}': this machine has ${here} (--device NAME); the model has ${model.join(', ') || 'none'} (--model --device NAME)`;
}

const unknownDevice = (message: string): Result<never> => failWith('ENODEV', message);

async function modelDevices(scenario: string): Promise<string[]> {
	const model = createModelSource({scenario});
	return model.ok ? [...(await model.value.devices())] : [];
}

/** A live source under another label (the label says why it is live). */
function relabel(source: Source, label: string): Source {
	return {
		kind: source.kind,
		needs: source.needs,
		label,
		// The machine it reads goes with it: a change's scope and guard are made from origin
		// (scope.ts); without it a --ethtool/--sysfs-root change would act on the real device.
		...(source.origin ? {origin: source.origin} : {}),
		...(source.notice === undefined ? {} : {notice: source.notice}),
		devices: async () => source.devices(),
		snapshot: async (device, now) => source.snapshot(device, now),
		setChannels: async (device, request, now) => source.setChannels(device, request, now),
		setRings: async (device, request, now) => source.setRings(device, request, now),
		setCoalesce: async (device, request, now) => source.setCoalesce(device, request, now),
		close: async () => source.close(),
	};
}

async function openNamedLive(options: Options, dev: string): Promise<Result<Source>> {
	const live = await createLiveSource({sysfsRoot: options.sysfsRoot, procfsRoot: options.procfsRoot, ethtool: options.ethtool, devices: [dev]});
	if (!live.ok) {
		return live;
	}

	const driver = await liveDriver(dev, options);
	const how = options.source === 'live' ? ', --live' : '';
	return {ok: true, value: relabel(live.value, `LIVE — ${dev} (${driver ?? 'driver unknown'}${how})`)};
}

/** On the model: which real NICs this machine has and how to watch one. */
async function realNicsNotice(options: Options): Promise<string> {
	const names = (await machineDevices(options.sysfsRoot)).filter(name => name !== 'lo');
	if (names.length === 0) {
		return 'this is the netvsc model: no real device is read or changed';
	}

	const drivers = await Promise.all(names.map(async name => driverOf(options.sysfsRoot, name)));
	const listed = names.map((name, index) => (drivers[index] ? `${name} (${drivers[index]!})` : name)).join(', ');
	return `this is the netvsc model, not this machine: its NICs are ${listed}; watch one with --live --device ${names[0]!}`;
}

export async function openSource(options: Options): Promise<Result<Source>> {
	if (options.replay !== undefined) {
		const recording = await readRecording(options.replay);
		return recording.ok ? {ok: true, value: createReplaySource(recording.value, options.replay)} : recording;
	}

	const dev = options.device;
	// --demo and --fault are about the model: they never pick up a live machine.
	const wantsModel = options.source === 'model' || (options.source === 'auto' && (options.demo || options.faults.length > 0));
	if (!wantsModel) {
		if (dev !== undefined) {
			const here = await machineDevices(options.sysfsRoot);
			if (!here.includes(dev)) {
				return unknownDevice(unknownDeviceMessage(dev, here, await modelDevices(options.scenario)));
			}

			return openNamedLive(options, dev);
		}

		if (options.source === 'live' || (await findNetvscDevices({sysfsRoot: options.sysfsRoot})).length > 0) {
			return createLiveSource({sysfsRoot: options.sysfsRoot, procfsRoot: options.procfsRoot, ethtool: options.ethtool});
		}
	}

	return openModel(options);
}

async function openModel(options: Options): Promise<Result<Source>> {
	const why = options.source === 'model' ? '--model' : (options.demo ? '--demo' : (options.faults.length > 0 ? '--fault' : undefined));
	const label = why === undefined ? `${noNetvscLabel} (${options.scenario})` : `MODEL (${options.scenario}, ${why})`;
	const model = createModelSource({
		scenario: options.scenario, seed: options.seed, label,
		...(options.kernel === undefined ? {} : {kernel: options.kernel}),
		...(options.modelStepMs === undefined ? {} : {maxStepMs: options.modelStepMs}),
	});
	if (!model.ok) {
		return model;
	}

	const devices = await model.value.devices();
	if (options.device !== undefined && !devices.includes(options.device)) {
		return unknownDevice(unknownDeviceMessage(options.device, await machineDevices(options.sysfsRoot), devices));
	}

	for (const {fault, device} of options.faults) {
		for (const name of device === undefined ? devices : [device]) {
			const armed = model.value.injectFault(name, fault);
			if (!armed.ok) {
				return {ok: false, error: {...armed.error, message: `--fault ${fault.kind}: ${armed.error.message}`}};
			}
		}
	}

	// The demo's screen is the same on every machine; otherwise the first screen names the real NICs.
	return options.demo ? model : {ok: true, value: Object.assign(model.value, {notice: await realNicsNotice(options)})};
}

export function scenarioList(): string {
	const descriptions = scenarioDescriptions();
	return `${scenarioNames().map(name => `${name.padEnd(14)}${descriptions[name] ?? ''}`).join('\n')}\n`;
}
