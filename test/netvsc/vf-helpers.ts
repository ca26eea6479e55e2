// Shared setup for the VF model tests: a host, seeded flows and VF devices.
import type {VfDriverFacts} from '../../source/drivers/index.js';
import {generateFlows, type FlowSet, type TrafficProfile} from '../../source/netvsc/flows.js';
import {createRandom} from '../../source/netvsc/random.js';
import {defaultRssKey} from '../../source/netvsc/toeplitz.js';
import {VfDevice, type VfHost} from '../../source/netvsc/vf/index.js';

export const host = (vcpus: number, hostTableEntries?: number): VfHost => ({
	vcpus, key: defaultRssKey, ...(hostTableEntries === undefined ? {} : {hostTableEntries}),
});

export const vf = (facts: VfDriverFacts, vcpus = 16, hostTableEntries?: number): VfDevice =>
	new VfDevice({facts, host: host(vcpus, hostTableEntries), name: 'enP30832s1'});

export const profile = (flows: number, overrides: Partial<TrafficProfile> = {}): TrafficProfile => ({
	flows,
	tcpShare: 0.8,
	rxPps: 400_000,
	txPps: 300_000,
	rxBytes: [90, 1514],
	txBytes: [200, 9000],
	skew: 0.5,
	amplitude: 0.3,
	periodSeconds: [20, 90],
	burstiness: 2,
	localIp: 0x0a_00_00_04,
	localPorts: [443, 80],
	remoteNets: [20, 40, 52, 104],
	...overrides,
});

export const flowsFor = (count: number, seed = 1, overrides: Partial<TrafficProfile> = {}): FlowSet =>
	generateFlows(profile(count, overrides), createRandom(seed));
