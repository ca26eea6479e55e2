// A VF is paired but the traffic runs on the synthetic path: netvsc switches
// the data path back to the synthetic device whenever the VF is not running
// (set down, or going away for host servicing), and Accelerated Networking's
// gain is gone until it switches back (netvsc_vf_changed in
// drivers/net/hyperv/netvsc_drv.c). vf-absent covers a VF that is gone.
import {formatPercent, formatSi} from '../../format.js';
import {measured} from '../facts.js';
import {meaningfulPps} from '../spread.js';
import {fittingTitle} from '../vf-facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

/** Below half the packets on the VF, the data path is not on it: SYN, broadcast and multicast alone stay far below. */
export const fallbackShare = 0.5;

export const vfNotCarryingId = 'vf-not-carrying';

/** Packets/s through the VF: netvsc's vf_* counters, else the VF's own totals. */
function vfPps({rates}: AdviceInput): number | undefined {
	if (rates.vf) {
		return rates.vf.rxPps + rates.vf.txPps;
	}

	return rates.vfDevice ? rates.vfDevice.totals.rxPps + rates.vfDevice.totals.txPps : undefined;
}

export function vfNotCarrying(input: AdviceInput): Advice | undefined {
	const {snapshot, rates} = input;
	const vf = snapshot.vf;
	const onVf = vfPps(input);
	// A VF that just came back (new instance) is still being switched to: one interval of grace.
	if (vf === undefined || onVf === undefined || !measured(rates) || rates.vfDevice?.replaced === true) {
		return undefined;
	}

	const synthetic = rates.totals.rxPps + rates.totals.txPps;
	const share = onVf / (onVf + synthetic || 1);
	if (synthetic < meaningfulPps || share >= fallbackShare) {
		return undefined;
	}

	return {
		id: vfNotCarryingId,
		severity: 'warn',
		title: fittingTitle(
			`VF ${vf} carries ${formatPercent(share)} of packets: traffic on the synthetic path`,
			`VF carries ${formatPercent(share)} of packets: traffic on the synthetic path`,
		),
		reason: `${formatSi(synthetic)} pps go through the synthetic queues of ${snapshot.name} and ${formatSi(onVf)} pps through `
			+ `its VF ${vf}. netvsc moves the data path back to the synthetic device when the VF is not running (set down, or `
			+ 'being removed for host servicing): Accelerated Networking is bypassed, with more CPU per packet and higher latency '
			+ `(netvsc_vf_changed, drivers/net/hyperv/netvsc_drv.c; dmesg says "Data path switched from VF: ${vf}"). `
			+ `Check \`ip link show ${vf}\` (UP and LOWER_UP), its carrier (\`cat /sys/class/net/${vf}/carrier\`) and `
			+ `\`ethtool -S ${snapshot.name} | grep vf_\`; a VF set down comes back with \`ip link set ${vf} up\`.`,
		source: `the synthetic path is the fallback: ${references.anHowItWorks}`,
	};
}

export const vfNotCarryingRule: AdviceRule = {
	id: vfNotCarryingId,
	when: 'a VF is paired but carries under half of the device\'s packets while the synthetic path is busy',
	check: vfNotCarrying,
	netvscOnly: true,
};
