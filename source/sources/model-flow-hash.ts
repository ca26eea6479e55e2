// The model's flow hash (`ethtool -n/-N rx-flow-hash`), read and set the way
// the live source does: the four flow types netvsc hashes on ports or not,
// read together; a set answers with the device's flow hash read back.
import {hashedFlowTypes} from '../ethtool/index.js';
import {flowTypes, type FlowType, type Machine} from '../netvsc/index.js';
import type {NetvscDevice} from '../netvsc/index.js';
import {failWith} from '../errors.js';
import {ok, type FlowHash, type FlowHashRequest, type Result} from '../types.js';

/** tcp4 tcp6 udp4 udp6 of one device; the first failure (a device being re-added) for all. */
export function modelFlowHash(device: NetvscDevice): Result<FlowHash> {
	const fields: Record<string, string> = {};
	for (const type of hashedFlowTypes) {
		const read = device.flowHash(type);
		if (!read.ok) {
			return read;
		}

		fields[type] = read.value;
	}

	return ok(fields as FlowHash);
}

const isFlowType = (word: string): word is FlowType => (flowTypes as readonly string[]).includes(word);

/** `ethtool -N DEV rx-flow-hash TYPE FIELDS` on the model: netvsc's own refusals (EOPNOTSUPP), then the read-back. */
export function setModelFlowHash(machine: Machine, name: string, request: FlowHashRequest, now: number): Result<FlowHash> {
	if (!isFlowType(request.flowType)) {
		// Ethtool itself refuses a flow type it does not know, before the driver sees it.
		return failWith('EINVAL', `ethtool -N: unknown flow type ${JSON.stringify(request.flowType)}`);
	}

	const set = machine.setFlowHash(name, request.flowType, request.fields, now);
	if (!set.ok) {
		return set;
	}

	const device = machine.device(name);
	return device.ok ? modelFlowHash(device.value) : device;
}
