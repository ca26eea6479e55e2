// What the host and the driver allow (safety-and-practice.md §2.1, §2.8 A2/A3):
// the maximum channel count is bounded by the host's RSS queues and by the
// CPUs online when the driver loaded.
import {vrssChannelMax} from '../../drivers/hv-netvsc.js';
import {channelsOf} from '../facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const noVrssId = 'no-vrss';
export const maxBelowVcpusId = 'max-below-vcpus';

export function noVrss({snapshot}: AdviceInput): Advice | undefined {
	const channels = channelsOf(snapshot);
	if (!channels || channels.maxCombined !== 1 || snapshot.vcpus < 2) {
		return undefined;
	}

	return {
		id: noVrssId,
		severity: 'warn',
		title: `no vRSS: one channel at most, for ${snapshot.vcpus} vCPUs`,
		reason: `The driver offers a single channel (max combined 1) on a ${snapshot.vcpus}-vCPU VM, so all receive work `
			+ 'lands on one CPU. The host offers no vRSS for this NIC: an old host (NVSP < 5), vRSS disabled, sub-channel '
			+ 'setup failed at load, or on Hyper-V a physical NIC without VMQ at 10 Gb/s or more.',
		source: `${references.vrssPlan}; ${references.netvscDoc}`,
	};
}

export function maxBelowVcpus({snapshot}: AdviceInput): Advice | undefined {
	const channels = channelsOf(snapshot);
	const ceiling = Math.min(snapshot.vcpus, vrssChannelMax);
	if (!channels || channels.maxCombined < 2 || channels.maxCombined >= ceiling || channels.combined < channels.maxCombined) {
		return undefined;
	}

	return {
		id: maxBelowVcpusId,
		severity: 'info',
		title: `all ${channels.maxCombined} channels in use; max is below ${snapshot.vcpus} vCPUs`,
		reason: `The device allows at most ${channels.maxCombined} channels on ${snapshot.vcpus} online vCPUs. Either the host `
			+ 'offers that many RSS queues, or CPUs were offline when the driver loaded: the maximum is computed then, and only '
			+ 'a driver reload or a reboot raises it.',
		source: `channels are sized from the CPUs online at driver load: ${references.netvscDoc}`,
	};
}

export const hostLimitRules: readonly AdviceRule[] = [
	{id: noVrssId, when: 'the device offers one channel at most on a multi-vCPU VM', check: noVrss, netvscOnly: true},
	{id: maxBelowVcpusId, when: 'every allowed channel is in use and the maximum is below the vCPUs (and 64)', check: maxBelowVcpus, netvscOnly: true},
];
