// The VF half of the synthetic Azure guest: a `mana` or `mlx5_core` VF with
// its own channels, rings, CQE coalescing (mana), per-queue counters and
// MSI-X vectors. Pure functions over the state: what the stand-in ethtool
// prints for the VF (ethtool 6.x netlink layouts for -l -g -c, ioctl -S with
// the driver's names from source/drivers), how it applies -L/-G/-C (the
// driver's bounds and errors), and the /proc/interrupts lines and
// /proc/irq/N/smp_affinity_list files its vectors show. Bundled into the
// stand-in (synthetic-ethtool.ts) and used by tests for expected outputs.
import {manaVf, mlx5Vf, type VfDriverFacts} from '../../source/drivers/index.js';
import {roundUpPowerOfTwo} from '../../source/drivers/vf-driver.js';
import {equalTable, weightTable} from '../../source/ethtool/rxfh.js';

export type VfCounters = {rxPackets: string; rxBytes: string; txPackets: string; txBytes: string};

/** A VF that behaves like its driver (SyntheticNic.realVf). */
export type RealVf = {
	combined: number;
	maxCombined: number;
	rings: {rx: number; tx: number; rxMax: number; txMax: number};
	/** `rx-cqe-frames` (mana); absent for a driver without CQE coalescing. */
	cqeFrames?: number;
	queues: VfCounters[];
	/** Device counters by name (hc_rx_discards_no_wqe, rx_out_of_buffer…); others print 0. */
	counters: Record<string, string>;
	/** Queue → CPU its vector is delivered to (smp_affinity_list). */
	queueCpus: number[];
	/** Queue → interrupts its vector took (on its CPU). */
	irqCounts: string[];
	/** IRQ number of the first (control) vector; queue N is irqBase + 1 + N. */
	irqBase: number;
	/** Indirection table entries (the driver's size for the VM); `table` absent: the default, i % combined. */
	tableSize?: number;
	table?: number[];
	/** Toeplitz key, hex bytes joined by colons. */
	key?: string;
	/** The VF netdev is down (operstate down; MANA's port closed: -X refused). */
	down?: boolean;
};

const T = '\t';
const zero = (): VfCounters => ({rxPackets: '0', rxBytes: '0', txPackets: '0', txBytes: '0'});

export const vfFacts = (driver: string): VfDriverFacts => (driver === 'mana' ? manaVf : mlx5Vf);

/** A VF as its driver probes it on a VM with `vcpus` vCPUs: the driver's defaults, zero counters. */
export function probeVf(driver: string, vcpus: number, irqBase: number): RealVf {
	const facts = vfFacts(driver);
	const maxCombined = Math.min(facts.hwMaxChannels, vcpus);
	const combined = Math.min(facts.defaultChannels, maxCombined);
	return {
		combined,
		maxCombined,
		rings: {rx: facts.rxRing.default, tx: facts.txRing.default, rxMax: facts.rxRing.max, txMax: facts.txRing.max},
		...(facts.rxCqeFrames.length > 0 ? {cqeFrames: facts.rxCqeFrames[0]} : {}),
		queues: Array.from({length: combined}, zero),
		counters: {},
		queueCpus: Array.from({length: combined}, (_, queue) => queue % vcpus),
		irqCounts: Array.from({length: combined}, () => '0'),
		irqBase,
		tableSize: facts.rssTableSize(maxCombined, undefined),
		key: Array.from({length: facts.rssKeyBytes}, (_, i) => ((i * 29) + 7).toString(16).padStart(2, '0').slice(-2)).join(':'),
	};
}

export function vfChannels(name: string, vf: RealVf): string {
	return ['Channel parameters for ' + name + ':', 'Pre-set maximums:',
		'RX:' + T + T + 'n/a', 'TX:' + T + T + 'n/a', 'Other:' + T + T + 'n/a', 'Combined:' + T + vf.maxCombined,
		'Current hardware settings:',
		'RX:' + T + T + 'n/a', 'TX:' + T + T + 'n/a', 'Other:' + T + T + 'n/a', 'Combined:' + T + vf.combined, ''].join('\n');
}

export function vfRings(name: string, vf: RealVf): string {
	const r = vf.rings;
	return ['Ring parameters for ' + name + ':', 'Pre-set maximums:',
		'RX:' + T + T + r.rxMax, 'RX Mini:' + T + 'n/a', 'RX Jumbo:' + T + 'n/a', 'TX:' + T + T + r.txMax,
		'Current hardware settings:',
		'RX:' + T + T + r.rx, 'RX Mini:' + T + 'n/a', 'RX Jumbo:' + T + 'n/a', 'TX:' + T + T + r.tx,
		'RX Buf Len:' + T + T + 'n/a', 'CQE Size:' + T + T + 'n/a', 'TX Push:' + T + 'off', 'TCP data split:' + T + 'n/a', ''].join('\n');
}

/** `ethtool -c` as netlink/coalesce.c prints it, with the rx-cqe lines of ethtool's CQE-coalescing support. */
export function coalesceText(name: string, cqeFrames: number | undefined, cqeNsecs: number | undefined): string {
	const na = (label: string, tabs = T): string => label + ':' + tabs + 'n/a';
	const value = (label: string, v: number | undefined): string => label + ':' + T + T + (v === undefined ? 'n/a' : String(v));
	return ['Coalesce parameters for ' + name + ':', 'Adaptive RX: n/a  TX: n/a',
		na('stats-block-usecs'), na('sample-interval'), na('pkt-rate-low', T + T), na('pkt-rate-high', T + T), '',
		na('rx-usecs'), na('rx-frames'), na('rx-usecs-irq'), na('rx-frames-irq'), '',
		na('tx-usecs'), na('tx-frames'), na('tx-usecs-irq'), na('tx-frames-irq'), '',
		na('rx-usecs-low'), na('rx-frame-low'), na('tx-usecs-low'), na('tx-frame-low'), '',
		na('rx-usecs-high'), na('rx-frame-high'), na('tx-usecs-high'), na('tx-frame-high'), '',
		'CQE mode RX: n/a  TX: n/a', '',
		na('tx-aggr-max-bytes'), na('tx-aggr-max-frames'), na('tx-aggr-time-usecs'), '',
		value('rx-cqe-frames', cqeFrames), value('rx-cqe-nsecs', cqeNsecs), '', ''].join('\n');
}

/** MANA reports rx_cqe_nsecs 2048 (its default timeout) while coalescing, else 0. */
export function vfCoalesce(name: string, vf: RealVf): string {
	return coalesceText(name, vf.cqeFrames, vf.cqeFrames === undefined ? undefined : (vf.cqeFrames > 1 ? 2048 : 0));
}

const sum = (values: readonly string[]): bigint => values.reduce((a, b) => a + BigInt(b), 0n);

/** `ethtool -S`: every name of the driver for the channel count, per-queue and total traffic filled in. */
export function vfStats(driver: string, vf: RealVf): string {
	const facts = vfFacts(driver);
	const values = new Map<string, string | bigint>(Object.entries(vf.counters));
	const totals = facts.totalStats;
	values.set(totals.rxPackets, sum(vf.queues.map(q => q.rxPackets)));
	values.set(totals.rxBytes, sum(vf.queues.map(q => q.rxBytes)));
	values.set(totals.txPackets, sum(vf.queues.map(q => q.txPackets)));
	values.set(totals.txBytes, sum(vf.queues.map(q => q.txBytes)));
	for (const [queue, q] of vf.queues.entries()) {
		values.set(facts.queueStat.rxPackets(queue), q.rxPackets);
		values.set(facts.queueStat.rxBytes(queue), q.rxBytes);
		values.set(facts.queueStat.txPackets(queue), q.txPackets);
		values.set(facts.queueStat.txBytes(queue), q.txBytes);
	}

	return ['NIC statistics:', ...facts.statNames(vf.combined).map(name => '     ' + name + ': ' + String(values.get(name) ?? 0)), ''].join('\n');
}

/** /proc/interrupts rows of the VF's vectors (control, then one per queue) on its PCI address. */
export function vfInterruptRows(driver: string, pci: string, vf: RealVf, vcpus: number): string[] {
	const names = driver === 'mana' ? {control: 'mana_hwc', queue: 'mana_q'} : {control: 'mlx5_async0', queue: 'mlx5_comp'};
	const row = (irq: number, counts: ReadonlyArray<string | number>, name: string): string =>
		String(irq).padStart(4) + ':' + counts.map(count => String(count).padStart(11)).join('') + '  Hyper-V PCIe MSI ' + (1_140_850_688 + irq) + '-edge      ' + name + '@pci:' + pci;
	const rows = [row(vf.irqBase, Array.from({length: vcpus}, (_, cpu) => (cpu === 0 ? 361 : 0)), names.control)];
	for (let queue = 0; queue < vf.combined; queue++) {
		const counts = Array.from({length: vcpus}, (_, cpu) => (cpu === vf.queueCpus[queue] ? vf.irqCounts[queue] ?? '0' : '0'));
		rows.push(row(vf.irqBase + 1 + queue, counts, names.queue + queue));
	}

	return rows;
}

// ---------------------------------------------------------------- sets
export type SetOutcome = {readonly exit: number; readonly stderr?: string; readonly changed?: boolean};

const invalid = (extack: string): SetOutcome => ({exit: 1, stderr: 'netlink error: ' + extack + ' (offset 36)\nnetlink error: Invalid argument\n'});
const exceeds = (what: 'channel count' | 'ring size'): SetOutcome => invalid('requested ' + what + ' exceeds maximum');

/** A channel, ring or coalescing change frees the queues (mana_detach/attach) on mana; mlx5 keeps its channel stats. */
function restart(driver: string, vf: RealVf, vcpus: number): void {
	const keep = !vfFacts(driver).restartsQueueCounters;
	vf.queues = Array.from({length: vf.combined}, (_, queue) => (keep ? vf.queues[queue] : undefined) ?? zero());
	vf.queueCpus = Array.from({length: vf.combined}, (_, queue) => vf.queueCpus[queue] ?? queue % vcpus);
	vf.irqCounts = Array.from({length: vf.combined}, (_, queue) => vf.irqCounts[queue] ?? '0');
}

/** `-L` on the VF: combined only, 1 … maxCombined. */
export function setVfChannels(driver: string, vf: RealVf, request: Partial<Record<string, number>>, vcpus: number): SetOutcome {
	if ((request['rx'] ?? 0) > 0 || (request['tx'] ?? 0) > 0 || (request['other'] ?? 0) > 0 || (request['combined'] ?? 0) > vf.maxCombined) {
		return exceeds('channel count');
	}

	if (request['combined'] === 0) {
		return invalid('requested channel counts would result in no RX or TX channel being configured');
	}

	if (request['combined'] === undefined || request['combined'] === vf.combined) {
		return {exit: 0};
	}

	vf.combined = request['combined'];
	restart(driver, vf, vcpus);
	return {exit: 0, changed: true};
}

/** `-G` on the VF: the core refuses above the maximum; the driver refuses below its minimum and rounds up to a power of two. */
export function setVfRings(driver: string, vf: RealVf, request: Partial<Record<string, number>>, vcpus: number): SetOutcome {
	const facts = vfFacts(driver);
	if ((request['rx-mini'] ?? 0) > 0 || (request['rx-jumbo'] ?? 0) > 0 || (request['rx'] ?? 0) > vf.rings.rxMax || (request['tx'] ?? 0) > vf.rings.txMax) {
		return {...exceeds('ring size'), exit: 81};
	}

	const rx = request['rx'] ?? vf.rings.rx;
	const tx = request['tx'] ?? vf.rings.tx;
	if (rx < facts.rxRing.min || tx < facts.txRing.min) {
		return {exit: 81, stderr: 'netlink error: Invalid argument\n'};
	}

	const next = {rx: roundUpPowerOfTwo(rx), tx: roundUpPowerOfTwo(tx)};
	if (next.rx === vf.rings.rx && next.tx === vf.rings.tx) {
		return {exit: 0};
	}

	vf.rings = {...vf.rings, ...next};
	restart(driver, vf, vcpus);
	return {exit: 0, changed: true};
}

/** `-C rx-cqe-frames N`: mana takes 1 or 4; a driver without CQE coalescing refuses the parameter. */
export function setVfCoalesce(driver: string, vf: RealVf, request: Partial<Record<string, number>>, vcpus: number): SetOutcome {
	const frames = request['rx-cqe-frames'];
	if (vf.cqeFrames === undefined) {
		return {exit: 1, stderr: 'netlink error: unsupported parameter (offset 36)\nnetlink error: Operation not supported\n'};
	}

	if (frames === undefined || frames === vf.cqeFrames) {
		return {exit: 0};
	}

	if (!vfFacts(driver).rxCqeFrames.includes(frames)) {
		return invalid('rx-cqe-frames must be 1 or 4');
	}

	vf.cqeFrames = frames;
	restart(driver, vf, vcpus);
	return {exit: 0, changed: true};
}

const tableOf = (vf: RealVf): number[] => vf.table ?? Array.from({length: vf.tableSize ?? 0}, (_, i) => i % vf.combined);

/** `ethtool -x` as ethtool 6.x prints it: 8 entries a row, the key, the hash functions the driver has. */
export function vfRss(name: string, vf: RealVf): string {
	const table = tableOf(vf);
	const lines = ['RX flow hash indirection table for ' + name + ' with ' + vf.combined + ' RX ring(s):'];
	for (let row = 0; row < table.length; row += 8) {
		lines.push(String(row).padStart(5) + ': ' + table.slice(row, row + 8).map(entry => ' ' + String(entry).padStart(5)).join(''));
	}

	lines.push('RSS hash key:', vf.key ?? '', 'RSS hash function:', '    toeplitz: on', '    xor: off', '    crc32: off', '');
	return lines.join('\n');
}

const rxfhInvalid: SetOutcome = {exit: 1, stderr: 'Cannot set RX flow hash configuration: Invalid argument\n'};

/** `-X equal N | weight W… | default [hkey K]`: the core's checks (entries, key length), then the driver's (mana: port up). */
export function setVfRxfh(driver: string, vf: RealVf, args: readonly string[]): SetOutcome {
	const size = vf.tableSize ?? 0;
	let table: number[] | 'default' | undefined;
	let key: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const word = args[i];
		if (word === 'equal' && /^\d+$/.test(args[i + 1] ?? '')) {
			table = equalTable(size, Number(args[++i]));
		} else if (word === 'weight') {
			const weights: number[] = [];
			while (/^\d+$/.test(args[i + 1] ?? '')) {
				weights.push(Number(args[++i]));
			}

			table = weightTable(size, weights);
		} else if (word === 'default') {
			table = 'default';
		} else if (word === 'hkey' && args[i + 1] !== undefined) {
			key = args[++i];
		} else {
			return {exit: 1, stderr: 'ethtool: bad command line argument(s)\nFor more information run ethtool -h\n'};
		}
	}

	if ((key !== undefined && key.split(':').length !== vfFacts(driver).rssKeyBytes) || (Array.isArray(table) && table.some(entry => entry >= vf.combined))) {
		return rxfhInvalid;
	}

	if (vfFacts(driver).rxfhNeedsPortUp && vf.down) {
		return {exit: 1, stderr: 'Cannot set RX flow hash configuration: Operation not supported\n'};
	}

	if (table === 'default') {
		delete vf.table;
	} else if (table !== undefined) {
		vf.table = table;
	}

	if (key !== undefined) {
		vf.key = key.toLowerCase();
	}

	return {exit: 0, changed: true};
}
