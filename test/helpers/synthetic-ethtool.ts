// The stand-in ethtool of the synthetic netvsc machine: a typed module,
// bundled by esbuild into the machine's directory as an executable at test
// time (synthetic-netvsc.ts). It reads the machine's state.json, prints what
// ethtool 6.1 prints for hv_netvsc (netlink layouts for -l -g -k, ioctl
// layouts for -x -i -S) with the driver's stat names from source/netvsc/stats.ts,
// applies -L/-G to the state (re-creating queues and VMBus channels like the
// driver), and `--layout` (re)writes the sysfs/procfs tree from the state, so
// the tree and the ethtool answers can never disagree. A realVf VF answers
// -l -g -c -S and applies -L -G -C as its driver does (synthetic-vf.ts).
import fs from 'node:fs';
import path from 'node:path';
import {cpuStatSuffixes, globalStatNames, queueStatSuffixes, vfStatNames} from '../../source/netvsc/stats.js';
import {equalTable, weightTable} from '../../source/ethtool/rxfh.js';
import type {NetvscState, StandinOp, SyntheticState, VfState} from './synthetic-netvsc.js';
import {setVfChannels, setVfCoalesce, setVfRings, setVfRxfh, vfChannels, vfCoalesce, vfInterruptRows, vfRings, vfRss, vfStats as realVfStats, type SetOutcome} from './synthetic-vf.js';

type Counters = {rxPackets: string; rxBytes: string; txPackets: string; txBytes: string};
type Totals = {rxPackets: bigint; rxBytes: bigint; txPackets: bigint; txBytes: bigint};

const here = path.dirname(process.argv[1]!);
const stateFile = path.join(here, 'state.json');
const load = (): SyntheticState => JSON.parse(fs.readFileSync(stateFile, 'utf8')) as SyntheticState;
const save = (state: SyntheticState): void => {
	const temporary = stateFile + '.' + process.pid;
	fs.writeFileSync(temporary, JSON.stringify(state, null, 1));
	fs.renameSync(temporary, stateFile);
};

const out = (text: string): boolean => process.stdout.write(text);
const err = (text: string): boolean => process.stderr.write(text);
const T = '\t';
const zeroQueue = (): Counters => ({txPackets: '0', txBytes: '0', rxPackets: '0', rxBytes: '0'});
const zeroTraffic = (): Counters => ({rxPackets: '0', rxBytes: '0', txPackets: '0', txBytes: '0'});
const sum = (values: ReadonlyArray<string | number | bigint>): bigint => values.reduce<bigint>((a, b) => a + BigInt(b), 0n);

// ---------------------------------------------------------------- layout
function mkdir(p: string): void {
	fs.mkdirSync(p, {recursive: true});
}

function write(p: string, value: unknown): void {
	mkdir(path.dirname(p));
	fs.writeFileSync(p, String(value) + '\n');
}

function symlink(target: string, p: string): void {
	mkdir(path.dirname(p));
	try {
		if (fs.readlinkSync(p) === target) {
			return;
		}

		fs.rmSync(p, {force: true});
	} catch {}

	fs.symlinkSync(target, p);
}

function channelCpus(state: SyntheticState, d: NetvscState): number[] {
	const cpus: number[] = [];
	for (let i = 0; i < d.combined; i++) {
		cpus.push(i === 0 ? d.primaryCpu : (d.primaryCpu + i + d.generation) % state.vcpus);
	}

	return cpus;
}

function totalsOf(d: NetvscState): Totals {
	const vf = d.vfCpu;
	return {
		rxPackets: sum(d.queues.map(q => q.rxPackets)) + sum(vf.map(c => c.rxPackets)),
		rxBytes: sum(d.queues.map(q => q.rxBytes)) + sum(vf.map(c => c.rxBytes)),
		txPackets: sum(d.queues.map(q => q.txPackets)) + sum(vf.map(c => c.txPackets)),
		txBytes: sum(d.queues.map(q => q.txBytes)) + sum(vf.map(c => c.txBytes)),
	};
}

function writeStatistics(dir: string, totals: Totals): void {
	const names = ['rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped', 'multicast', 'collisions'];
	const values: Record<string, bigint> = {rx_packets: totals.rxPackets, tx_packets: totals.txPackets, rx_bytes: totals.rxBytes, tx_bytes: totals.txBytes};
	for (const name of names) {
		write(path.join(dir, 'statistics', name), values[name] ?? 0);
	}
}

function writeQueues(dir: string, count: number): void {
	fs.rmSync(path.join(dir, 'queues'), {recursive: true, force: true});
	for (let i = 0; i < count; i++) {
		mkdir(path.join(dir, 'queues', 'rx-' + i));
		mkdir(path.join(dir, 'queues', 'tx-' + i));
	}
}

function writeLink(dir: string, d: NetvscState | VfState): void {
	write(path.join(dir, 'ifindex'), d.ifindex);
	const down = d.kind === 'vf' && d.real?.down === true;
	write(path.join(dir, 'operstate'), down ? 'down' : 'up');
	// IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST (0x1043), IFF_UP cleared when down.
	write(path.join(dir, 'flags'), down ? '0x1002' : '0x1043');
	write(path.join(dir, 'carrier'), 1);
	write(path.join(dir, 'carrier_changes'), d.carrierChanges);
	write(path.join(dir, 'speed'), d.speedMbps);
	write(path.join(dir, 'duplex'), 'full');
	write(path.join(dir, 'mtu'), 1500);
	write(path.join(dir, 'address'), d.mac);
	// NET_ADDR_PERM: netvsc and its VF register with the address the host gave them (their permanent one).
	write(path.join(dir, 'addr_assign_type'), 0);
}

function layout(state: SyntheticState): void {
	const sys = state.sysfsRoot;
	const proc = state.procfsRoot;
	write(path.join(sys, 'devices', 'system', 'cpu', 'online'), '0-' + (state.vcpus - 1));
	mkdir(path.join(sys, 'bus', 'vmbus', 'drivers', 'hv_netvsc'));
	mkdir(path.join(sys, 'class', 'net'));

	const nics = Object.entries(state.devices).filter((entry): entry is [string, NetvscState] => entry[1].kind === 'netvsc');
	for (const [name, d] of nics) {
		const vmbus = path.join(sys, 'bus', 'vmbus', 'devices', d.guid);
		if (d.removed) {
			fs.rmSync(vmbus, {recursive: true, force: true});
			continue;
		}

		symlink('../../drivers/hv_netvsc', path.join(vmbus, 'driver'));
		write(path.join(vmbus, 'class_id'), '{f8615163-df3e-46c5-913f-f2d2f965ed0e}');
		fs.rmSync(path.join(vmbus, 'channels'), {recursive: true, force: true});
		d.channelCpus = channelCpus(state, d);
		for (let i = 0; i < d.combined; i++) {
			const relid = d.relidBase + d.generation * 64 + i;
			write(path.join(vmbus, 'channels', String(relid), 'cpu'), d.channelCpus[i]);
			write(path.join(vmbus, 'channels', String(relid), 'subchannel_id'), i);
		}

		const dir = path.join(sys, 'class', 'net', name);
		symlink('../../../bus/vmbus/devices/' + d.guid, path.join(dir, 'device'));
		writeLink(dir, d);
		writeStatistics(dir, totalsOf(d));
		writeQueues(dir, d.combined);
		for (const entry of fs.readdirSync(dir)) {
			if (entry.startsWith('lower_')) {
				fs.rmSync(path.join(dir, entry), {force: true});
			}
		}

		const vf = d.vf === undefined ? undefined : state.devices[d.vf];
		if (vf && !vf.removed) {
			symlink('../' + d.vf, path.join(dir, 'lower_' + d.vf));
		}
	}

	for (const [name, v] of Object.entries(state.devices).filter((entry): entry is [string, VfState] => entry[1].kind === 'vf')) {
		if (v.removed) {
			continue;
		}

		const master = state.devices[v.master] as NetvscState | undefined;
		const pci = path.join(sys, 'devices', 'pci' + v.pciDomain + ':00', v.pciDomain + ':00:02.0');
		symlink('../../../bus/pci/drivers/' + v.driver, path.join(pci, 'driver'));
		mkdir(path.join(sys, 'bus', 'pci', 'drivers', v.driver));
		const dir = path.join(sys, 'class', 'net', name);
		symlink('../../../devices/pci' + v.pciDomain + ':00/' + v.pciDomain + ':00:02.0', path.join(dir, 'device'));
		symlink('../' + v.master, path.join(dir, 'master'));
		writeLink(dir, v);
		const vfCpu: Counters[] = master ? master.vfCpu : [];
		const queues = v.real?.queues ?? vfCpu;
		writeStatistics(dir, {
			rxPackets: sum(queues.map(c => c.rxPackets)),
			rxBytes: sum(queues.map(c => c.rxBytes)),
			txPackets: sum(queues.map(c => c.txPackets)),
			txBytes: sum(queues.map(c => c.txBytes)),
		});
		writeQueues(dir, v.real?.combined ?? 8);
	}

	writeInterrupts(state);

	// procfs: softirqs grow with the packets each CPU served (NAPI batches of ~4).
	const rx: bigint[] = Array.from({length: state.vcpus}, () => 0n);
	const tx: bigint[] = Array.from({length: state.vcpus}, () => 0n);
	for (const [, d] of nics) {
		if (d.removed) {
			continue;
		}

		d.queues.forEach((q, i) => {
			const cpu = d.channelCpus[i] ?? 0;
			rx[cpu] = rx[cpu]! + (BigInt(q.rxPackets) / 4n);
			tx[cpu] = tx[cpu]! + (BigInt(q.txPackets) / 16n);
		});
		d.vfCpu.forEach((c, cpu) => {
			rx[cpu] = rx[cpu]! + (BigInt(c.rxPackets) / 8n);
		});
	}

	const pad = (text: unknown, width: number): string => ' '.repeat(Math.max(0, width - String(text).length)) + String(text);
	const cpuHeader = Array.from({length: state.vcpus}, (_, i) => ('CPU' + i).padEnd(11)).join('');
	const row = (label: string, values: ReadonlyArray<number | bigint>): string => pad(label + ':', 12) + values.map(v => pad(String(v), 11)).join('');
	const base = state.softirqBase;
	write(path.join(proc, 'softirqs'), [
		pad('', 20) + cpuHeader.trimEnd(),
		row('HI', rx.map(() => 0)),
		row('TIMER', rx.map(() => 5000)),
		row('NET_TX', tx.map(v => BigInt(base) + v)),
		row('NET_RX', rx.map(v => BigInt(base) * 10n + v)),
		row('BLOCK', rx.map(() => 10)),
		row('SCHED', rx.map(() => 7000)),
		row('RCU', rx.map(() => 6000)),
	].join('\n'));
	const hex = (v: number | bigint): string => BigInt(v).toString(16).padStart(8, '0');
	write(path.join(proc, 'net', 'softnet_stat'), Array.from({length: state.vcpus}, (_, cpu) => {
		const s = state.softnet[cpu] ?? {dropped: 0, squeezed: 0};
		const cells = [hex(1000n + rx[cpu]!), hex(s.dropped), hex(s.squeezed), ...Array.from({length: 9}, () => hex(0)), hex(cpu), hex(0), hex(0)];
		return cells.join(' ');
	}).join('\n'));
	write(path.join(proc, 'stat'), ['cpu  1 2 3 4 5 6 7 8 9 10', ...Array.from({length: state.vcpus}, (_, cpu) => 'cpu' + cpu + ' 1 2 3 4 5 6 7 8 9 10')].join('\n'));
}

/** /proc/interrupts (a timer line, then each present realVf VF's vectors) and /proc/irq/N/smp_affinity_list. */
function writeInterrupts(state: SyntheticState): void {
	const proc = state.procfsRoot;
	fs.rmSync(path.join(proc, 'irq'), {recursive: true, force: true});
	const header = '     ' + Array.from({length: state.vcpus}, (_, i) => ('CPU' + i).padStart(11)).join('');
	const rows = ['   1:' + Array.from({length: state.vcpus}, () => '          0').join('') + '  IO-APIC   1-edge      i8042'];
	for (const v of Object.values(state.devices)) {
		if (v.kind !== 'vf' || v.removed || v.real === undefined) {
			continue;
		}

		const real = v.real;
		rows.push(...vfInterruptRows(v.driver, v.pciDomain + ':00:02.0', real, state.vcpus));
		write(path.join(proc, 'irq', String(real.irqBase), 'smp_affinity_list'), '0-' + (state.vcpus - 1));
		for (let queue = 0; queue < real.combined; queue++) {
			write(path.join(proc, 'irq', String(real.irqBase + 1 + queue), 'smp_affinity_list'), real.queueCpus[queue] ?? 0);
		}
	}

	rows.push('NMI:' + Array.from({length: state.vcpus}, () => '          0').join('') + '   Non-maskable interrupts');
	write(path.join(proc, 'interrupts'), [header, ...rows].join('\n'));
}

// ---------------------------------------------------------------- outputs
function noDevice(op: string): number {
	const pair = 'netlink error: no device matches name (offset 24)\nnetlink error: No such device\n';
	switch (op) {
		case '-i': {
			err('Cannot get driver information: No such device\n');
			return 71;
		}
		case '-S': {
			err('Cannot get stats strings information: No such device\n');
			return 96;
		}
		case '-x': {
			err('Cannot get RX ring count: No such device\n');
			return 1;
		}
		case '-G': {
			err(pair);
			return 81;
		}
		default: {
			err(pair);
			return 1;
		}
	}
}

function channels(name: string, d: NetvscState): string {
	return ['Channel parameters for ' + name + ':', 'Pre-set maximums:',
		'RX:' + T + T + 'n/a', 'TX:' + T + T + 'n/a', 'Other:' + T + T + 'n/a', 'Combined:' + T + d.maxCombined,
		'Current hardware settings:',
		'RX:' + T + T + 'n/a', 'TX:' + T + T + 'n/a', 'Other:' + T + T + 'n/a', 'Combined:' + T + d.combined, ''].join('\n');
}

// As ethtool prints a register dump it has no decoder for (hv_netvsc's): the send
// table the host sets after each attach, tx_table[i] = i % channels, 16 u32 little-endian.
function sendTableDump(d: NetvscState): string {
	const bytes: string[] = [];
	for (let i = 0; i < 16; i++) {
		const entry = i % Math.max(1, d.combined);
		bytes.push(...[entry & 0xFF, (entry >> 8) & 0xFF, (entry >> 16) & 0xFF, entry >>> 24].map(byte => byte.toString(16).padStart(2, '0')));
	}

	let text = 'Offset' + T + T + 'Values\n------' + T + T + '------';
	for (const [i, byte] of bytes.entries()) {
		if (i % 16 === 0) {
			text += '\n0x' + i.toString(16).padStart(4, '0') + ':' + T + T;
		}

		text += byte + ' ';
	}

	return text + '\n';
}

function rings(name: string, d: NetvscState): string {
	const r = d.rings;
	return ['Ring parameters for ' + name + ':', 'Pre-set maximums:',
		'RX:' + T + T + r.rxMax, 'RX Mini:' + T + 'n/a', 'RX Jumbo:' + T + 'n/a', 'TX:' + T + T + r.txMax,
		'Current hardware settings:',
		'RX:' + T + T + r.rx, 'RX Mini:' + T + 'n/a', 'RX Jumbo:' + T + 'n/a', 'TX:' + T + T + r.tx,
		'RX Buf Len:' + T + T + 'n/a', 'CQE Size:' + T + T + 'n/a', 'TX Push:' + T + 'off', 'TCP data split:' + T + 'n/a', ''].join('\n');
}

function features(name: string, d: NetvscState): string {
	const lines = ['Features for ' + name + ':',
		'rx-checksumming: on', 'tx-checksumming: on', T + 'tx-checksum-ipv4: on', T + 'tx-checksum-ip-generic: off [fixed]',
		T + 'tx-checksum-ipv6: on', 'scatter-gather: on', T + 'tx-scatter-gather: on', 'tcp-segmentation-offload: on',
		T + 'tx-tcp-segmentation: on', T + 'tx-tcp6-segmentation: on', 'generic-segmentation-offload: on',
		'generic-receive-offload: on', 'large-receive-offload: ' + (d.lro ? 'on' : 'off'),
		'rx-vlan-offload: on [fixed]', 'tx-vlan-offload: on [fixed]', 'ntuple-filters: off [fixed]', 'receive-hashing: on',
		'highdma: on [fixed]', 'rx-gro-list: off', ''];
	return lines.join('\n');
}

function rss(name: string, d: NetvscState): string {
	const lines = ['RX flow hash indirection table for ' + name + ' with ' + d.combined + ' RX ring(s):'];
	for (let row = 0; row < 128; row += 8) {
		let line = String(row).padStart(5) + ': ';
		for (let i = row; i < row + 8; i++) {
			line += ' ' + String(d.rxTable?.[i] ?? i % d.combined).padStart(5);
		}

		lines.push(line);
	}

	lines.push('RSS hash key:', d.rssKey, 'RSS hash function:', '    toeplitz: on', '    xor: off', '    crc32: off', '');
	return lines.join('\n');
}

function driverInfo(state: SyntheticState, d: NetvscState | VfState): string {
	return ['driver: ' + (d.kind === 'netvsc' ? 'hv_netvsc' : d.driver), 'version: ' + state.kernel,
		'firmware-version: ' + (d.kind === 'netvsc' ? 'N/A' : '16.30.1004'), 'expansion-rom-version: ',
		'bus-info: ' + (d.kind === 'netvsc' ? d.guid : d.pciDomain + ':00:02.0'), 'supports-statistics: yes', 'supports-test: no',
		'supports-eeprom-access: no', 'supports-register-dump: ' + (d.kind === 'netvsc' ? 'yes' : 'no'), 'supports-priv-flags: no', ''].join('\n');
}

function stats(state: SyntheticState, d: NetvscState): string {
	const lines = ['NIC statistics:'];
	const line = (name: string, value: unknown): void => {
		lines.push('     ' + name + ': ' + String(value));
	};

	for (const name of globalStatNames) {
		line(name, d.global[name] ?? '0');
	}

	const vf = d.vfCpu;
	const vfValues = [sum(vf.map(c => c.rxPackets)), sum(vf.map(c => c.rxBytes)), sum(vf.map(c => c.txPackets)), sum(vf.map(c => c.txBytes)), d.vfTxDropped];
	vfStatNames.forEach((name, i) => {
		line(name, vfValues[i]);
	});
	d.queues.forEach((q, i) => {
		const values = [q.txPackets, q.txBytes, 0, q.rxPackets, q.rxBytes, 0, 0, 0];
		queueStatSuffixes.forEach((pattern, slot) => {
			line(pattern.replace('%', String(i)), values[slot]);
		});
	});
	for (let cpu = 0; cpu < state.vcpus; cpu++) {
		const c = vf[cpu] ?? zeroTraffic();
		const mine = d.queues.filter((_, i) => d.channelCpus[i] === cpu);
		const values = [
			BigInt(c.rxPackets) + sum(mine.map(q => q.rxPackets)), BigInt(c.rxBytes) + sum(mine.map(q => q.rxBytes)),
			BigInt(c.txPackets) + sum(mine.map(q => q.txPackets)), BigInt(c.txBytes) + sum(mine.map(q => q.txBytes)),
			c.rxPackets, c.rxBytes, c.txPackets, c.txBytes,
		];
		cpuStatSuffixes.forEach((suffix, slot) => {
			line('cpu' + cpu + '_' + suffix, values[slot]);
		});
	}

	return lines.join('\n') + '\n';
}

function vfStats(state: SyntheticState, v: VfState): string {
	const master = state.devices[v.master] as NetvscState | undefined;
	const vf: Counters[] = master ? master.vfCpu : [];
	return ['NIC statistics:', '     rx_packets: ' + sum(vf.map(c => c.rxPackets)), '     rx_bytes: ' + sum(vf.map(c => c.rxBytes)),
		'     tx_packets: ' + sum(vf.map(c => c.txPackets)), '     tx_bytes: ' + sum(vf.map(c => c.txBytes)), ''].join('\n');
}

// ---------------------------------------------------------------- sets
function pairs<K extends string>(op: string, args: readonly string[], keywords: readonly K[]): Partial<Record<K, number>> | undefined {
	const request: Partial<Record<K, number>> = {};
	for (let i = 0; i < args.length; i += 2) {
		const key = args[i]! as K;
		const value = args[i + 1];
		if (!keywords.includes(key)) {
			err('ethtool (' + op + '): unknown parameter \'' + key + '\'\n');
			return undefined;
		}

		if (value === undefined) {
			err('ethtool (' + op + '): no value for parameter \'' + key + '\'\n');
			return undefined;
		}

		if (!/^\d{1,10}$/.test(value) || Number(value) > 4294967295) {
			err('ethtool (' + op + '): invalid value \'' + value + '\' for parameter \'' + key + '\'\n');
			return undefined;
		}

		request[key] = Number(value);
	}

	return request;
}

function recreate(d: NetvscState): void {
	// netvsc_detach + netvsc_attach: per-queue counters restart, sub-channels get new CPUs.
	d.queues = Array.from({length: d.combined}, zeroQueue);
	d.generation++;
	d.carrierChanges += 2;
}

function setChannels(d: NetvscState, args: readonly string[]): number | 'changed' {
	const request = pairs('-L', args, ['rx', 'tx', 'other', 'combined']);
	if (request === undefined) {
		return 1;
	}

	const exceeds = 'netlink error: requested channel count exceeds maximum (offset 36)\nnetlink error: Invalid argument\n';
	if ((request.rx ?? 0) > 0 || (request.tx ?? 0) > 0 || (request.other ?? 0) > 0 || (request.combined ?? 0) > d.maxCombined) {
		err(exceeds);
		return 1;
	}

	if (request.combined === 0) {
		err('netlink error: requested channel counts would result in no RX or TX channel being configured (offset 36)\nnetlink error: Invalid argument\n');
		return 1;
	}

	if (request.combined === undefined || request.combined === d.combined) {
		return 0;
	}

	const inUse = d.rxTable ? Math.max(...d.rxTable) : 0;
	if (request.combined <= inUse) {
		err(`netlink error: requested channel counts are too low for existing indirection table (${inUse}) (offset 36)\nnetlink error: Invalid argument\n`);
		return 1;
	}

	d.combined = request.combined;
	recreate(d);
	return 'changed';
}

const rxfhRefused = 'Cannot set RX flow hash configuration: Invalid argument\n';

/** `-X DEV equal N | weight W… | default [hkey K]` as ethtool 6.1 and netvsc_set_rxfh take it (ioctl). */
function setRxfh(d: NetvscState, args: readonly string[]): number | 'changed' {
	let table: number[] | 'default' | undefined;
	let key: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const word = args[i];
		if (word === 'equal' && /^\d+$/.test(args[i + 1] ?? '')) {
			table = equalTable(128, Number(args[++i]));
		} else if (word === 'weight') {
			const weights: number[] = [];
			while (/^\d+$/.test(args[i + 1] ?? '')) {
				weights.push(Number(args[++i]));
			}

			table = weightTable(128, weights);
		} else if (word === 'default') {
			table = 'default';
		} else if (word === 'hkey' && args[i + 1] !== undefined) {
			key = args[++i];
		} else {
			err('ethtool: bad command line argument(s)\nFor more information run ethtool -h\n');
			return 1;
		}
	}

	if (key !== undefined && key.split(':').length !== 40) {
		err(rxfhRefused);
		return 1;
	}

	if (Array.isArray(table) && table.some(entry => entry >= d.combined)) {
		err(rxfhRefused);
		return 1;
	}

	if (table === 'default') {
		delete d.rxTable;
	} else if (table !== undefined) {
		d.rxTable = table;
	}

	if (key !== undefined) {
		d.rssKey = key.toLowerCase();
	}

	return 'changed';
}

function setRings(d: NetvscState, args: readonly string[]): number | 'changed' {
	const request = pairs('-G', args, ['rx', 'tx', 'rx-mini', 'rx-jumbo', 'rx-buf-len']);
	if (request === undefined) {
		return 1;
	}

	if ((request['rx-mini'] ?? 0) > 0 || (request['rx-jumbo'] ?? 0) > 0 || (request.rx ?? 0) > d.rings.rxMax || (request.tx ?? 0) > d.rings.txMax) {
		err('netlink error: requested ring size exceeds maximum (offset 36)\nnetlink error: Invalid argument\n');
		return 81;
	}

	if (request['rx-buf-len'] !== undefined) {
		err('netlink error: Operation not supported\n');
		return 81;
	}

	// netvsc clamps to [10, max] and treats "no change" as success.
	const rx = request.rx === undefined ? d.rings.rx : Math.max(10, request.rx);
	const tx = request.tx === undefined ? d.rings.tx : Math.max(10, request.tx);
	if (rx === d.rings.rx && tx === d.rings.tx) {
		return 0;
	}

	d.rings.rx = rx;
	d.rings.tx = tx;
	recreate(d);
	return 'changed';
}

function realVf(state: SyntheticState, name: string, d: VfState, op: string, rest: readonly string[]): number {
	const real = d.real!;
	const apply = (outcome: SetOutcome | undefined): number => {
		if (outcome === undefined) {
			return 1;
		}

		if (outcome.stderr !== undefined) {
			err(outcome.stderr);
		}

		if (outcome.changed) {
			layout(state);
			save(state);
		}

		return outcome.exit;
	};

	switch (op) {
		case '-l': {
			out(vfChannels(name, real));
			return 0;
		}
		case '-g': {
			out(vfRings(name, real));
			return 0;
		}
		case '-c': {
			out(vfCoalesce(name, real));
			return 0;
		}
		case '-i': {
			out(driverInfo(state, d));
			return 0;
		}
		case '-S': {
			out(realVfStats(d.driver, real));
			return 0;
		}
		case '-L': {
			const request = pairs('-L', rest, ['rx', 'tx', 'other', 'combined']);
			return apply(request && setVfChannels(d.driver, real, request, state.vcpus));
		}
		case '-G': {
			const request = pairs('-G', rest, ['rx', 'tx', 'rx-mini', 'rx-jumbo', 'rx-buf-len']);
			return apply(request && setVfRings(d.driver, real, request, state.vcpus));
		}
		case '-C': {
			const request = pairs('-C', rest, ['rx-cqe-frames', 'rx-cqe-nsecs']);
			return apply(request && setVfCoalesce(d.driver, real, request, state.vcpus));
		}
		case '-x': {
			out(vfRss(name, real));
			return 0;
		}
		case '-X': {
			return apply(setVfRxfh(d.driver, real, rest));
		}
		default: {
			err('netlink error: Operation not supported\n');
			return 1;
		}
	}
}

// ---------------------------------------------------------------- flow hash
const flowTitles: Record<string, string> = {tcp4: 'TCP over IPV4', tcp6: 'TCP over IPV6', udp4: 'UDP over IPV4', udp6: 'UDP over IPV6'};
const fieldLines: Record<string, string> = {s: 'IP SA', d: 'IP DA', f: 'L4 bytes 0 & 1 [TCP/UDP src port]', n: 'L4 bytes 2 & 3 [TCP/UDP dst port]'};

/** netvsc_get/set_rxfh_fields: tcp4 tcp6 udp4 udp6 only, sd or sdfn only; -N "fails" with exit 0, as ethtool does. */
function flowHash(state: SyntheticState, d: NetvscState, op: string, rest: readonly string[]): number {
	const [keyword, type, fields] = rest;
	if (keyword !== 'rx-flow-hash' || type === undefined || (op === '-N' ? fields === undefined : fields !== undefined)) {
		err('ethtool: bad command line argument(s)\nFor more information run ethtool -h\n');
		return 1;
	}

	const title = flowTitles[type];
	if (op === '-n') {
		if (title === undefined) {
			err('Cannot get RX network flow hashing options: Operation not supported\n');
			return 1;
		}

		const letters = d.flowHash?.[type] ?? 'sdfn';
		out(title + ' flows use these fields for computing Hash flow key:\n' + [...letters].map(letter => fieldLines[letter] + '\n').join('') + '\n');
		return 0;
	}

	const sorted = [...fields!].sort().join('');
	if (title === undefined || (sorted !== 'ds' && sorted !== 'dfns')) {
		err('Cannot change RX network flow hashing options: Operation not supported\n');
		return 0;
	}

	d.flowHash = {...d.flowHash, [type]: sorted === 'ds' ? 'sd' : 'sdfn'};
	save(state);
	return 0;
}

// ---------------------------------------------------------------- main
function main(args: readonly string[]): number | undefined {
	const state = load();
	if (args[0] === '--layout') {
		layout(state);
		save(state);
		return 0;
	}

	// One line per call, so tests can check which reads happened (appends are atomic).
	fs.appendFileSync(path.join(here, 'calls.log'), args.join(' ') + '\n');
	if (args[0] === '--version') {
		out('ethtool version 6.1\n');
		return 0;
	}

	const [op, name, ...rest] = args;
	if (op === undefined || name === undefined || !['-l', '-g', '-k', '-x', '-X', '-i', '-S', '-L', '-G', '-c', '-C', '-n', '-N', '-d'].includes(op)) {
		err('ethtool: bad command line argument(s)\nFor more information run ethtool -h\n');
		return 1;
	}

	if (!['-L', '-G', '-C', '-X', '-n', '-N'].includes(op) && rest.length > 0) {
		err('ethtool: unexpected parameter \'' + rest[0] + '\'\n');
		return 1;
	}

	const d = state.devices[name];
	if (!d || d.removed || !fs.existsSync(path.join(state.sysfsRoot, 'class', 'net', name))) {
		return noDevice(op);
	}

	const mode = state.behaviour[name]?.[op as StandinOp] ?? state.behaviour['*']?.[op as StandinOp];
	if (mode === 'hang') {
		setTimeout(() => {}, 3_600_000);
		return undefined;
	}

	if (mode === 'garbage') {
		out('}{ \u0000\u0001\u0002 ' + 'x'.repeat(64) + '\n:::: 12 :::: ' + T + 'RX:\n\u001B[31mCombined: -3\n' + Math.random() + '\n');
		return 0;
	}

	if (mode === 'eperm') {
		err('netlink error: Operation not permitted\n');
		return op === '-G' ? 81 : 1;
	}

	if (mode === 'enodev') {
		// What netvsc says while -L/-G re-attaches: sysfs has the device, the driver has no nvdev.
		return noDevice(op);
	}

	if (mode === 'eopnotsupp') {
		err('netlink error: Operation not supported\n');
		return op === '-G' ? 81 : 1;
	}

	if (d.kind === 'vf' && d.real !== undefined) {
		return realVf(state, name, d, op, rest);
	}

	if (d.kind === 'vf') {
		switch (op) {
			case '-i': {
				out(driverInfo(state, d));
				return 0;
			}
			case '-S': {
				out(vfStats(state, d));
				return 0;
			}
			default: {
				err('netlink error: Operation not supported\n');
				return op === '-G' ? 81 : 1;
			}
		}
	}

	switch (op) {
		case '-l': {
			out(channels(name, d));
			return 0;
		}
		case '-g': {
			out(rings(name, d));
			return 0;
		}
		case '-k': {
			out(features(name, d));
			return 0;
		}
		case '-x': {
			out(rss(name, d));
			return 0;
		}
		case '-d': {
			out(sendTableDump(d));
			return 0;
		}
		case '-i': {
			out(driverInfo(state, d));
			return 0;
		}
		case '-S': {
			out(stats(state, d));
			return 0;
		}
		case '-n':
		case '-N': {
			return flowHash(state, d, op, rest);
		}
		case '-c':
		case '-C': {
			// Hv_netvsc has no get_coalesce/set_coalesce.
			err('netlink error: Operation not supported\n');
			return 1;
		}
		case '-X': {
			const result = setRxfh(d, rest);
			if (result === 'changed') {
				save(state);
				return 0;
			}

			return result;
		}
		default: {
			const result = op === '-L' ? setChannels(d, rest) : setRings(d, rest);
			if (result === 'changed') {
				layout(state);
				save(state);
				return 0;
			}

			return result;
		}
	}
}

const code = main(process.argv.slice(2));
if (code !== undefined) {
	process.exitCode = code;
}
