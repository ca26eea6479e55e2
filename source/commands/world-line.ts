// The first line `hvtop set` and `hvtop rollback` print: which world the
// device is in (MODEL or LIVE) and its driver, so no later line can be read
// as a change to the wrong device.
import type {DeviceSnapshot, Source} from '../sources/source.js';
import type {Result} from '../types.js';

export function driverFrom(snap: Result<DeviceSnapshot> | undefined): string | undefined {
	return snap?.ok && snap.value.info.ok && snap.value.info.value.driver !== '' ? snap.value.info.value.driver : undefined;
}

export function worldLine(source: Source, dev: string, driver: string | undefined): string {
	const named = `${dev} (driver ${driver ?? 'unknown'})`;
	return source.kind === 'live'
		? `LIVE ${named}: this machine's device${source.label.includes(dev) ? '' : ` — ${source.label}`}`
		: `MODEL ${named}: the netvsc model, not this machine (--model); no real device is changed — ${source.label}`;
}
