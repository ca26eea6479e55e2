// The live flow hash: `ethtool -n DEV rx-flow-hash TYPE` for tcp4 tcp6 udp4
// udp6 (ethtool reads one flow type per run), and the SetOp of
// `ethtool -N DEV rx-flow-hash TYPE FIELDS`. A driver without flow hash
// settings (veth) answers the first read with EOPNOTSUPP: the other three are
// not asked, and the answer is "not supported", never an error to show.
import {argv, canonicalFields, hashedFlowTypes, isHashedFlowType, parseFlowHash} from '../../ethtool/index.js';
import {failWith, opError} from '../../errors.js';
import {ok, type FlowHash, type FlowHashRequest, type Result} from '../../types.js';
import type {SetOp} from './set-with-readback.js';

export type EthtoolReader = <T>(args: readonly string[], parse: (stdout: string) => Result<T>) => Promise<Result<T>>;

export async function readFlowHash(read: EthtoolReader, device: string): Promise<Result<FlowHash>> {
	const fields: Record<string, string> = {};
	for (const type of hashedFlowTypes) {
		// One after another: a device that cannot answers the first, and three more forks would say the same.
		// eslint-disable-next-line no-await-in-loop
		const answer = await read(argv.flowHash(device, type), parseFlowHash);
		if (!answer.ok) {
			return answer.error.code === 'EOPNOTSUPP'
				? failWith('EOPNOTSUPP', `${device} has no flow hash settings (ethtool -n rx-flow-hash: Operation not supported)`)
				: answer;
		}

		fields[type] = answer.value;
	}

	return ok(fields as FlowHash);
}

/** `-N DEV rx-flow-hash TYPE FIELDS`, read back with `-n` (its exit status lies: 0 even when refused). */
export function flowHashSetOp(read: EthtoolReader, set: (args: readonly string[]) => Promise<Result<unknown>>): SetOp<FlowHashRequest, FlowHash> {
	return {
		slowKey: 'flowHash',
		check(request) {
			if (!isHashedFlowType(request.flowType) || !/^[mvtsdfnr]+$/.test(request.fields)) {
				return opError('EINVAL', `rx-flow-hash takes tcp4, tcp6, udp4 or udp6 and ethtool's field letters; got ${JSON.stringify(request.flowType)} ${JSON.stringify(request.fields)}`);
			}

			return undefined;
		},
		read: async device => readFlowHash(read, device.name),
		unchanged: (current, request) => current[request.flowType as keyof FlowHash] === canonicalFields(request.fields),
		write: async (device, request) => set(argv.setFlowHash(device.name, request.flowType, request.fields)),
	};
}
