// The advice rules, in one list, and the function that applies them to a
// device: most severe first, then in rule order (stable).
import type {DeviceReading} from '../stats/reading.js';
import {countersRestartedRule} from './rules/counters-restarted.js';
import {cpuMapRules} from './rules/cpu-map.js';
import {fewChannelsRule} from './rules/few-channels.js';
import {fragmentedUdpRule} from './rules/fragmented-udp.js';
import {hostLimitRules} from './rules/host-limits.js';
import {oneFlowRule} from './rules/one-flow.js';
import {queuesOutsideTableRule, tableSkewRule} from './rules/rss-table.js';
import {rxBufferRules} from './rules/rx-buffers.js';
import {txOnQueueZeroRule} from './rules/send-table.js';
import {txBufferRules} from './rules/tx-buffers.js';
import {vfRules} from './rules/vf.js';
import {vfFewChannelsRule} from './rules/vf-channels.js';
import {vfNotCarryingRule} from './rules/vf-fallback.js';
import {vfRxRingRule} from './rules/vf-rx-ring.js';
import {vfSettingsRule} from './rules/vf-settings.js';
import {vfIrqbalanceRule} from './rules/vf-irqbalance.js';
import type {Advice, AdviceInput, AdviceRule, Severity} from './types.js';

export type {Advice, AdviceInput, AdviceRule, Severity, Suggestion} from './types.js';
export {maxTitleLength} from './types.js';

export const allRules: readonly AdviceRule[] = [
	fewChannelsRule,
	oneFlowRule,
	queuesOutsideTableRule,
	tableSkewRule,
	...cpuMapRules,
	...vfRules,
	vfNotCarryingRule,
	vfRxRingRule,
	vfFewChannelsRule,
	vfSettingsRule,
	vfIrqbalanceRule,
	...rxBufferRules,
	...txBufferRules,
	...hostLimitRules,
	txOnQueueZeroRule,
	fragmentedUdpRule,
	countersRestartedRule,
];

export const severityRank: Readonly<Record<Severity, number>> = {alert: 0, warn: 1, info: 2};

/** Hyper-V wording and netvsc's rules are for hv_netvsc devices only. */
export const isNetvscDevice = (input: Pick<AdviceInput, 'snapshot'>): boolean =>
	input.snapshot.info.ok && input.snapshot.info.value.driver === 'hv_netvsc';

export function adviseDevice(input: AdviceInput, rules: readonly AdviceRule[] = allRules): Advice[] {
	const netvsc = isNetvscDevice(input);
	const advice = rules.flatMap(rule => (rule.netvscOnly && !netvsc ? [] : rule.check(input) ?? []));
	// Array.prototype.sort is stable: equal severities keep rule order.
	return advice.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
}

/** Advice for a dashboard reading; none until it has a snapshot and rates. */
export function adviseReading(reading: DeviceReading, extra: Omit<AdviceInput, 'snapshot' | 'rates'> = {}): Advice[] {
	return reading.snapshot && reading.rates ? adviseDevice({snapshot: reading.snapshot, rates: reading.rates, ...extra}) : [];
}
