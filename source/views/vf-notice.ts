// Host servicing, said on screen: the VF removed (traffic falls back to the
// synthetic path) or re-added as a new instance with its driver's defaults
// (every VF setting made before is gone).
import type {DeviceRates} from '../stats/rates.js';

/** What happened to the VF in this interval, or ''. */
export function vfServicingNote(rates: DeviceRates | undefined): string {
	if (rates?.vfRemoved !== undefined) {
		return `VF ${rates.vfRemoved} removed by the host: traffic on the synthetic path`;
	}

	if (rates?.vfDevice?.replaced) {
		return `VF ${rates.vfDevice.name} re-added with the driver's defaults (settings made before are lost)`;
	}

	return '';
}

/** A notice and the snapshot time it was seen at. */
export type HeldNotice = {readonly device: string; readonly text: string; readonly at: number};

/** How long a servicing notice stays on the status line after it happened (snapshot time). */
export const noticeHoldMs = 30_000;

/** The notice to show now: a new one replaces the held one; the held one stays noticeHoldMs on its device. */
export function holdVfNotice(held: HeldNotice | undefined, device: string | undefined, rates: DeviceRates | undefined): HeldNotice | undefined {
	const text = vfServicingNote(rates);
	if (text && device !== undefined && rates) {
		return held?.text === text && held.device === device ? held : {device, text, at: rates.at};
	}

	if (!held || held.device !== device || !rates) {
		return held;
	}

	// The VF came back after its removal was said: the removal is old news.
	const stale = rates.at - held.at >= noticeHoldMs || (held.text.includes('removed') && rates.vfDevice !== undefined);
	return stale ? undefined : held;
}
