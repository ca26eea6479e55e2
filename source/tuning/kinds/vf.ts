// What the VF kinds (vf-channels, vf-rings, vf-coalesce) share: a reading of
// the VF paired with the netvsc device on screen (its name, instance, driver
// and one of its settings), the words that name it, and the effects every VF
// change has. The change is journaled under the netvsc device; the set op
// addresses the VF by its own name (contract 1 of issue 15).
import type {DeviceSnapshot} from '../../sources/source.js';
import type {Result, VfDeviceSnapshot} from '../../types.js';
import {ok} from '../../types.js';
import {failWith} from '../../errors.js';
import {vfDriverFacts, type VfDriverFacts} from '../../drivers/index.js';
import type {VfTarget} from '../types.js';

/** One setting of the VF, with the VF it was read from. */
export type VfReading<T> = {
	readonly vf: VfTarget;
	readonly driver: string;
	/** The driver's facts (bounds, defaults); undefined for a VF driver hvtop does not know. */
	readonly facts: VfDriverFacts | undefined;
	readonly vcpus: number;
	readonly value: T;
};

/** The VF's setting `what`, or why there is none to change (no VF, VF away, the driver lacks it). */
export function vfReading<T>(snap: DeviceSnapshot, what: string, pick: (vf: VfDeviceSnapshot) => Result<T> | undefined): Result<VfReading<T>> {
	const vf = snap.vfDevice;
	if (!vf) {
		return failWith('ENODEV', snap.vf
			? `${snap.name}'s VF ${snap.vf} cannot be read now (removed for host servicing, or not yet back): no VF ${what} to change`
			: `${snap.name} has no VF (Accelerated Networking is off): no VF ${what} to change`);
	}

	const part = pick(vf);
	if (part === undefined) {
		return failWith('EOPNOTSUPP', `${vf.name} (${vf.driver}) has no ${what} to set`);
	}

	if (!part.ok) {
		return part;
	}

	return ok({vf: {name: vf.name, instance: vf.instance}, driver: vf.driver, facts: vfDriverFacts(vf.driver), vcpus: snap.vcpus, value: part.value});
}

/** "enP30832s1 (the VF of eth0)": how plans and refusals name the VF. */
export const vfLabel = (dev: string, vf: VfTarget): string => `${vf.name} (the VF of ${dev})`;

/** The VF a dialog changes: named, with its driver, in the dialog's title. */
export const dialogVf = (reading: VfReading<unknown>): {name: string; driver: string} => ({name: reading.vf.name, driver: reading.driver});

/** What every VF change does besides its own effect. */
export function vfEffects(reading: VfReading<unknown>, requeues: boolean): string[] {
	const {vf, driver, facts} = reading;
	return [
		...(requeues ? [`the ${driver} driver re-creates ${vf.name}'s queues: VF traffic may pause for a moment`] : []),
		...(requeues && facts?.restartsQueueCounters !== false ? ['the VF\'s per-queue counters restart from zero'] : []),
		`host servicing re-adds the VF with the driver's defaults: the setting lasts until then unless made persistent`,
	];
}
