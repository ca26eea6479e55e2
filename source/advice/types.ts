// What an advice rule sees and what it says. Rules are pure: the same input
// always gives the same advice, and advice never changes anything by itself —
// a suggestion may only prefill the tuning dialog.
import type {DeviceSnapshot} from '../sources/source.js';
import type {DeviceRates, RateHistory} from '../stats/index.js';

export type AdviceInput = {
	readonly snapshot: DeviceSnapshot;
	readonly rates: DeviceRates;
	readonly history?: RateHistory;
	/** CPUs excluded from managed IRQs (isolcpus=managed_irq / nohz_full); a channel there disturbs isolated work. */
	readonly isolatedCpus?: ReadonlySet<number>;
	/** CPUs known to be offline; when absent, CPUs missing from /proc/softirqs count as offline. */
	readonly offlineCpus?: ReadonlySet<number>;
	/** VF queue interrupts hvtop placed (a kept irq-cpu change): IRQ → the CPUs it set. */
	readonly placedIrqs?: ReadonlyMap<number, readonly number[]>;
};

export type Severity = 'info' | 'warn' | 'alert';

/** Values for one kind of change (source/tuning/kinds): the synthetic device's, or its VF's. */
export type Suggestion =
	| {readonly kind: 'channels' | 'vf-channels'; readonly value: number}
	| {readonly kind: 'rings' | 'vf-rings'; readonly value: {readonly rx?: number; readonly tx?: number}}
	/** The RSS dialog (`x`) proposing an even spread over `equal` queues. */
	| {readonly kind: 'rss'; readonly value: {readonly equal: number}}
	/** The flow hash dialog's fields: flowType indexes tcp4 tcp6 udp4 udp6, hashFields 0 = sd, 1 = sdfn. */
	| {readonly kind: 'flow-hash'; readonly value: {readonly flowType: number; readonly hashFields: number}}
	/** The channel CPU dialog (`m`): move the channel of queue `channel` to `cpu`. */
	| {readonly kind: 'channel-cpu'; readonly value: {readonly channel: number; readonly cpu: number}}
	/** The VF interrupt dialog (`M`): move VF queue `queue`'s interrupt to `cpu`. */
	| {readonly kind: 'irq-cpu'; readonly value: {readonly queue: number; readonly cpu: number}};

/** The advice panel's key for each suggestion's dialog: the dashboard's own. */
export const suggestionKeys: Readonly<Record<Suggestion['kind'], string>> = {
	channels: 'c',
	rings: 'r',
	'vf-channels': 'C',
	'vf-rings': 'R',
	rss: 'x',
	'flow-hash': 'h',
	'channel-cpu': 'm',
	'irq-cpu': 'M',
};

export type Advice = {
	/** Stable rule id, e.g. 'few-channels'. */
	readonly id: string;
	readonly severity: Severity;
	/** One line, at most 70 characters. */
	readonly title: string;
	/** Why, with the numbers that triggered it. */
	readonly reason: string;
	/** What to try; shown, and may prefill the tuning dialog, never applied by itself. */
	readonly suggestion?: Suggestion;
	/** Public references a user can open (source/advice/references.ts). */
	readonly source?: string;
};

export type AdviceRule = {
	readonly id: string;
	/** One sentence for help and docs: when the rule fires. */
	readonly when: string;
	readonly check: (input: AdviceInput) => Advice | undefined;
	/** Only about hv_netvsc (VMBus, NVSP, send/receive sections, the VF): never fires on other drivers. */
	readonly netvscOnly?: boolean;
};

export const maxTitleLength = 70;
