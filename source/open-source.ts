// Which world feeds hvtop: the live machine when it has hv_netvsc devices (or
// --live), otherwise the netvsc model — and the screen says which.
import type {Options} from './options.js';
import {createModelSource, scenarioNames, scenarioDescriptions} from './sources/model.js';
import {createLiveSource, findNetvscDevices} from './sources/live/index.js';
import type {Source} from './sources/source.js';
import type {Result} from './types.js';

export const noNetvscLabel = 'MODEL — no hv_netvsc device found';

export async function openSource(options: Options): Promise<Result<Source>> {
	if (options.source === 'live') {
		return createLiveSource({
			sysfsRoot: options.sysfsRoot,
			procfsRoot: options.procfsRoot,
			ethtool: options.ethtool,
			...(options.device === undefined ? {} : {devices: [options.device]}),
		});
	}

	// --demo and --fault are about the model: they never pick up a live machine.
	if (options.source === 'auto' && !options.demo && options.faults.length === 0) {
		const found = await findNetvscDevices({sysfsRoot: options.sysfsRoot});
		if (found.length > 0) {
			return createLiveSource({sysfsRoot: options.sysfsRoot, procfsRoot: options.procfsRoot, ethtool: options.ethtool});
		}
	}

	const label = options.source === 'model' ? `MODEL (${options.scenario}, --model)` : `${noNetvscLabel} (${options.scenario})`;
	const model = createModelSource({scenario: options.scenario, seed: options.seed, label});
	if (!model.ok) {
		return model;
	}

	for (const {fault, device} of options.faults) {
		const devices = device === undefined ? await model.value.devices() : [device];
		for (const name of devices) {
			const armed = model.value.injectFault(name, fault);
			if (!armed.ok) {
				return {ok: false, error: {...armed.error, message: `--fault ${fault.kind}: ${armed.error.message}`}};
			}
		}
	}

	return model;
}

export function scenarioList(): string {
	const descriptions = scenarioDescriptions();
	return `${scenarioNames().map(name => `${name.padEnd(14)}${descriptions[name] ?? ''}`).join('\n')}\n`;
}
