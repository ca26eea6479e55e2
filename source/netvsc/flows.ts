// The simulated flows of a device: a seeded set of 5-tuples with smoothly
// varying rates, stored struct-of-arrays with their precomputed hashes. How
// their packets land on queues and CPUs is traffic.ts. Each flow's period is
// one of a few shared ones (frequency classes), so the flows at one queue sum
// to a few sinusoids in closed form (rate-integral.ts).
import {hashValues, mix32, type Random} from './random.js';

export const tcp = 6;
export const udp = 17;

/** How a device's traffic looks; the flows are drawn from it with the seed. */
export type TrafficProfile = {
	readonly flows: number;
	/** Share of TCP flows (the rest UDP). */
	readonly tcpShare: number;
	/** Mean received packets per second over all flows (wire packets). */
	readonly rxPps: number;
	/** Mean sent packets (skbs) per second over all flows. */
	readonly txPps: number;
	/** Received packet size range, bytes incl. Ethernet header. */
	readonly rxBytes: readonly [number, number];
	/** Sent skb size range (TSO skbs may be larger than the MTU). */
	readonly txBytes: readonly [number, number];
	/** Zipf-like exponent: 0 = every flow equal, 1 = a few flows dominate. */
	readonly skew: number;
	/** Rate modulation depth, 0…0.9. */
	readonly amplitude: number;
	/** Modulation periods, seconds. */
	readonly periodSeconds: readonly [number, number];
	/** Peak/mean packet rate of the burstiest flow (1 = smooth). */
	readonly burstiness: number;
	/** Flows that carry a fixed large rate each (elephants), added to the others. */
	readonly elephants?: ReadonlyArray<{readonly rxPps: number; readonly txPps: number; readonly rxBytes: number; readonly txBytes: number}>;
	/** Local address of the device and the local server ports. */
	readonly localIp: number;
	readonly localPorts: readonly number[];
	/** First octets of the remote /16 networks clients come from. */
	readonly remoteNets: readonly number[];
};

/** Struct-of-arrays flow table: cheap to walk 10 000 times a second. */
export type FlowSet = {
	readonly count: number;
	readonly proto: Uint8Array;
	readonly remoteIp: Uint32Array;
	readonly localIp: number;
	readonly remotePort: Uint16Array;
	readonly localPort: Uint16Array;
	readonly rxBase: Float64Array;
	readonly txBase: Float64Array;
	readonly rxSize: Float64Array;
	readonly txSize: Float64Array;
	readonly amplitude: Float64Array;
	/** Each flow's frequency class (an index into classOmega). */
	readonly omegaClass: Uint8Array;
	/** The classes' frequencies, radians per second: evenly spaced periods over the profile's range. */
	readonly classOmega: Float64Array;
	readonly phase: Float64Array;
	/** (a/ω)·cos φ and (a/ω)·sin φ: the flow's swing as a phasor, what rate-integral.ts sums. */
	readonly swingCos: Float64Array;
	readonly swingSin: Float64Array;
	readonly burst: Float64Array;
	/** The kernel's per-flow L4 hash (keyed per boot: opaque but stable). */
	readonly l4Hash: Uint32Array;
	/** jhash of the addresses, used when the protocol's L4 hash level is off. */
	readonly l3Hash: Uint32Array;
	/** The VF's own queue choice. */
	readonly vfHash: Uint32Array;
};

/** How many distinct periods the flows of a device share. */
export const frequencyClasses = 16;

/** The class periods spread evenly over [shortest, longest] seconds; one class when the range is a point. */
function classPeriods([shortest, longest]: readonly [number, number]): number[] {
	const classes = longest > shortest ? frequencyClasses : 1;
	return Array.from({length: classes}, (_, k) => classes === 1 ? shortest : shortest + ((longest - shortest) * k / (classes - 1)));
}

export function generateFlows(profile: TrafficProfile, random: Random): FlowSet {
	const elephants = profile.elephants ?? [];
	const count = profile.flows + elephants.length;
	const periods = classPeriods(profile.periodSeconds);
	const flows: FlowSet = {
		count,
		proto: new Uint8Array(count),
		remoteIp: new Uint32Array(count),
		localIp: profile.localIp,
		remotePort: new Uint16Array(count),
		localPort: new Uint16Array(count),
		rxBase: new Float64Array(count),
		txBase: new Float64Array(count),
		rxSize: new Float64Array(count),
		txSize: new Float64Array(count),
		amplitude: new Float64Array(count),
		omegaClass: new Uint8Array(count),
		classOmega: Float64Array.from(periods, period => (2 * Math.PI) / period),
		phase: new Float64Array(count),
		swingCos: new Float64Array(count),
		swingSin: new Float64Array(count),
		burst: new Float64Array(count),
		l4Hash: new Uint32Array(count),
		l3Hash: new Uint32Array(count),
		vfHash: new Uint32Array(count),
	};

	// Zipf-like weights, shuffled (Fisher–Yates) so rank does not follow the flow order.
	const weights = Array.from({length: profile.flows}, (_, rank) => 1 / ((rank + 1) ** profile.skew));
	const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
	for (let i = weights.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[weights[i], weights[j]] = [weights[j]!, weights[i]!];
	}

	const bootKey = random.uint32();
	for (let i = 0; i < count; i++) {
		const elephant = i >= profile.flows ? elephants[i - profile.flows] : undefined;
		const isTcp = elephant !== undefined || random.next() < profile.tcpShare;
		const net = profile.remoteNets[random.int(profile.remoteNets.length)] ?? 10;
		flows.proto[i] = isTcp ? tcp : udp;
		flows.remoteIp[i] = ((net << 24) | (random.int(256) << 16) | (random.int(256) << 8) | (1 + random.int(254))) >>> 0;
		flows.remotePort[i] = 1024 + random.int(64_511);
		flows.localPort[i] = profile.localPorts[random.int(profile.localPorts.length)] ?? 443;
		const weight = elephant ? 0 : weights[i]! / weightSum;
		flows.rxBase[i] = elephant ? elephant.rxPps : profile.rxPps * weight;
		flows.txBase[i] = elephant ? elephant.txPps : profile.txPps * weight;
		flows.rxSize[i] = elephant ? elephant.rxBytes : random.between(profile.rxBytes[0], profile.rxBytes[1]);
		flows.txSize[i] = elephant ? elephant.txBytes : random.between(profile.txBytes[0], profile.txBytes[1]);
		flows.amplitude[i] = elephant ? 0.05 : profile.amplitude * random.next();
		// The period drawn, snapped to the nearest class.
		const period = random.between(profile.periodSeconds[0], profile.periodSeconds[1]);
		const span = profile.periodSeconds[1] - profile.periodSeconds[0];
		const k = periods.length === 1 ? 0 : Math.round((period - profile.periodSeconds[0]) / span * (periods.length - 1));
		flows.omegaClass[i] = k;
		flows.phase[i] = random.between(0, 2 * Math.PI);
		const swing = flows.amplitude[i]! / flows.classOmega[k]!;
		flows.swingCos[i] = swing * Math.cos(flows.phase[i]!);
		flows.swingSin[i] = swing * Math.sin(flows.phase[i]!);
		flows.burst[i] = elephant ? 1.2 : 1 + ((profile.burstiness - 1) * random.next() * random.next());
		const remote = flows.remoteIp[i]!;
		flows.l4Hash[i] = hashValues(bootKey, remote, flows.localIp, flows.remotePort[i]!, flows.localPort[i]!, flows.proto[i]!);
		flows.l3Hash[i] = hashValues(bootKey, remote, flows.localIp);
		flows.vfHash[i] = mix32(flows.l4Hash[i]! ^ 0x5b_d1_e9_95);
	}

	return flows;
}
