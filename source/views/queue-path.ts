// One NIC, two paths: the synthetic channels (hv_netvsc) and the VF's own
// queues (mana, mlx5_core) when the source reads the VF. Which one the queue
// view shows: the one that carries more packets, unless the admin picked one.
import type {DeviceRates, QueueRates, Totals} from '../stats/rates.js';
import type {QueueRole} from '../types.js';

export type QueuePath = 'synthetic' | 'vf';

/** What the admin picked with the path key; 'auto': the busier path. */
export type QueuePathChoice = QueuePath | 'auto';

/** What the queue table is drawn from: either path's queues, totals and imbalance. */
export type PathRates = {
	readonly queues: ReadonlyArray<QueueRates & {readonly role?: QueueRole}>;
	readonly totals: Totals;
	readonly imbalance: number;
};

const packets = (t: Totals): number => t.rxPps + t.txPps;

/** The path on screen: synthetic without a VF read through its driver; by default the VF when its packet rate exceeds the synthetic one. */
export function shownQueuePath(choice: QueuePathChoice | undefined, rates: DeviceRates | undefined): QueuePath {
	const vf = rates?.vfDevice;
	if (!vf) {
		return 'synthetic';
	}

	if (choice === 'synthetic' || choice === 'vf') {
		return choice;
	}

	return packets(vf.totals) > packets(rates.totals) ? 'vf' : 'synthetic';
}

export const otherPath = (path: QueuePath): QueuePath => (path === 'vf' ? 'synthetic' : 'vf');

/** The rates of a path (the VF's only when it is there). */
export const pathRates = (rates: DeviceRates, path: QueuePath): PathRates => (path === 'vf' && rates.vfDevice ? rates.vfDevice : rates);

/** A queue's role in a cell of five: a combined channel carries both directions. */
export const roleText = (role: QueueRole | undefined): string => (role === undefined ? '' : (role === 'combined' ? 'rx+tx' : role));

/** The key that switches the queue view between the paths (the keymap binds it; the title names it). */
export const pathKey = 'f';

/** The queue table's title when the device has both paths: which one is on screen, and how to see the other. */
export function pathTitle(path: QueuePath, rates: DeviceRates, driver: string | undefined): string {
	const vf = rates.vfDevice;
	if (!vf) {
		return '';
	}

	return path === 'vf'
		? `VF ${vf.name} (${vf.driver}) queues  ·  ${pathKey}: synthetic channels`
		: `synthetic ${driver ?? 'hv_netvsc'} channels  ·  ${pathKey}: VF ${vf.name} (${vf.driver}) queues`;
}
