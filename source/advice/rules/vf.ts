// Accelerated Networking: with a VF most traffic bypasses the synthetic
// queues (safety-and-practice.md §2.2, §2.8 A4/A5; netvsc-model.md §8.7).
import {formatPercent, formatSi} from '../../format.js';
import {vfDominantShare} from '../../stats/vf-share.js';
import {measured} from '../facts.js';
import {meaningfulPps} from '../spread.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

/** The VF path counts as quiet below one packet a second. */
const quietPps = 1;

export const vfCarriesTrafficId = 'vf-carries-traffic';
export const vfAbsentId = 'vf-absent';
export const vfTxDroppedId = 'vf-tx-dropped';

/** The VF's share of the device's packets (VF + synthetic), undefined without VF counters. */
export function vfShare({rates}: Pick<AdviceInput, 'rates'>): number | undefined {
	if (!rates.vf) {
		return undefined;
	}

	const vf = rates.vf.rxPps + rates.vf.txPps;
	const all = vf + rates.totals.rxPps + rates.totals.txPps;
	return all > 0 ? vf / all : 0;
}

export function vfCarriesTraffic(input: AdviceInput): Advice | undefined {
	const {snapshot, rates} = input;
	const share = vfShare(input);
	if (!measured(rates) || share === undefined || share < vfDominantShare || !rates.vf) {
		return undefined;
	}

	const vfPps = rates.vf.rxPps + rates.vf.txPps;
	if (vfPps + rates.totals.rxPps + rates.totals.txPps < meaningfulPps) {
		return undefined;
	}

	const name = snapshot.vf ? `VF ${snapshot.vf}` : 'the VF';
	return {
		id: vfCarriesTrafficId,
		severity: 'info',
		title: `${name} carries ${formatPercent(share)} of packets: idle queues are expected`,
		reason: `${formatSi(vfPps)} pps go through ${name} against ${formatSi(rates.totals.rxPps + rates.totals.txPps)} pps on the `
			+ `synthetic queues. The netvsc queues only see SYN, broadcast and the fallback path, so their imbalance does `
			+ `not reflect the data path. Tune the VF's queues (C and R here, or \`hvtop set vf-channels ${snapshot.vf ?? '<vf>'}\`); keep netvsc `
			+ 'channels sized for the fallback during host servicing.',
		source: references.anHowItWorks,
	};
}

export function vfAbsent({snapshot, rates}: AdviceInput): Advice | undefined {
	const v = snapshot.vfTraffic;
	if (snapshot.vf !== undefined || !v || v.rxPackets + v.txPackets === 0n) {
		return undefined;
	}

	const vfPps = rates.vf ? rates.vf.rxPps + rates.vf.txPps : 0;
	if (measured(rates) && vfPps >= quietPps) {
		return undefined;
	}

	return {
		id: vfAbsentId,
		severity: 'warn',
		title: 'VF absent: traffic runs on the synthetic queues (host servicing?)',
		reason: `The VF counters show ${formatSi(Number(v.rxPackets + v.txPackets))} packets carried by Accelerated Networking `
			+ 'earlier, but no VF is paired with the device now, so all traffic uses the synthetic path. Host servicing removes '
			+ 'the VF for ~30 s to a few minutes and adds a new one with its driver\'s defaults. Meanwhile the synthetic path '
			+ `carries everything, at more CPU per packet. \`ip link show master ${snapshot.name}\` lists the VF once it is back `
			+ '(dmesg: "VF registering", drivers/net/hyperv/netvsc_drv.c); if it stays away, check the VM\'s Accelerated '
			+ 'Networking setting.',
		source: `the VF leaves during host servicing: ${references.anHowItWorks}`,
	};
}

export function vfTxDropped({snapshot, rates}: AdviceInput): Advice | undefined {
	const drops = rates.vf?.dropsPerSec ?? 0;
	if (!measured(rates) || drops < quietPps) {
		return undefined;
	}

	return {
		id: vfTxDroppedId,
		severity: 'warn',
		title: `VF drops ${formatSi(drops)} packets/s on transmit`,
		reason: `vf_tx_dropped rises by ${formatSi(drops)}/s: the VF${snapshot.vf ? ` ${snapshot.vf}` : ''} refused packets `
			+ `handed to it (dev_queue_xmit failed). Check the VF's own counters (ethtool -S ${snapshot.vf ?? '<vf>'}) and its rings.`,
		source: references.aksRingExhaustion,
	};
}

export const vfRules: readonly AdviceRule[] = [
	{id: vfCarriesTrafficId, when: 'the VF carries more than 90 % of the device\'s packets', check: vfCarriesTraffic, netvscOnly: true},
	{id: vfAbsentId, when: 'the VF counters show past traffic but no VF is paired now', check: vfAbsent, netvscOnly: true},
	{id: vfTxDroppedId, when: 'vf_tx_dropped rises', check: vfTxDropped, netvscOnly: true},
];
