// Named worlds for the model: a VM, its host and its devices with their
// traffic. Every scenario has at least two devices, one with a VF
// (Accelerated Networking). `balanced` is the baseline of netvsc-model.md §13:
// 8 vCPUs on 4 cores, host num_recv_que 16, NVSP 6.1, eth0 8/8 channels.
import type {Result} from '../types.js';
import type {DeviceSpec, HostSpec, VfModelSpec, VfSpec} from './device-spec.js';
import {failWith} from '../errors.js';
import {azureOffloads} from './features.js';
import type {MachineSpec} from './machine.js';
import {recvSectionSize, sendSectionSize} from './rings.js';
import type {TrafficProfile} from './traffic.js';

export type Scenario = {
	readonly name: string;
	readonly description: string;
	readonly spec: MachineSpec;
};

export const kernelRelease = '6.17.0-1008-azure';

/**
 * The kernels the model can run (`--kernel`), one per generation of netvsc's default
 * channel count: 8 before 6.12, max(16, default RSS queues) since (646f071d). The
 * release is what `ethtool -i` reports, so advice reads the generation as on a live VM.
 */
export const modelKernels: Readonly<Record<string, string>> = {
	'6.8': '6.8.0-1025-azure',
	'6.17': kernelRelease,
};

/** The model's kernel release for a `--kernel` name, or the sentence saying which names there are. */
export function modelKernelRelease(name: string): Result<string> {
	const release = Object.hasOwn(modelKernels, name) ? modelKernels[name] : undefined;
	return release === undefined
		? failWith('EUSAGE', `--kernel must be 6.8 (before 6.12: 8 channels by default) or 6.17 (since 6.12: 16), not '${name}'`)
		: {ok: true, value: release};
}

export const azureHost: HostSpec = {
	nvspVersion: 0x6_00_01,
	numRecvQueues: 16,
	indirectionTableSize: 128,
	linkSpeedMbps: 10_000,
	connected: true,
	offloads: azureOffloads,
	sections: {recv: recvSectionSize, send: sendSectionSize},
	targetCpuWritable: true,
};

/** Azure derives the VMBus instance GUID of a NIC from its MAC (00:0d:3a:…). */
function nic(name: string, ifindex: number, macTail: string): Pick<DeviceSpec, 'name' | 'ifindex' | 'guid' | 'mac'> {
	const hex = `000d3a${macTail.replaceAll(':', '')}`;
	return {
		name,
		ifindex,
		mac: `00:0d:3a:${macTail}`,
		guid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}${hex.slice(0, 8)}`,
	};
}

const mellanoxVf = (name: string): VfSpec => ({name, driver: 'mlx5_core', speedMbps: 50_000});

/** A VF modelled through its own driver (its queues, settings and ethtool -S): the scenarios of issue 15. */
const modelledVf = (driver: 'mana' | 'mlx5_core', model: VfModelSpec = {}): VfSpec => ({
	name: 'enP30832s1', driver, speedMbps: driver === 'mana' ? 100_000 : 50_000, model,
});

const web = (localIp: number, overrides: Partial<TrafficProfile>): TrafficProfile => ({
	flows: 400,
	tcpShare: 0.85,
	rxPps: 150_000,
	txPps: 120_000,
	rxBytes: [90, 1514],
	txBytes: [200, 9000],
	skew: 0.6,
	amplitude: 0.4,
	periodSeconds: [20, 90],
	burstiness: 3,
	localIp,
	localPorts: [443, 80],
	remoteNets: [20, 40, 52, 104, 137, 168],
	...overrides,
});

const ip = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

function machine(vcpus: number, cores: number, devices: readonly DeviceSpec[], extra: Partial<MachineSpec> = {}): MachineSpec {
	return {
		vcpus,
		cores,
		kernelRelease,
		host: {...azureHost, numRecvQueues: Math.max(16, Math.min(64, vcpus))},
		backgroundLoad: 0.1,
		devices,
		...extra,
	};
}

const eth0 = nic('eth0', 2, '6e:2b:41');
const eth1 = nic('eth1', 3, '70:88:1c');

const scenarios: readonly Scenario[] = [
	{
		name: 'balanced',
		description: 'web traffic spread well; 8 vCPUs, eth0 synthetic 8/8 channels, eth1 with a VF',
		spec: machine(8, 4, [
			{...eth0, traffic: web(ip(10, 0, 0, 4), {})},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 600, rxPps: 300_000, txPps: 250_000})},
		]),
	},
	{
		name: 'elephant',
		description: 'one elephant flow pins one queue and saturates its CPU while the others idle',
		spec: machine(8, 4, [
			{
				...eth0,
				traffic: web(ip(10, 0, 0, 4), {
					flows: 200,
					rxPps: 60_000,
					txPps: 50_000,
					elephants: [{rxPps: 650_000, txPps: 60_000, rxBytes: 1514, txBytes: 66}],
				}),
			},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 300})},
		]),
	},
	{
		name: 'few-channels',
		description: '16 vCPUs but eth0 configured with 2 channels: two CPUs saturate, the rest idle',
		spec: machine(16, 8, [
			{...eth0, channels: 2, traffic: web(ip(10, 0, 0, 4), {flows: 800, rxPps: 700_000, txPps: 450_000})},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 400})},
		]),
	},
	{
		name: 'small-rings',
		description: 'eth0 rings cut to rx 64 / tx 16 sections: bursts overflow them and error counters rise',
		spec: machine(8, 4, [
			{
				...eth0,
				rings: {rx: 64, tx: 16},
				traffic: web(ip(10, 0, 0, 4), {rxPps: 220_000, txPps: 200_000, txBytes: [66, 1400], burstiness: 8}),
			},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 300})},
		]),
	},
	{
		name: 'vf',
		description: 'Accelerated Networking carries almost everything: vf_* and cpuN_vf_* grow, queues stay flat',
		spec: machine(16, 8, [
			{...eth0, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 0, 0, 4), {flows: 2000, rxPps: 1_500_000, txPps: 1_200_000})},
			{...eth1, traffic: web(ip(10, 1, 0, 4), {flows: 200, rxPps: 40_000, txPps: 30_000})},
		]),
	},
	{
		name: 'large',
		description: '64 vCPUs on 2 NUMA nodes, eth0 with 64 channels and 10 000 flows (performance)',
		spec: machine(64, 32, [
			{...eth0, channels: 64, traffic: web(ip(10, 0, 0, 4), {flows: 10_000, rxPps: 3_000_000, txPps: 2_000_000, skew: 0.3})},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 4000, rxPps: 2_000_000, txPps: 1_500_000})},
		], {numaNodes: 2}),
	},
	{
		name: 'mana',
		description: 'a 16-vCPU VM whose mana VF carries the load on its 16 default channels; eth0 synthetic queues stay flat',
		spec: machine(16, 8, [
			{...eth0, vf: modelledVf('mana'), traffic: web(ip(10, 0, 0, 4), {flows: 2000, rxPps: 1_500_000, txPps: 1_200_000})},
			{...eth1, traffic: web(ip(10, 1, 0, 4), {flows: 200, rxPps: 40_000, txPps: 30_000})},
		]),
	},
	{
		name: 'mlx5',
		description: 'an older size: an mlx5_core VF with one channel per vCPU (8) carries eth0',
		spec: machine(8, 4, [
			{...eth0, vf: modelledVf('mlx5_core'), traffic: web(ip(10, 0, 0, 4), {flows: 1000, rxPps: 800_000, txPps: 600_000})},
			{...eth1, traffic: web(ip(10, 1, 0, 4), {flows: 200, rxPps: 40_000, txPps: 30_000})},
		]),
	},
	{
		name: 'servicing',
		description: 'host servicing takes the mana VF away at 10 s and gives a new one back at 20 s: its 4 channels are lost',
		spec: machine(8, 4, [
			{
				...eth0,
				vf: modelledVf('mana', {channels: 4, servicing: [{removeAtMs: 10_000, readdAtMs: 20_000}]}),
				traffic: web(ip(10, 0, 0, 4), {flows: 1000, rxPps: 600_000, txPps: 500_000}),
			},
			{...eth1, traffic: web(ip(10, 1, 0, 4), {flows: 200, rxPps: 40_000, txPps: 30_000})},
		]),
	},
	{
		name: 'vf-rx-drops',
		description: 'a mana VF left at 4 channels and a 128-descriptor receive ring (an old tuning script) under bursty traffic: hc_rx_discards_no_wqe rises',
		spec: machine(8, 4, [
			{...eth0, vf: modelledVf('mana', {channels: 4, rings: {rx: 128, tx: 256}}), traffic: web(ip(10, 0, 0, 4), {flows: 1000, rxPps: 450_000, txPps: 300_000, burstiness: 8})},
			{...eth1, traffic: web(ip(10, 1, 0, 4), {flows: 200, rxPps: 40_000, txPps: 30_000})},
		]),
	},
	{
		name: 'rss-skew',
		description: 'eth0\'s RSS table left skewed by an old `ethtool -X weight 4 1 1 1 1 1 1 1`: queue 0 gets 4 times the others\' traffic',
		spec: machine(8, 4, [
			{...eth0, rxfh: {weights: [4, 1, 1, 1, 1, 1, 1, 1]}, traffic: web(ip(10, 0, 0, 4), {flows: 1000, rxPps: 400_000, txPps: 300_000, skew: 0.2})},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 200, rxPps: 40_000, txPps: 30_000})},
		]),
	},
	{
		name: 'udp-fragments',
		description: 'large UDP datagrams (a tunnel) arrive in fragments on eth0 while udp4 is hashed on ports (sdfn, the default): reassembly failures rise',
		spec: machine(8, 4, [
			{...eth0, traffic: web(ip(10, 0, 0, 4), {tcpShare: 0.4, rxPps: 200_000, txPps: 180_000})},
			{...eth1, vf: mellanoxVf('enP30832s1'), traffic: web(ip(10, 1, 0, 4), {flows: 300})},
		], {fragments: {device: 'eth0', datagramsPerSec: 6000, fragmentsPerDatagram: 3, lossWithL4: 0.08}}),
	},
];

export const defaultScenario = 'balanced';

export function scenarioNames(): string[] {
	return scenarios.map(s => s.name);
}

export function scenarioDescriptions(): Record<string, string> {
	return Object.fromEntries(scenarios.map(s => [s.name, s.description]));
}

export function listScenarios(): ReadonlyArray<Pick<Scenario, 'name' | 'description'>> {
	return scenarios.map(({name, description}) => ({name, description}));
}

export function findScenario(name: string): Result<Scenario> {
	const found = scenarios.find(s => s.name === name);
	return found
		? {ok: true, value: found}
		: failWith('EINVAL', `unknown scenario "${name}"; valid scenarios: ${scenarioNames().join(', ')}`);
}
