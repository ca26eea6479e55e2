// What the recorder and the app's virtual-time preload say to each other.

/** Run the app's timers up to virtual time `until` (ms), once it has read `stdin` bytes of input. */
export type Command = {
	readonly run: number;
	readonly until: number;
	readonly stdin: number;
};

// A private OSC sequence: terminals ignore it, and the recorder strips it.
export const markerPrefix = '\u001B]7331;';
export const markerEnd = '\u0007';
