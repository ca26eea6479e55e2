// A VF servicing (removed, re-added) stays said on the status line for a
// while (snapshot time, views/vf-notice.ts), not for one tick.
import {useRef} from 'react';
import type {DeviceRates} from '../stats/rates.js';
import {holdVfNotice, type HeldNotice} from '../views/vf-notice.js';

/** The servicing notice for the device on screen, or ''. */
export default function useVfNotice(device: string | undefined, rates: DeviceRates | undefined): string {
	const held = useRef<HeldNotice | undefined>(undefined);
	const notice = holdVfNotice(held.current, device, rates);
	held.current = notice;
	return notice && notice.device === device ? notice.text : '';
}
