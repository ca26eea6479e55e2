// Pure pieces of NetvscDevice's ethtool, ip and sysfs operations: the checks
// and the view builders that need only what they are passed, so the modules
// that change the DeviceState (device-changes.ts, device-readd.ts) keep the
// order of effects, and these stay short and testable.
import {name as netvscName} from '../drivers/hv-netvsc.js';
import {failWith} from '../errors.js';
import type {Result} from '../types.js';
import type {DeviceContext, ModelDriverInfo, ModelRss} from './device-spec.js';
import {vrssSendTableSize, type NvDevice} from './nvdevice.js';
import {nvspVersion2} from './rings.js';
import {checkRxfhCore, type RxfhRequest} from './rss.js';
import {queueStatCount, statCount} from './stats.js';
import {formatKey} from './toeplitz.js';

const mtuMin = 68;
const mtuMaxNvsp2 = 65_535 - 14;
export const xdpMaxMtu = 3506;
/** NETIF_MSG drv|probe|link|ifdown|ifup|rx_err|tx_err. */
export const defaultMsgLevel = 0xf7;

/** `ip link set DEV mtu N`: the core's range check. */
export function checkMtu(mtu: number, nvspVersion: number): Result<void> {
	if (!Number.isInteger(mtu) || mtu < mtuMin) {
		return failWith('EINVAL', 'mtu less than device minimum');
	}

	const max = nvspVersion >= nvspVersion2 ? mtuMaxNvsp2 : 1500;
	if (mtu > max) {
		return failWith('EINVAL', 'mtu greater than device maximum');
	}

	return {ok: true, value: undefined};
}

/** `ethtool -i` of a netvsc_device. */
export function driverInfoOf(nv: NvDevice, context: DeviceContext, busInfo: string): Result<ModelDriverInfo> {
	return {
		ok: true,
		value: {
			driver: netvscName,
			version: context.kernelRelease,
			firmwareVersion: 'N/A',
			expansionRomVersion: '',
			busInfo,
			supportsStatistics: true,
			supportsTest: false,
			supportsEepromAccess: false,
			supportsRegisterDump: true,
			supportsPrivFlags: false,
			nStats: statCount(nv.channels, context.presentCpus.length),
			regdumpLen: vrssSendTableSize * 4,
		},
	};
}

/** `ethtool -x` of a netvsc_device. */
export function rssOf(nv: NvDevice, configured: boolean): Result<ModelRss> {
	return {
		ok: true,
		value: {
			table: [...nv.rxTable],
			key: formatKey(nv.rssKey),
			hfunc: 'toeplitz',
			configured,
			rxRings: nv.channels,
			hashFunctions: {toeplitz: true, xor: false, crc32: false},
		},
	};
}

/**
 * `ethtool -X` (ioctl core, then netvsc_set_rxfh) applied to the netvsc_device.
 * Says whether the host was told a new key or table, and what to do with the "configured" flag.
 */
export function applyRxfh(nv: NvDevice, request: RxfhRequest): Result<{told: boolean; configured: 'set' | 'clear' | undefined}> {
	const param = checkRxfhCore(request, nv.rxTable.length, nv.channels);
	if (!param.ok) {
		return param;
	}

	const {value} = param;
	if (value.hfunc !== 'no-change' && value.hfunc !== 'toeplitz') {
		return failWith('EOPNOTSUPP');
	}

	if (value.table?.some(entry => entry >= nv.channels)) {
		return failWith('EINVAL');
	}

	if (value.table) {
		nv.rxTable.splice(0, nv.rxTable.length, ...value.table);
	}

	const told = Boolean(value.table ?? value.key);
	if (told) {
		// rndis_filter_set_rss_param: a table alone reuses the current key.
		const key = value.key ?? nv.rssKey;
		nv.rssKey = Uint8Array.from(key);
		nv.hostRss = {key: Uint8Array.from(key), table: [...nv.rxTable]};
	}

	const configured = value.configured === 'set' || value.configured === 'clear' ? value.configured : undefined;
	return {ok: true, value: {told, configured}};
}

/** The CPU written to a VMBus channel's sysfs `cpu` file (vmbus_drv.c:target_cpu_store), before the queue check. */
export function checkTargetCpu(text: string, context: DeviceContext): Result<number> {
	if (!context.host.targetCpuWritable) {
		return failWith('EIO');
	}

	if (!/^\s*\d+\s*$/.test(text)) {
		return failWith('EIO');
	}

	const cpu = Number(text.trim());
	if (cpu >= context.cpuSlots) {
		return failWith('EINVAL');
	}

	if (!context.onlineCpus().includes(cpu)) {
		return failWith('EINVAL');
	}

	return {ok: true, value: cpu};
}

/** `ip -s link` (netvsc_get_stats64): the VF totals plus the current channels' counters. */
export function interfaceTotalsOf(vf: readonly bigint[], queues: BigUint64Array): {rxPackets: bigint; rxBytes: bigint; txPackets: bigint; txBytes: bigint} {
	const totals = {rxPackets: vf[0]!, rxBytes: vf[1]!, txPackets: vf[2]!, txBytes: vf[3]!};
	for (let q = 0; q * queueStatCount < queues.length; q++) {
		const base = q * queueStatCount;
		totals.txPackets += queues[base]!;
		totals.txBytes += queues[base + 1]!;
		totals.rxPackets += queues[base + 3]!;
		totals.rxBytes += queues[base + 4]!;
	}

	return totals;
}
