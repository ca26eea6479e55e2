// What `hvtop persist` makes last, read from one snapshot: per target (the
// device, its VF), the values of every kind that declares `persist`, and the
// keys each mechanism writes for them. The kinds say how (kinds/kind.ts:
// PersistSpec); this file only gathers.
import type {DeviceSnapshot} from '../sources/source.js';
import {kindNames, kindOf, valuesOf, type ChangeKind} from '../tuning/kinds/index.js';
import type {PersistSpec} from '../tuning/kinds/kind.js';
import type {FieldValue, Values} from '../tuning/types.js';
import type {LinkSetting} from './link-plan.js';

export type PersistTarget = 'device' | 'vf';

export type KnobValue = {readonly kind: ChangeKind; readonly field: string; readonly value: FieldValue; readonly linkKey?: string};

export type TargetSettings = {
	readonly target: PersistTarget;
	/** The netdev: the device, or its VF. */
	readonly name: string;
	readonly knobs: readonly KnobValue[];
	/** Kinds whose values no .link key expresses (a udev rule carries them). */
	readonly unlinked: ReadonlyArray<{readonly kind: ChangeKind; readonly values: Values}>;
	/** Why a kind was left out (cannot be read now). */
	readonly skipped: readonly string[];
	/** Kinds hvtop cannot make last, with the reason (said, never silently dropped). */
	readonly unpersistable: ReadonlyArray<{readonly kind: ChangeKind; readonly why: string}>;
};

/** The driver has no such setting: nothing to keep, not a failure. */
const lacksFeature = (code: string): boolean => code === 'EOPNOTSUPP' || code === 'ENOSYS';

const persistOf = (kind: ChangeKind): PersistSpec | undefined => kindOf(kind).persist;

/** The kinds that say how they last (or why they cannot). */
export const persistableKinds = (): ChangeKind[] => kindNames.filter(kind => persistOf(kind) !== undefined);

/** Every .link key a kind declares: hvtop's own keys in its files. */
export const managedLinkKeys = (): string[] => [...new Set(persistableKinds().flatMap(kind => Object.values(persistOf(kind)!.link ?? {})))];

/** The .link key per field of a kind, or undefined. */
export const linkKeyOf = (kind: ChangeKind, field: string): string | undefined => persistOf(kind)?.link?.[field];

export function targetSettings(snap: DeviceSnapshot, target: PersistTarget, only?: readonly ChangeKind[]): TargetSettings | undefined {
	const name = target === 'device' ? snap.name : snap.vfDevice?.name;
	if (name === undefined) {
		return undefined;
	}

	const knobs: KnobValue[] = [];
	const unlinked: Array<{kind: ChangeKind; values: Values}> = [];
	const skipped: string[] = [];
	const unpersistable: Array<{kind: ChangeKind; why: string}> = [];
	for (const kind of persistableKinds()) {
		const spec = persistOf(kind)!;
		if (spec.target !== target || (only && !only.includes(kind))) {
			continue;
		}

		if (spec.notPersistable !== undefined) {
			unpersistable.push({kind, why: spec.notPersistable});
			continue;
		}

		const values = valuesOf(kind, snap);
		if (!values.ok) {
			// A kind the driver does not have (veth's rings) is not an error: there is nothing to keep.
			// Any other failure (ethtool timed out, the device went away) is said: never a silent gap.
			if (only?.includes(kind) || !lacksFeature(values.error.code)) {
				skipped.push(`${kind}: ${values.error.message}`);
			}

			continue;
		}

		// What persist-apply is given is all that lasts (channel-cpu leaves out the relids a boot renumbers).
		const kept = spec.rule && 'apply' in spec.rule ? spec.rule.apply(values.value) : values.value;
		const fields = Object.entries(kept).filter(([, value]) => value !== undefined) as Array<[string, FieldValue]>;
		if (spec.link) {
			knobs.push(...fields.map(([field, value]) => ({kind, field, value, ...(spec.link![field] ? {linkKey: spec.link![field]} : {})})));
		} else if (spec.rule) {
			knobs.push(...fields.map(([field, value]) => ({kind, field, value})));
			unlinked.push({kind, values: kept});
		}
	}

	return {target, name, knobs, unlinked, skipped, unpersistable};
}

/** The [Link] lines of a target's knobs. */
export const linkSettings = (settings: TargetSettings): LinkSetting[] =>
	settings.knobs.flatMap(knob => (knob.linkKey === undefined ? [] : [[knob.linkKey, String(knob.value)] as const]));
