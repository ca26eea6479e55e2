// Host servicing as data: windows during which the host has taken the VF
// away. Stepping a VF through [t0, t1] applies the removals and re-adds that
// fall in it, in time order, and says what happened (scenarios script it).
import type {VfDevice, VfServicing} from './device.js';

export type ServicingWindow = {
	readonly removeAtMs: number;
	/** When the host gives a VF back; Infinity: never within the run. */
	readonly readdAtMs: number;
	/** The name the new netdev gets (default: the old one). */
	readonly name?: string;
};

/** Whether the host has the VF away at `t` (a window is [removeAt, readdAt)). */
export function vfAwayAt(windows: readonly ServicingWindow[], t: number): boolean {
	return windows.some(window => t >= window.removeAtMs && t < window.readdAtMs);
}

/** Applies the servicing events in (t0, t1] to the device, in time order. */
export function applyServicing(device: VfDevice, windows: readonly ServicingWindow[], t0: number, t1: number): VfServicing[] {
	const events: Array<{readonly at: number; readonly kind: 'remove' | 'readd'; readonly name: string | undefined}> = [];
	for (const window of windows) {
		if (window.removeAtMs > t0 && window.removeAtMs <= t1) {
			events.push({at: window.removeAtMs, kind: 'remove', name: undefined});
		}

		if (window.readdAtMs > t0 && window.readdAtMs <= t1) {
			events.push({at: window.readdAtMs, kind: 'readd', name: window.name});
		}
	}

	events.sort((a, b) => a.at - b.at || (a.kind === 'remove' ? -1 : 1));
	const done: VfServicing[] = [];
	for (const event of events) {
		const result = event.kind === 'remove' ? device.remove() : device.readd(event.name);
		if (result.ok) {
			done.push(result.value);
		}
	}

	return done;
}
