// hv_netvsc (drivers/net/hyperv), the one place for its constants and
// `ethtool -S` names: the model simulates with them, the live source splits
// counters with them and advice reasons with them, so the three cannot drift.
import type {DriverFacts} from './facts.js';

export const name = 'hv_netvsc';

// Channels (hyperv_net.h).
/** VRSS_CHANNEL_MAX: the driver never offers more channels. */
export const vrssChannelMax = 64;
/** VRSS_CHANNEL_DEFAULT since 646f071d (≈ 6.12): up to 16 vCPUs the default is one channel per vCPU. */
export const vrssChannelDefault = 16;
/** VRSS_CHANNEL_DEFAULT before 646f071d: the probe asked for 8 channels whatever the vCPUs. */
export const vrssChannelDefaultBefore612 = 8;
/** The first kernel release with the default of 16 ("net: netvsc: Update default VMBus channels"). */
export const channelDefault16Since = [6, 12] as const;

/** True for a kernel (major, minor) whose probe asks for max(16, default RSS queues); unknown: today's kernels. */
export const hasChannelDefault16 = (version: readonly [number, number] | undefined): boolean =>
	version === undefined || version[0] > channelDefault16Since[0] || (version[0] === channelDefault16Since[0] && version[1] >= channelDefault16Since[1]);

/** "6.8.0-1025-azure" → [6, 8]; undefined when it does not look like a kernel release. */
export function releaseVersion(release: string): readonly [number, number] | undefined {
	const match = /^(\d+)\.(\d+)/.exec(release);
	return match ? [Number(match[1]), Number(match[2])] : undefined;
}

// Buffers: netvsc's "rings" are sections of the receive and send buffers it shares with the host.
const mib = 1024 * 1024;
/** NETVSC_RECV_SECTION_SIZE. */
export const rxSectionBytes = 1728;
/** NETVSC_SEND_SECTION_SIZE. */
export const txSectionBytes = 6144;
/** The default receive buffer: 16 MiB of 1728-byte sections. */
export const defaultRxSections = Math.floor((16 * mib) / rxSectionBytes); // 9709
/** The default send buffer: 1 MiB of 6144-byte sections. */
export const defaultTxSections = Math.floor((1 * mib) / txSectionBytes); // 170

/** VRSS_SEND_TAB_SIZE: the host's transmit send table, 16 entries. */
export const sendTableSize = 16;

/**
 * `ethtool -d`: netvsc_get_regs dumps the send table as 16 u32s in the CPU's
 * byte order (little-endian on x86 and arm64), 64 bytes ("net: hyperv: dump
 * TX indirection table to ethtool regs", Linux 5.9); undefined for any other size.
 */
export function sendTableFromRegisters(bytes: readonly number[]): readonly number[] | undefined {
	if (bytes.length !== sendTableSize * 4) {
		return undefined;
	}

	return Array.from({length: sendTableSize}, (_, i) => (bytes[i * 4]! | (bytes[(i * 4) + 1]! << 8) | (bytes[(i * 4) + 2]! << 16) | (bytes[(i * 4) + 3]! << 24)) >>> 0);
}

/** The send-table fix (71f21959dd55) landed in 5.5. */
export const sendTableFixVersion = [5, 5] as const;

// `ethtool -S`: exact names and order of netvsc_get_strings (≈ v6.17):
// 11 global, 5 VF, 8 per queue (queue by queue), 8 per present CPU.
export const globalStatNames = [
	'tx_scattered',
	'tx_no_memory',
	'tx_no_space',
	'tx_too_big',
	'tx_busy',
	'tx_send_full',
	'rx_comp_busy',
	'rx_no_memory',
	'stop_queue',
	'wake_queue',
	'vlan_error',
] as const;

export const vfStatNames = ['vf_rx_packets', 'vf_rx_bytes', 'vf_tx_packets', 'vf_tx_bytes', 'vf_tx_dropped'] as const;

export const queueStatSuffixes = [
	'tx_queue_%_packets',
	'tx_queue_%_bytes',
	'tx_queue_%_xdp_xmit',
	'rx_queue_%_packets',
	'rx_queue_%_bytes',
	'rx_queue_%_xdp_drop',
	'rx_queue_%_xdp_redirect',
	'rx_queue_%_xdp_tx',
] as const;

export const cpuStatSuffixes = [
	'rx_packets',
	'rx_bytes',
	'tx_packets',
	'tx_bytes',
	'vf_rx_packets',
	'vf_rx_bytes',
	'vf_tx_packets',
	'vf_tx_bytes',
] as const;

export const hvNetvsc: DriverFacts = {
	name,
	ringUnit: 'sections',
	errorStatNames: globalStatNames,
	vmbus: true,
	recreatesQueues: true,
	// The host's netvsp leaked TX resources on rapid repeated `ethtool -L` until the guest hung.
	rapidRecreateBug: 'https://github.com/microsoft/openvmm/issues/2854',
	// netvsc_set_rxfh_fields: sd or sdfn only, and only the guest's transmit hash (l4_hash); the host hashes receive.
	flowHash: {fields: ['sd', 'sdfn'], steers: 'transmit'},
};
