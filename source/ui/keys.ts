// Every key of the dashboard, in one place: the help screen, the hint line
// and the README are all generated from or checked against this list.

export type KeyBinding = {
	readonly keys: string;
	readonly action: string;
	/** Short form for the always-visible hint line; omitted keys appear only in help. */
	readonly hint?: string;
};

export const dashboardKeys: readonly KeyBinding[] = [
	{keys: '?', action: 'show or hide this help', hint: '? help'},
	{keys: 'q  Ctrl-C', action: 'quit', hint: 'q quit'},
	{keys: 'space', action: 'pause or resume the display', hint: 'space pause'},
	{keys: 'b', action: 'show rates in bits or bytes per second', hint: 'b bits/bytes'},
	{keys: 'z', action: 'hide or show idle queues', hint: 'z idle'},
	{keys: 'v', action: 'next view: queues → CPUs → RSS table → VF split', hint: 'v view'},
	{keys: '1 2 3 4', action: 'queues, CPUs, RSS table or VF split view'},
	{keys: 'a', action: 'open or close the advice details', hint: 'a advice'},
	{keys: 'Tab  →', action: 'next device', hint: 'Tab device'},
	{keys: 'Shift-Tab  ←', action: 'previous device'},
	{keys: '↑ ↓  PgUp PgDn  Home End', action: 'scroll the queue table, CPU list or advice when taller than the screen'},
];

/** The order of the always-visible hints: what an admin needs first comes first. */
export const hintOrder = ['?', 'q', 'c', 'r', 'v', 'a', 'Tab', 'space', 'b', 'z'];

export const hintLine = (bindings: readonly KeyBinding[]): string =>
	bindings.flatMap(b => (b.hint ? [b.hint] : [])).join('  ');
