// The flow hash (`ethtool -N DEV rx-flow-hash tcp4|tcp6|udp4|udp6 FIELDS`):
// which header fields pick a flow's queue. On hv_netvsc only `sd` (addresses)
// and `sdfn` (addresses and ports) are accepted, and the setting is the
// guest's transmit hash; the kernel's netvsc documentation recommends `sd` for
// fragmented UDP on Azure. One change is one flow type; its Values carry that
// type's field only, so a read-back compares just it.
import type {DeviceSnapshot} from '../../sources/source.js';
import {references} from '../../advice/references.js';
import {driverFacts, type DriverFacts} from '../../drivers/index.js';
import {canonicalFields, flowHashChoices, flowHashLetters, hashedFlowTypes, isHashedFlowType, type HashedFlowType} from '../../ethtool/index.js';
import {failWith} from '../../errors.js';
import {ok, type FlowHash, type Result} from '../../types.js';
import {checkDevice, notSupported, problem, type PlanResult} from '../plan.js';
import type {ValueField, Values} from '../types.js';
import type {ChangeKindSpec, KindInput} from './kind.js';

export type FlowHashReading = {
	readonly hash: FlowHash;
	readonly driver: string;
	/** The VF that carries the traffic while it is there (Accelerated Networking). */
	readonly vf?: string;
};

/** The dialog's two choices, by index: 0 = sd, 1 = sdfn. */
const hashChoices = flowHashChoices;
// The rendered form of the kernel's Documentation/networking/device_drivers/ethernet/microsoft/ page.
const netvscDoc = `the kernel's netvsc documentation (${references.netvscDoc})`;

const fieldOf: Readonly<Record<HashedFlowType, ValueField>> = {
	tcp4: 'flowHashTcp4',
	tcp6: 'flowHashTcp6',
	udp4: 'flowHashUdp4',
	udp6: 'flowHashUdp6',
};

export const flowHashValues = (hash: FlowHash): Values =>
	Object.fromEntries(hashedFlowTypes.map(type => [fieldOf[type], hash[type]])) as Values;

export function flowHashReading(snap: DeviceSnapshot): Result<FlowHashReading> {
	if (snap.flowHash === undefined) {
		return failWith('EOPNOTSUPP', `this source does not read ${snap.name}'s flow hash`);
	}

	if (!snap.flowHash.ok) {
		return snap.flowHash;
	}

	const driver = snap.info.ok ? snap.info.value.driver : 'unknown';
	return ok({hash: snap.flowHash.value, driver, ...(snap.vf === undefined ? {} : {vf: snap.vf})});
}

/** What the new fields do, in words, for this driver. */
function effects(dev: string, type: HashedFlowType, fields: string, reading: FlowHashReading, facts: DriverFacts | undefined): string[] {
	const udp = type.startsWith('udp');
	const what = fields === 'sd'
		? `${type} flows are hashed on addresses only: every packet between two hosts, ${udp ? 'and every fragment of a datagram, ' : ''}takes the same queue`
		: `${type} flows are hashed on addresses and ports: flows spread over the queues${udp ? ', but only a datagram\'s first fragment carries the ports, so its fragments may take different queues' : ''}`;
	return [
		what,
		...(facts?.flowHash?.steers === 'transmit'
			? [`on ${reading.driver} this is the guest's transmit hash: it picks the queue ${dev} sends these flows on; the host's receive hashing does not change`]
			: []),
		...(udp && fields === 'sd' && facts?.flowHash ? [`${netvscDoc} recommends sd for fragmented UDP on Azure`] : []),
		...(reading.vf && facts?.flowHash?.steers === 'transmit' ? [`while the VF ${reading.vf} carries the traffic, its own driver picks the queues: this setting applies to the synthetic path`] : []),
		'no queue is re-created: traffic and counters continue',
	];
}

export function planFlowHash(dev: string, current: Result<FlowHashReading>, input: KindInput): PlanResult {
	const badDev = checkDevice(dev);
	if (badDev) {
		return problem('usage', badDev);
	}

	const type = String(input['flowType'] ?? '');
	const asked = String(input['fields'] ?? '');
	if (!isHashedFlowType(type)) {
		return problem('usage', `the flow type must be tcp4, tcp6, udp4 or udp6; got ${JSON.stringify(type)}`);
	}

	if (asked === '' || [...asked].some(letter => !flowHashLetters.includes(letter))) {
		return problem('usage', `the fields are ethtool's letters (sd: addresses, sdfn: addresses and ports); got ${JSON.stringify(asked)}`);
	}

	if (!current.ok) {
		return problem('refused', `${dev}'s flow hash cannot be changed: ${current.error.message}`, current.error.code === 'EOPNOTSUPP' ? notSupported : current.error);
	}

	const reading = current.value;
	const fields = canonicalFields(asked);
	const facts = driverFacts(reading.driver);
	const allowed = facts?.flowHash?.fields;
	if (allowed && !allowed.includes(fields)) {
		// What netvsc_set_rxfh_fields answers: EOPNOTSUPP, nothing changed.
		return problem('refused', `${reading.driver} accepts only ${allowed.join(' or ')} for ${type}; ${fields} asked (ethtool -N: Operation not supported)`, notSupported);
	}

	const field = fieldOf[type];
	const before = reading.hash[type];
	if (before === fields) {
		return problem('unchanged', `${dev} already hashes ${type} on ${fields}; nothing to change`);
	}

	return {
		ok: true,
		plan: {
			dev,
			kind: 'flow-hash',
			before: {[field]: before},
			after: {[field]: fields},
			request: {[field]: fields},
			max: {},
			effects: effects(dev, type, fields, reading, facts),
			warnings: [],
		},
	};
}

/** A request of Values (a change, or a revert to `before`) as the one flow type it sets. */
export function flowHashRequest(request: Readonly<Record<string, unknown>>): {flowType: HashedFlowType; fields: string} | undefined {
	const type = hashedFlowTypes.find(flowType => typeof request[fieldOf[flowType]] === 'string');
	return type === undefined ? undefined : {flowType: type, fields: request[fieldOf[type]] as string};
}

/** One `ethtool -N DEV rx-flow-hash TYPE FIELDS` per flow type read (ethtool sets one type per run). */
const flowHashRuns = (values: Values): string[][] =>
	hashedFlowTypes.flatMap(type => {
		const fields = values[fieldOf[type]];
		return typeof fields === 'string' ? [['-N', 'rx-flow-hash', type, fields]] : [];
	});

const typeIndex = (type: string): number => Math.max(0, hashedFlowTypes.indexOf(type as HashedFlowType));

export const flowHash: ChangeKindSpec<FlowHashReading> = {
	name: 'flow-hash',
	noun: 'flow hash',
	ethtoolSet: '-N',
	usage: 'hvtop set flow-hash DEV tcp4|tcp6|udp4|udp6 sd|sdfn',
	reading: flowHashReading,
	values: reading => flowHashValues(reading.hash),
	plan: planFlowHash,
	async apply(source, dev, request, now) {
		const asked = flowHashRequest(request);
		if (asked === undefined) {
			return failWith('EINVAL', 'a flow hash change names one flow type');
		}

		return source.setFlowHash ? source.setFlowHash(dev, asked, now) : failWith('EOPNOTSUPP', 'this source cannot change the flow hash');
	},
	persist: {target: 'device', rule: {ethtool: flowHashRuns}},
	clamps: false,
	valuedOptions: [],
	parseArgs(positional): KindInput | string {
		const [flowType, fields, ...extra] = positional;
		if (flowType === undefined || fields === undefined) {
			return 'give the flow type and the fields: hvtop set flow-hash DEV udp4 sd';
		}

		return extra.length > 0 ? `unexpected argument ${JSON.stringify(extra[0])}` : {flowType, fields};
	},
	dialog: {
		open(dev, current, {values = {}}) {
			if (!current.ok) {
				return `${dev}'s flow hash cannot be changed: ${current.error.message}`;
			}

			// UDP over IPv4 first: the flow type the fragmentation advice is about.
			const type = hashedFlowTypes[values.flowType ?? typeIndex('udp4')] ?? 'udp4';
			const now = Math.max(0, hashChoices.indexOf(current.value.hash[type] as 'sd'));
			const next = values.hashFields ?? (now === 0 ? 1 : 0);
			return {
				current: {flowType: typeIndex(type), hashFields: now},
				proposed: {flowType: typeIndex(type), hashFields: next},
				fields: ['flowType', 'hashFields'],
				field: values.flowType === undefined ? 'flowType' : 'hashFields',
				max: {flowType: hashedFlowTypes.length - 1, hashFields: hashChoices.length - 1},
				min: {flowType: 0, hashFields: 0},
			};
		},
		label: field => (field === 'flowType' ? 'flow type' : 'hash fields'),
		words: field => (field === 'flowType' ? hashedFlowTypes : (field === 'hashFields' ? hashChoices : undefined)),
		step: (value, direction, max) => Math.min(max, Math.max(0, value + direction)),
		withValue: (state, value) => ({...state.proposed, [state.field]: value}),
		input: proposed => ({flowType: hashedFlowTypes[proposed.flowType ?? -1] ?? String(proposed.flowType), fields: hashChoices[proposed.hashFields ?? -1] ?? String(proposed.hashFields)}),
	},
};
