// The registry of change kinds. A new kind (RSS table, flow hash, channel CPU,
// …) is one file beside these that implements ChangeKindSpec, plus one line
// here; everything that carries a change looks its kind up in this table.
import type {DeviceSnapshot, Source} from '../../sources/source.js';
import type {Result} from '../../types.js';
import {ok} from '../../types.js';
import {failWith} from '../../errors.js';
import {fieldWords, valueFields, type PlanResult} from '../plan.js';
import type {ChangeRequest, Values, VfTarget} from '../types.js';
import {channelCpu} from './channel-cpu.js';
import {channels} from './channels.js';
import {flowHash} from './flow-hash.js';
import {irqCpu} from './irq-cpu.js';
import type {ChangeKindSpec, KindInput, PlanContext} from './kind.js';
import {rings} from './rings.js';
import {rss} from './rss.js';
import {vfChannels} from './vf-channels.js';
import {vfCoalesce} from './vf-coalesce.js';
import {vfRings} from './vf-rings.js';
import {vfRss} from './vf-rss.js';
import {vfLabel} from './vf.js';

export const kinds = {
	channels,
	rings,
	'vf-channels': vfChannels,
	'vf-rings': vfRings,
	'vf-coalesce': vfCoalesce,
	rss,
	'vf-rss': vfRss,
	'flow-hash': flowHash,
	'channel-cpu': channelCpu,
	'irq-cpu': irqCpu,
} as const;

export type ChangeKind = keyof typeof kinds;

export const kindNames = Object.keys(kinds) as readonly ChangeKind[];

export const isChangeKind = (name: string): name is ChangeKind => Object.hasOwn(kinds, name);

/** The kind's declaration, with its reading type erased: callers pass a kind's own data back to it. */
export const kindOf = (kind: ChangeKind): ChangeKindSpec<any> => kinds[kind];

/** Plans a change of any kind against a snapshot. */
export function planChange(kind: ChangeKind, dev: string, snap: DeviceSnapshot, input: KindInput, context?: PlanContext): PlanResult {
	const spec = kindOf(kind);
	return spec.plan(dev, spec.reading(snap), input, context);
}

/** A kind whose changes are made on the device's VF (vf-channels, …), not on the device. */
export const targetsVf = (kind: ChangeKind): boolean => kindOf(kind).vf !== undefined;

/** The VF a VF change was made on is gone: removed, or replaced by a new instance (host servicing). */
export const vfLost = <T = never>(vf: VfTarget, now?: VfTarget): Result<T> => failWith('EVFLOST', now
	? `${vf.name} was replaced by a new VF (${now.name}, instance ${now.instance}; was ${vf.instance}) with the driver's defaults`
	: `${vf.name} (instance ${vf.instance}) was removed`);

/**
 * The values a kind of change compares, read from one snapshot. With `vf` (the
 * instance a VF change was made on), a VF that is away or another instance is
 * EVFLOST: its values belong to a VF the change never touched.
 */
export function valuesOf(kind: ChangeKind, snap: DeviceSnapshot, vf?: VfTarget): Result<Values> {
	const spec = kindOf(kind);
	if (vf && spec.vf) {
		const now = snap.vfDevice;
		if (now?.instance !== vf.instance) {
			return vfLost(vf, now ? {name: now.name, instance: now.instance} : undefined);
		}
	}

	const reading = spec.reading(snap) as Result<unknown>;
	return reading.ok ? ok(spec.values(reading.value)) : reading;
}

/** Read the device's current values for this kind of change (of the VF instance `vf`, for a VF change). */
export async function readValues(source: Source, dev: string, kind: ChangeKind, now: number, vf?: VfTarget): Promise<Result<Values>> {
	let snap;
	try {
		snap = await source.snapshot(dev, now);
	} catch (error) {
		return failWith('EIO', `read-back failed: ${(error as Error).message}`);
	}

	return snap.ok ? valuesOf(kind, snap.value, vf) : snap;
}

/** Values as a set request (restoring `before`): only the fields present. */
export function toRequest(values: Values): ChangeRequest {
	return Object.fromEntries(valueFields.flatMap(field => (values[field] === undefined ? [] : [[field, values[field]]])));
}

/**
 * What a change is about, in words: "eth0 channels" for the device's own
 * settings, "VF channels of enP30832s1 (the VF of eth0)" for a VF's.
 */
export const changeSubject = (change: {readonly dev: string; readonly kind: ChangeKind; readonly vf?: VfTarget}): string =>
	change.vf ? `${kindOf(change.kind).noun} of ${vfLabel(change.dev, change.vf)}` : `${change.dev} ${change.kind}`;

/** The dialog's title: which setting of which device (a VF: with its driver and the device it serves). */
export const dialogTitle = (kind: ChangeKind, dev: string, vf?: {readonly name: string; readonly driver: string}): string =>
	`Change ${kindOf(kind).noun} of ${vf ? `${vf.name} (${vf.driver}, the VF of ${dev})` : dev}`;

/** The argv that puts the device (a VF change: its VF) back by hand, as an admin types it. */
export function restoreCommand(change: {readonly dev: string; readonly kind: ChangeKind; readonly before: Values; readonly after?: Values; readonly vf?: VfTarget}): string {
	const own = kindOf(change.kind).restore?.(change.vf?.name ?? change.dev, change.before, change.after);
	if (own !== undefined) {
		return own;
	}

	const values = valueFields.flatMap(key => (change.before[key] === undefined ? [] : [fieldWords[key], String(change.before[key])]));
	return `ethtool ${kindOf(change.kind).ethtoolSet} ${change.vf?.name ?? change.dev} ${values.join(' ')}`;
}

export type {ChangeKindSpec, KindInput, PlanContext} from './kind.js';
