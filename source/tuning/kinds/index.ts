// The registry of change kinds. A new kind (RSS table, flow hash, channel CPU,
// …) is one file beside these that implements ChangeKindSpec, plus one line
// here; everything that carries a change looks its kind up in this table.
import type {DeviceSnapshot, Source} from '../../sources/source.js';
import type {Result} from '../../types.js';
import {ok} from '../../types.js';
import {failWith} from '../../errors.js';
import type {PlanResult} from '../plan.js';
import type {ChangeRequest, Values} from '../types.js';
import {channels} from './channels.js';
import type {ChangeKindSpec, KindInput} from './kind.js';
import {rings} from './rings.js';

export const kinds = {
	channels,
	rings,
} as const;

export type ChangeKind = keyof typeof kinds;

export const kindNames = Object.keys(kinds) as readonly ChangeKind[];

export const isChangeKind = (name: string): name is ChangeKind => Object.hasOwn(kinds, name);

/** The kind's declaration, with its reading type erased: callers pass a kind's own data back to it. */
export const kindOf = (kind: ChangeKind): ChangeKindSpec<any> => kinds[kind];

/** Plans a change of any kind against a snapshot. */
export function planChange(kind: ChangeKind, dev: string, snap: DeviceSnapshot, input: KindInput): PlanResult {
	const spec = kindOf(kind);
	return spec.plan(dev, spec.reading(snap), input);
}

/** The values a kind of change compares, read from one snapshot. */
export function valuesOf(kind: ChangeKind, snap: DeviceSnapshot): Result<Values> {
	const spec = kindOf(kind);
	const reading = spec.reading(snap) as Result<unknown>;
	return reading.ok ? ok(spec.values(reading.value)) : reading;
}

/** Read the device's current values for this kind of change. */
export async function readValues(source: Source, dev: string, kind: ChangeKind, now: number): Promise<Result<Values>> {
	let snap;
	try {
		snap = await source.snapshot(dev, now);
	} catch (error) {
		return failWith('EIO', `read-back failed: ${(error as Error).message}`);
	}

	return snap.ok ? valuesOf(kind, snap.value) : snap;
}

/** Values as a set request (restoring `before`): only the fields present. */
export function toRequest(values: Values): ChangeRequest {
	return {
		...(values.combined === undefined ? {} : {combined: values.combined}),
		...(values.rx === undefined ? {} : {rx: values.rx}),
		...(values.tx === undefined ? {} : {tx: values.tx}),
	};
}

/** The argv that puts the device back by hand, as an admin types it. */
export function restoreCommand(change: {readonly dev: string; readonly kind: ChangeKind; readonly before: Values}): string {
	const values = (['combined', 'rx', 'tx'] as const).flatMap(key => (change.before[key] === undefined ? [] : [key, String(change.before[key])]));
	return `ethtool ${kindOf(change.kind).ethtoolSet} ${change.dev} ${values.join(' ')}`;
}

export type {ChangeKindSpec, KindInput} from './kind.js';
