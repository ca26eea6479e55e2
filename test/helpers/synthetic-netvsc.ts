// A synthetic Hyper-V guest for tests: a sysfs/procfs tree in a temp dir
// (class/net/eth0 → VMBus device with channels/*/cpu, hv_netvsc driver link,
// statistics, queues; a VF enslaved to eth0; /proc softirqs and softnet_stat)
// plus a stand-in `ethtool` (synthetic-ethtool.ts, bundled here) that prints hv_netvsc outputs and whose -L/-G
// change what it (and the tree) shows next. A NIC with `realVf` has a VF that behaves like its driver
// (synthetic-vf.ts: mana or mlx5_core channels, rings, CQE coalescing, per-queue counters, MSI-X vectors in
// /proc/interrupts and /proc/irq/N), which a test can remove (servicing) and bring back with new defaults. Point the live source (or the
// CLI: --sysfs-root, --procfs-root, --ethtool) at it to drive the whole live
// path without Hyper-V. Synchronous, so it is easy to use from any test.
import {spawnSync} from 'node:child_process';
import {appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildSync} from 'esbuild';
import {globalStatNames} from '../../source/netvsc/stats.js';
import {probeVf, type RealVf} from './synthetic-vf.js';

export type SyntheticNic = {
	readonly name: string;
	/** Current combined channels; default 8. */
	readonly channels?: number;
	/** Host-offered maximum; default 8. */
	readonly maxChannels?: number;
	/** Name of an Accelerated Networking VF enslaved to this NIC. */
	readonly vf?: string;
	readonly vfDriver?: 'mlx5_core' | 'mlx4_core' | 'mana';
	/** The VF behaves like its driver (mana or mlx5_core; synthetic-vf.ts); default: only -i and a totals-only -S. */
	readonly realVf?: boolean;
	/** Receive/send buffer sections; default 9362/170 of 18139/2560 (an AKS node). */
	readonly rings?: {readonly rx: number; readonly tx: number; readonly rxMax: number; readonly txMax: number};
	/** CPU of the primary channel; sub-channels follow round-robin. Default 0. */
	readonly primaryCpu?: number;
};

export type SyntheticOptions = {
	/** Online vCPUs; default 8. */
	readonly vcpus?: number;
	/** Default: eth0 (8/8 channels, VF enP30832s1 on mlx5_core) and eth1 (4 of 8, no VF). */
	readonly nics?: readonly SyntheticNic[];
	/** `uname -r` as `ethtool -i` shows it. */
	readonly kernel?: string;
};

type Traffic = {readonly rxPackets?: bigint | number; readonly rxBytes?: bigint | number; readonly txPackets?: bigint | number; readonly txBytes?: bigint | number};
type CounterSet = {rxPackets: string; rxBytes: string; txPackets: string; txBytes: string};

/** What the stand-in can be told to do instead of answering (per device or '*'). */
export type StandinMode = 'hang' | 'garbage' | 'eperm' | 'eopnotsupp' | 'enodev';
export type StandinOp = '-l' | '-g' | '-k' | '-x' | '-X' | '-i' | '-S' | '-L' | '-G' | '-c' | '-C' | '-n' | '-N' | '-d';

export type NetvscState = {
	kind: 'netvsc';
	guid: string;
	ifindex: number;
	mac: string;
	speedMbps: number;
	carrierChanges: number;
	maxCombined: number;
	combined: number;
	rings: {rx: number; tx: number; rxMax: number; txMax: number};
	rssKey: string;
	/** A table set with `-X` (the driver keeps it while valid); absent: the default i % combined. */
	rxTable?: number[];
	lro: boolean;
	primaryCpu: number;
	relidBase: number;
	/** Bumped by every re-creation (-L/-G), which re-assigns sub-channel CPUs. */
	generation: number;
	/** queue → CPU, written by the layout. */
	channelCpus: number[];
	queues: CounterSet[];
	global: Record<string, string>;
	/** Per-CPU VF traffic (index = CPU). */
	vfCpu: CounterSet[];
	vfTxDropped: string;
	vf?: string;
	removed?: boolean;
	/** `-n/-N rx-flow-hash`: tcp4 tcp6 udp4 udp6 → ethtool's letters; absent = netvsc's default sdfn. */
	flowHash?: Record<string, string>;
};

export type VfState = {
	kind: 'vf';
	driver: string;
	master: string;
	pciDomain: string;
	ifindex: number;
	mac: string;
	speedMbps: number;
	carrierChanges: number;
	removed?: boolean;
	/** Present when the VF behaves like its driver (SyntheticNic.realVf). */
	real?: RealVf;
};

export type SyntheticState = {
	sysfsRoot: string;
	procfsRoot: string;
	vcpus: number;
	kernel: string;
	softirqBase: number;
	softnet: Array<{dropped: number; squeezed: number}>;
	devices: Record<string, NetvscState | VfState>;
	behaviour: Record<string, Partial<Record<StandinOp, StandinMode>>>;
};

export type SyntheticMachine = {
	readonly dir: string;
	readonly sysfsRoot: string;
	readonly procfsRoot: string;
	/** The stand-in ethtool (an executable Node script). */
	readonly ethtool: string;
	state(): SyntheticState;
	/** Add traffic on one synthetic-path queue (also moves sysfs totals, cpuN_* and softirqs). */
	addQueueTraffic(device: string, queue: number, traffic: Traffic): void;
	/** Add traffic that went through the VF, handled on `cpu`. */
	addVfTraffic(device: string, cpu: number, traffic: Traffic): void;
	/**
	 * Add traffic on one queue of a realVf VF (by the VF's name): its -S and sysfs totals, the netvsc's
	 * vf_* counters on the queue's CPU, and its vector's interrupts (one per 8 packets, at least one).
	 */
	addVfQueueTraffic(vf: string, queue: number, traffic: Traffic): void;
	/** Set a realVf VF's device counter (hc_rx_discards_no_wqe, rx_out_of_buffer…). */
	setVfCounter(vf: string, name: string, value: bigint | number): void;
	/** Move a realVf VF queue's vector to `cpu` (smp_affinity_list), as irqbalance would. */
	setVfIrqCpu(vf: string, queue: number, cpu: number): void;
	/** Bring a realVf VF down or up (operstate; a mana VF then refuses -X with EOPNOTSUPP). */
	setVfDown(vf: string, down: boolean): void;
	setGlobal(device: string, name: string, value: bigint | number): void;
	setSoftnet(cpu: number, counters: {dropped: number; squeezed: number}): void;
	/** Make the stand-in hang / print garbage / refuse for `op` on `device` ('*' = all); undefined = normal. */
	setBehaviour(device: string, op: StandinOp, mode: StandinMode | undefined): void;
	/** Hot-remove: its sysfs dir (and lower_ link) goes, ethtool says "No such device". */
	removeDevice(name: string): void;
	/** Bring a removed device back (new ifindex, as a re-added VF would have; a realVf VF with its driver's defaults). */
	restoreDevice(name: string): void;
	/** ethtool calls made so far, one argv per entry ("-S eth0"). */
	calls(): string[];
	clearCalls(): void;
	cleanup(): void;
};

const defaultNics: readonly SyntheticNic[] = [
	{name: 'eth0', channels: 8, maxChannels: 8, vf: 'enP30832s1', vfDriver: 'mlx5_core', primaryCpu: 0},
	{name: 'eth1', channels: 4, maxChannels: 8, primaryCpu: 3},
];

const msDefaultKey = '6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa';
const zero = (): CounterSet => ({rxPackets: '0', rxBytes: '0', txPackets: '0', txBytes: '0'});
let compiled: string | undefined;

/** synthetic-ethtool.ts bundled to one CommonJS script (once per test process), written into each machine. */
function standinScript(): string {
	compiled ??= buildSync({
		entryPoints: [fileURLToPath(new URL('synthetic-ethtool.ts', import.meta.url))],
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		write: false,
	}).outputFiles[0]!.text;
	return compiled;
}

function add(counters: CounterSet, traffic: Traffic): void {
	for (const key of ['rxPackets', 'rxBytes', 'txPackets', 'txBytes'] as const) {
		counters[key] = String(BigInt(counters[key]) + BigInt(traffic[key] ?? 0));
	}
}

export function createSyntheticNetvsc(options: SyntheticOptions = {}): SyntheticMachine {
	const dir = mkdtempSync(join(tmpdir(), 'hvtop-synthetic-'));
	const sysfsRoot = join(dir, 'sys');
	const procfsRoot = join(dir, 'proc');
	const ethtool = join(dir, 'ethtool');
	const stateFile = join(dir, 'state.json');
	const vcpus = options.vcpus ?? 8;

	const devices: SyntheticState['devices'] = {};
	let ifindex = 2;
	for (const [index, nic] of (options.nics ?? defaultNics).entries()) {
		const hex = (index + 1).toString(16).padStart(2, '0');
		devices[nic.name] = {
			kind: 'netvsc',
			guid: `000d3a${hex}-0b1c-4d2e-8f3a-6045bd${hex}a1b2`,
			ifindex: ifindex++,
			mac: `00:0d:3a:${hex}:1c:2e`,
			speedMbps: 50_000,
			carrierChanges: 2,
			maxCombined: nic.maxChannels ?? 8,
			combined: nic.channels ?? 8,
			rings: {...(nic.rings ?? {rx: 9362, tx: 170, rxMax: 18_139, txMax: 2560})},
			rssKey: msDefaultKey,
			lro: true,
			primaryCpu: (nic.primaryCpu ?? 0) % vcpus,
			relidBase: 14 + (index * 200),
			generation: 0,
			channelCpus: [],
			queues: Array.from({length: nic.channels ?? 8}, zero),
			global: Object.fromEntries(globalStatNames.map(name => [name, '0'])),
			vfCpu: Array.from({length: vcpus}, zero),
			vfTxDropped: '0',
			...(nic.vf === undefined ? {} : {vf: nic.vf}),
		};
		if (nic.vf !== undefined) {
			devices[nic.vf] = {
				kind: 'vf',
				driver: nic.vfDriver ?? 'mlx5_core',
				master: nic.name,
				pciDomain: (0x7870 + index).toString(16),
				ifindex: ifindex++,
				mac: `00:0d:3a:${hex}:1c:2e`,
				speedMbps: 50_000,
				carrierChanges: 2,
				...(nic.realVf ? {real: probeVf(nic.vfDriver ?? 'mlx5_core', vcpus, 24 + (index * 100))} : {}),
			};
		}
	}

	const initial: SyntheticState = {
		sysfsRoot,
		procfsRoot,
		vcpus,
		kernel: options.kernel ?? '6.1.0-28-cloud-amd64',
		softirqBase: 100,
		softnet: Array.from({length: vcpus}, () => ({dropped: 0, squeezed: 0})),
		devices,
		behaviour: {},
	};

	writeFileSync(ethtool, `#!${process.execPath}\n${standinScript()}`);
	chmodSync(ethtool, 0o755);
	writeFileSync(join(dir, 'calls.log'), '');

	const load = (): SyntheticState => JSON.parse(readFileSync(stateFile, 'utf8')) as SyntheticState;
	const layout = (): void => {
		const run = spawnSync(process.execPath, [ethtool, '--layout'], {encoding: 'utf8', timeout: 20_000});
		if (run.status !== 0) {
			throw new Error(`synthetic layout failed: ${run.stderr}`);
		}
	};

	const update = (change: (state: SyntheticState) => void): void => {
		const state = load();
		change(state);
		writeFileSync(stateFile, JSON.stringify(state, null, 1));
		layout();
	};

	const realVf = (state: SyntheticState, name: string): {vf: VfState; real: RealVf} => {
		const vf = state.devices[name];
		if (vf?.kind !== 'vf' || vf.real === undefined) {
			throw new Error(`no synthetic realVf VF ${name}`);
		}

		return {vf, real: vf.real};
	};

	const netvsc = (state: SyntheticState, name: string): NetvscState => {
		const device = state.devices[name];
		if (device?.kind !== 'netvsc') {
			throw new Error(`no synthetic netvsc device ${name}`);
		}

		return device;
	};

	writeFileSync(stateFile, JSON.stringify(initial, null, 1));
	layout();

	return {
		dir,
		sysfsRoot,
		procfsRoot,
		ethtool,
		state: load,
		addQueueTraffic(device, queue, traffic) {
			update(state => {
				const counters = netvsc(state, device).queues[queue];
				if (counters === undefined) {
					throw new Error(`${device} has no queue ${queue}`);
				}

				add(counters, traffic);
			});
		},
		addVfTraffic(device, cpu, traffic) {
			update(state => {
				const counters = netvsc(state, device).vfCpu[cpu];
				if (counters === undefined) {
					throw new Error(`no CPU ${cpu}`);
				}

				add(counters, traffic);
			});
		},
		addVfQueueTraffic(name, queue, traffic) {
			update(state => {
				const {vf, real} = realVf(state, name);
				const counters = real.queues[queue];
				if (counters === undefined) {
					throw new Error(`${name} has no queue ${queue}`);
				}

				add(counters, traffic);
				const cpu = real.queueCpus[queue] ?? 0;
				add(netvsc(state, vf.master).vfCpu[cpu]!, traffic);
				const packets = BigInt(traffic.rxPackets ?? 0) + BigInt(traffic.txPackets ?? 0);
				real.irqCounts[queue] = String(BigInt(real.irqCounts[queue] ?? '0') + (packets / 8n) + 1n);
			});
		},
		setVfCounter(name, counter, value) {
			update(state => {
				realVf(state, name).real.counters[counter] = String(value);
			});
		},
		setVfIrqCpu(name, queue, cpu) {
			update(state => {
				realVf(state, name).real.queueCpus[queue] = cpu;
			});
		},
		setVfDown(name, down) {
			update(state => {
				realVf(state, name).real.down = down;
			});
		},
		setGlobal(device, name, value) {
			update(state => {
				netvsc(state, device).global[name] = String(value);
			});
		},
		setSoftnet(cpu, counters) {
			update(state => {
				state.softnet[cpu] = {...counters};
			});
		},
		setBehaviour(device, op, mode) {
			update(state => {
				const modes = state.behaviour[device] ?? {};
				if (mode === undefined) {
					delete modes[op];
				} else {
					modes[op] = mode;
				}

				state.behaviour[device] = modes;
			});
		},
		removeDevice(name) {
			update(state => {
				const device = state.devices[name];
				if (device === undefined) {
					throw new Error(`no synthetic device ${name}`);
				}

				device.removed = true;
				rmSync(join(sysfsRoot, 'class', 'net', name), {recursive: true, force: true});
			});
		},
		restoreDevice(name) {
			update(state => {
				const device = state.devices[name];
				if (device === undefined) {
					throw new Error(`no synthetic device ${name}`);
				}

				device.removed = false;
				device.ifindex += 100;
				if (device.kind === 'vf' && device.real !== undefined) {
					// Servicing: a new VF netdev, probed with the driver's defaults.
					device.real = probeVf(device.driver, state.vcpus, device.real.irqBase);
				}
			});
		},
		calls() {
			return readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter(line => line !== '');
		},
		clearCalls() {
			writeFileSync(join(dir, 'calls.log'), '');
		},
		cleanup() {
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** For debugging a test: append a note to the machine's call log. */
export function noteCall(machine: SyntheticMachine, note: string): void {
	appendFileSync(join(machine.dir, 'calls.log'), `# ${note}\n`);
}
