// The demos in media/: what each one runs, the keys it presses when, what the
// screen must show (the media test checks these in the committed casts), and
// which moments become PNG stills. Times are seconds of virtual time.

export type Beat =
	| {readonly wait: number}
	| {readonly keys: string}
	/** Every text must be on screen now; `still` also saves this moment as a PNG. */
	| {readonly see: readonly string[]; readonly what: string; readonly still?: string};

export type Demo = {
	readonly name: string;
	readonly title: string;
	/** Flags after `--demo` (the model, a fixed host name and the demo clock). */
	readonly args: readonly string[];
	readonly beats: readonly Beat[];
	/** Set while the app lacks what the demo needs: `npm run media` skips it and says why. */
	readonly pending?: string;
};

export const keys = {
	tab: '\t',
	enter: '\r',
	escape: '\u001B',
	right: '\u001B[C',
	left: '\u001B[D',
} as const;

export const wait = (seconds: number): Beat => ({wait: seconds});
export const press = (text: string): Beat => ({keys: text});
export const see = (what: string, ...texts: string[]): Beat => ({see: texts, what});
export const still = (name: string, what: string, ...texts: string[]): Beat => ({see: texts, what, still: name});

/** Keys one at a time, as a person types them. */
export const type = (text: string, gap = 0.2): Beat[] => [...text].flatMap(key => [press(key), wait(gap)]);

// The same machine, seed and size in every demo.
const common = ['--seed', '7', '--interval', '1'];

export const demos: readonly Demo[] = [
	{
		name: 'tour',
		title: 'hvtop — the dashboard, help, devices, units, pause',
		args: [...common, '--scenario', 'balanced'],
		beats: [
			wait(3.5),
			still('dashboard', 'the dashboard on the model', 'hvtop demo-vm', 'eth0 1/2', 'channels 8/8', 'Mb/s'),
			wait(1),
			press('?'),
			wait(2.5),
			still('help', 'the help screen', 'hvtop keys', 'show or hide this help'),
			wait(0.5),
			press('?'),
			wait(1.5),
			press(keys.tab),
			wait(3),
			still('vf-device', 'the second device, with its VF', 'eth1 2/2', 'VF enP30832s1', 'VF path'),
			wait(0.5),
			press(keys.tab),
			wait(1.5),
			press('b'),
			wait(2.5),
			see('rates in bytes per second', 'MB/s'),
			wait(0.5),
			press('b'),
			wait(1.5),
			press(' '),
			wait(2.5),
			still('paused', 'the display paused', 'PAUSED'),
			wait(0.5),
			press(' '),
			wait(2.5),
			see('running again', 'every 1s'),
		],
	},
	{
		name: 'few-channels',
		title: 'hvtop — diagnosis: 2 channels on 16 vCPUs, then the advised change, kept',
		args: [...common, '--scenario', 'few-channels', '--keep-timeout', '30'],
		beats: [
			wait(4),
			still('queues', 'two hot queues and the advice line', 'channels 2/16', 'advice: channels 2 < 16 vCPUs'),
			wait(0.5),
			press('a'),
			wait(2.5),
			still('advice', 'the advice with its numbers and what to try', 'advice for eth0', 'try: combined 16'),
			wait(0.5),
			press('c'),
			wait(2),
			still('dialog', 'the channel dialog prefilled from the advice', 'combined 2 → combined 16', 'reverted unless you keep it within 30 s'),
			wait(0.5),
			press('y'),
			wait(2.5),
			still('countdown', 'the keep countdown', 'keep?', 's left'),
			wait(1),
			press('y'),
			wait(2),
			see('the change kept', 'kept: eth0 channels: kept combined 16'),
			wait(4),
			still('spread', 'the load spread over 16 queues', 'channels 16/16'),
		],
	},
	{
		name: 'mana-rx-ring',
		title: 'hvtop — Accelerated Networking: a MANA VF dropping for want of rx descriptors, the advised VF ring, kept',
		args: [...common, '--scenario', 'vf-rx-drops', '--keep-timeout', '30'],
		beats: [
			wait(4),
			still('queues', 'the VF\'s own queues, and its drops on the errors line', 'VF enP30832s1 (mana) queues', 'VF hc_rx_discards_no_wqe'),
			wait(0.5),
			press('a'),
			wait(2.5),
			still('advice', 'the VF ring advice: the VF\'s ring, not the synthetic one', 'VF enP30832s1 rx ring full', 'try: VF rx 1024'),
			wait(0.5),
			press('R'),
			wait(2),
			still('dialog', 'the VF rings dialog prefilled from the advice, with the driver\'s bounds', 'Change VF rings of enP30832s1 (mana, the VF of eth0)', 'allowed 128 … 8192'),
			wait(0.5),
			press('y'),
			wait(2.5),
			still('countdown', 'the keep countdown', 'keep?', 's left'),
			wait(1),
			press('y'),
			wait(2),
			see('the change kept', 'kept: VF rings of enP30832s1'),
			wait(3),
			press('C'),
			wait(1.5),
			see('the VF channels dialog', 'Change VF channels of enP30832s1'),
			wait(0.5),
			...type('8', 0.4),
			wait(1.5),
			press('y'),
			wait(2.5),
			press('y'),
			wait(2),
			see('the channels kept', 'kept: VF channels of enP30832s1'),
			wait(4),
			still('spread', 'the VF\'s load over 8 queues, rx ring 1024', 'channels 8/8', 'rx 1024'),
		],
	},
	{
		name: 'rss-reset',
		title: 'hvtop — an RSS table left skewed by an old weight change, reset to an even spread from the RSS view, kept',
		args: [...common, '--scenario', 'rss-skew', '--keep-timeout', '30'],
		beats: [
			wait(4),
			press('3'),
			wait(3),
			still('skewed', 'the RSS view: queue 0 holds 46 of 128 entries and carries its share of the traffic', '[RSS table]', 'custom (ethtool -X)', 'RSS table skewed'),
			wait(0.5),
			press('x'),
			wait(2),
			still('dialog', 'the RSS dialog proposes an even spread over every channel (the driver\'s own table)', 'Change RSS table of eth0', 'equal over queues', '→ table equal'),
			wait(0.5),
			press('y'),
			wait(2.5),
			still('countdown', 'the keep countdown', 'keep?', 's left'),
			wait(1),
			press('y'),
			wait(2),
			see('the change kept', 'kept: eth0 rss'),
			wait(4),
			still('even', 'the table even again, and the traffic spread over the eight queues', 'default (i % 8)'),
		],
	},
	{
		name: 'one-flow',
		title: 'hvtop — diagnosis: one flow pins a queue; more channels will not help',
		args: [...common, '--scenario', 'elephant'],
		beats: [
			wait(12),
			still('queues', 'one queue carries the elephant flow', 'one flow dominates queue'),
			wait(0.5),
			press('a'),
			wait(2.5),
			still('advice', 'why more channels will not help', 'advice for eth0', 'cannot be split'),
			wait(0.5),
			press('a'),
			wait(1),
			press('3'),
			wait(3),
			still('rss', 'the RSS view: the hot queue far above its share of the table', '[RSS table]', 'skew'),
			wait(1),
		],
	},
	{
		name: 'cpus',
		title: 'hvtop — the CPU view: 16 vCPUs, 2 channels',
		args: [...common, '--scenario', 'few-channels'],
		beats: [
			wait(3),
			see('the queues of a device with 2 of 16 channels', 'channels 2/16'),
			wait(0.5),
			press('2'),
			wait(4),
			still('cpus', 'the CPU view', '[CPUs]', '16 CPUs: 2 serve 2 channels, 14 serve none'),
			wait(0.5),
			press('a'),
			wait(4),
			still('advice', 'the advice details', 'advice for eth0', 'try: combined 16'),
			wait(0.5),
			press('a'),
			wait(2),
		],
	},
	{
		name: 'rss',
		title: 'hvtop — the RSS view: indirection table and skew',
		args: [...common, '--scenario', 'elephant'],
		beats: [
			wait(3),
			press('3'),
			wait(4),
			still('rss', 'the RSS table view', '[RSS table]', 'hash toeplitz', 'skew'),
			wait(0.5),
			press(keys.tab),
			wait(3),
			see('the RSS view of the second device', 'eth1 2/2', '[RSS table]'),
			wait(0.5),
			press(keys.tab),
			wait(2),
		],
	},
	{
		name: 'channels-kept',
		title: 'hvtop — more channels, confirmed and kept',
		args: [...common, '--scenario', 'few-channels', '--keep-timeout', '30'],
		beats: [
			wait(3),
			press('c'),
			wait(1.5),
			see('the channels dialog', 'Change channels of eth0', 'allowed 1 … 16'),
			wait(0.5),
			...type('16', 0.4),
			wait(1.5),
			still('dialog', 'the plan for 16 channels', 'combined 2 → combined 16', 'reverted unless you keep it within 30 s'),
			wait(0.5),
			press('y'),
			wait(2.5),
			still('countdown', 'the keep countdown', 'keep?', 's left'),
			wait(2),
			press('y'),
			wait(2),
			still('kept', 'the change kept', 'kept: eth0 channels: kept combined 16'),
			wait(3),
			see('16 channels in use', 'channels 16/16'),
		],
	},
	{
		name: 'before-after',
		title: 'hvtop — did it help? 2 → 16 channels: the minute before against the seconds since, and the step in the history',
		args: [...common, '--scenario', 'few-channels', '--keep-timeout', '30'],
		beats: [
			// A stretch of "before" for the banner to compare with.
			wait(20),
			see('two busy channels', 'channels 2/16'),
			wait(0.5),
			press('c'),
			wait(1.5),
			...type('16', 0.4),
			wait(1.5),
			see('the plan for 16 channels', 'combined 2 → combined 16'),
			wait(0.5),
			press('y'),
			wait(6),
			still('waiting', 'while it waits for keep: before → since already', 'keep?', 'before (', '→ since ('),
			wait(0.5),
			press('y'),
			wait(10),
			still('kept', 'kept, and still compared: errors and drops gone', 'kept: eth0 channels: kept combined 16', 'before (', '→ since (', 'errors'),
			wait(0.5),
			press('6'),
			wait(3),
			still('history', 'the history view: the step where the queues were re-created', '[history]', 'now'),
			wait(1),
		],
	},
	{
		name: 'channels-rollback',
		title: 'hvtop — a change nobody confirms rolls back',
		args: [...common, '--scenario', 'balanced', '--keep-timeout', '8'],
		beats: [
			wait(3),
			press('-'),
			wait(1.5),
			see('the channels dialog, one channel fewer', 'Change channels of eth0', '→  7'),
			wait(0.5),
			press('y'),
			wait(2.5),
			still('countdown', 'the keep countdown', 'keep?', 's left'),
			wait(8),
			still('rolled-back', 'the rollback at the deadline', 'reverted to combined 8', 'the deadline passed without keep'),
			wait(2),
			see('8 channels again', 'channels 8/8'),
		],
	},
	{
		name: 'rings-refused',
		title: 'hvtop — a ring change the driver refuses',
		// --fault: the model's driver fails the re-add with the new buffers (ENOMEM) and restores the old ones.
		args: [...common, '--scenario', 'small-rings', '--fault', 'attach-fails@eth0'],
		beats: [
			wait(3),
			press('r'),
			wait(1.5),
			see('the rings dialog', 'Change rings of eth0', 'allowed 1 … 18811'),
			wait(0.5),
			...type('9709', 0.3),
			wait(1.5),
			still('dialog', 'the default receive buffer proposed', 'rx 64 tx 16 → rx 9709 tx 16: what will happen'),
			wait(0.5),
			press('y'),
			wait(3),
			still('refused', 'the driver refuses, the device is unchanged', 'refused by the driver', 'the driver refused rx 9709 tx 16: Cannot allocate memory', 'device unchanged at rx 64 tx 16'),
			wait(2),
			see('the old rings still in place', 'rings rx 64/18811 tx 16/2560'),
		],
	},
];

/**
 * The demo's timeline: when (virtual ms) each beat happens. A check sees the
 * screen with everything written up to its instant, so a key in the same
 * instant would already count: a check and a later key need a wait between.
 */
export function timeline(demo: Demo): Array<{readonly at: number; readonly beat: Beat}> {
	let at = 0;
	let lastCheck = -1;
	return demo.beats.map(beat => {
		const entry = {at, beat};
		if ('wait' in beat) {
			at += Math.round(beat.wait * 1000);
		} else if ('see' in beat) {
			lastCheck = at;
		} else if (at === lastCheck) {
			throw new Error(`${demo.name}: keys ${JSON.stringify(beat.keys)} in the same instant as the check before them; wait first`);
		}

		return entry;
	});
}

/** When the recording ends: the last beat, plus a moment to read it. */
export const holdMs = 1500;
