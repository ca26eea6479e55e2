// The journal's view for the exporter: per device, its last change of this
// boot (a reboot undid the older ones) as `hvtop_change_pending` while it is
// neither kept nor undone, and as `hvtop_change_unpersisted` once kept when
// the next boot would not apply it — the dashboard's "kept, not persisted"
// mark, decided as `hvtop persist` plans: nothing left to write means it lasts.
import {planOutcome} from '../persist/describe.js';
import {planPersist} from '../persist/device-plan.js';
import {gather} from '../persist/gather.js';
import type {Source} from '../sources/source.js';
import type {DeviceReading} from '../stats/reading.js';
import {bootId, lastChange, type Journal, type JournalRecord} from '../tuning/journal.js';
import {isTerminal} from '../tuning/types.js';
import type {Add} from './catalogue.js';

export type ChangeSampleOptions = {
	readonly journal: Journal;
	readonly source: Source;
	/** This scrape's readings: the device is not read a second time. */
	readonly readings: readonly DeviceReading[];
	/** Where the .link files are (`/`). */
	readonly sysconfRoot: string;
	readonly now: number;
};

/** Whether the next boot applies the kept change: the model's never (no boot applies its settings). */
async function lasts(change: JournalRecord, options: ChangeSampleOptions): Promise<boolean> {
	if (options.source.kind !== 'live') {
		return false;
	}

	const snap = options.readings.find(reading => reading.name === change.dev)?.snapshot;
	const gathered = await gather(options.source, change.dev, options.sysconfRoot, options.now, snap);
	const outcome = gathered.ok ? planOutcome(planPersist({...gathered.value, only: [change.kind]})) : 'unreadable';
	// Unreadable now: no sample rather than a guess either way. Anything left to write
	// (or that hvtop cannot write: shadowed, foreign, a kind no file carries) does not last.
	return outcome === 'unchanged' || outcome === 'unreadable';
}

export async function changeSamples(options: ChangeSampleOptions, add: Add): Promise<void> {
	const boot = bootId();
	for (const device of await options.journal.devices()) {
		// eslint-disable-next-line no-await-in-loop
		const loaded = await options.journal.load(device);
		const last = loaded.ok ? lastChange(loaded.value) : undefined;
		if (!last || last.boot_id !== boot) {
			continue;
		}

		if (!isTerminal(last.state)) {
			add('pending', [device, last.id, last.kind, last.state], 1);
		// eslint-disable-next-line no-await-in-loop
		} else if (last.state === 'KEPT' && !(await lasts(last, options))) {
			add('unpersisted', [device, last.id, last.kind], 1);
		}
	}
}
