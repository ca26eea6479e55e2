// `ethtool -g/-G`: netvsc has no descriptor rings; rx/tx are the numbers of
// sections of the receive and send buffers shared with the host.
// Constants: drivers/net/hyperv/hyperv_net.h; checks: net/ethtool/rings.c
// (netlink) then netvsc_drv.c:netvsc_set_ringparam.
import type {RingRequest, Rings, Result} from '../types.js';
import {rxSectionBytes, txSectionBytes} from '../drivers/hv-netvsc.js';
import {failWith} from '../errors.js';

const mib = 1024 * 1024;
export const pageSize = 4096;
export const receiveBufferMax = 31 * mib;
export const receiveBufferMaxLegacy = 15 * mib;
export const sendBufferMax = 15 * mib;
export const recvSectionSize = rxSectionBytes;
export const sendSectionSize = txSectionBytes;
export const minSections = 10;
export {defaultRxSections, defaultTxSections} from '../drivers/hv-netvsc.js';
export const nvspVersion2 = 0x3_00_02;

export type SectionSizes = {readonly recv: number; readonly send: number};

export type RingLimits = {readonly rxMax: number; readonly txMax: number};

/** __netvsc_get_ringparam: legacy hosts (NVSP ≤ 2) cap the receive buffer at 15 MiB. */
export function ringLimits(nvspVersion: number, sizes: SectionSizes): RingLimits {
	const recvMax = nvspVersion <= nvspVersion2 ? receiveBufferMaxLegacy : receiveBufferMax;
	return {rxMax: Math.floor(recvMax / sizes.recv), txMax: Math.floor(sendBufferMax / sizes.send)};
}

export function ringsView(limits: RingLimits, rx: number, tx: number, sizes: SectionSizes): Rings {
	return {...limits, rx, tx, unit: 'sections', rxSectionBytes: sizes.recv, txSectionBytes: sizes.send};
}

export type RingVerdict = {readonly change: false} | {readonly change: true; readonly rx: number; readonly tx: number};

const isU32 = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 0xff_ff_ff_ff;

/**
 * net/ethtool/rings.c: unsupported attributes first (validate), then "nothing
 * changed" (driver not called), then any pending above its maximum.
 */
export function checkRingsCore(current: Rings, request: RingRequest): Result<RingVerdict> {
	if (request.rxBufLen !== undefined) {
		return failWith('EOPNOTSUPP', 'setting rx buf len not supported');
	}

	for (const [name, value] of Object.entries(request)) {
		if (value !== undefined && !isU32(value)) {
			return failWith('EINVAL', `invalid ${name} size: ${String(value)}`);
		}
	}

	const rx = request.rx ?? current.rx;
	const tx = request.tx ?? current.tx;
	const rxMini = request.rxMini ?? 0;
	const rxJumbo = request.rxJumbo ?? 0;
	if (rx === current.rx && tx === current.tx && rxMini === 0 && rxJumbo === 0) {
		return {ok: true, value: {change: false}};
	}

	// Mini and jumbo maxima are 0 for netvsc.
	if (rx > current.rxMax || rxMini > 0 || rxJumbo > 0 || tx > current.txMax) {
		return failWith('EINVAL', 'requested ring size exceeds maximum');
	}

	return {ok: true, value: {change: true, rx, tx}};
}

/** netvsc_set_ringparam: values below 10 (even 0) are silently raised to 10. */
export function clampSections(value: number, max: number): number {
	return Math.min(Math.max(value, minSections), max);
}

const roundUpToPage = (bytes: number): number => Math.ceil(bytes / pageSize) * pageSize;

/**
 * netvsc.c:netvsc_init_buf: the guest allocates count × size rounded up to a
 * page and the host cuts it into sections, so the count read back can be a
 * little larger than asked (e.g. rx 10 → 11). For the receive buffer, what the
 * host returns for a non-multiple is unverified; the send side is exact here.
 */
export function sectionsGranted(requested: number, sectionSize: number, bufferMax: number): number {
	return Math.floor(Math.min(roundUpToPage(requested * sectionSize), bufferMax) / sectionSize);
}
