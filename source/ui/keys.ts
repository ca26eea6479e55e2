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
	{keys: 'b', action: 'rates in bits or bytes per second', hint: 'b bits/bytes'},
	{keys: 'z', action: 'hide or show idle queues', hint: 'z idle'},
	{keys: 'v  1-4', action: 'next view; queues, CPUs, RSS table, VF split', hint: 'v view'},
	{keys: 'a', action: 'advice details (c, r there: the advised values)', hint: 'a advice'},
	{keys: 'Tab → S-Tab ←', action: 'next / previous device', hint: 'Tab device'},
	{keys: '↑ ↓', action: 'scroll the queues, CPUs or advice by a row'},
	{keys: 'PgUp PgDn', action: 'scroll by a page (Home, End: to the ends)'},
];

/** Shown in help after the dashboard keys: changing the device. */
export const changeKeys: readonly KeyBinding[] = [
	{keys: 'c  +  -', action: 'change channels (dialog; + and - step by one)'},
	{keys: 'r', action: 'change ring sizes (dialog)'},
	{keys: 'y/Enter n/Esc', action: 'in a dialog: apply / cancel'},
	{keys: 'y  n  e', action: 'a change waiting: keep / revert now / +30 s'},
	{keys: 'Esc', action: 'dismiss the result of a finished change'},
];

/** The order of the always-visible hints: what an admin needs first comes first. */
export const hintOrder = ['?', 'q', 'c', 'r', 'v', 'a', 'Tab', 'space', 'b', 'z'];

export const hintLine = (bindings: readonly KeyBinding[]): string =>
	bindings.flatMap(b => (b.hint ? [b.hint] : [])).join('  ');
