// The same `ethtool -S` name list comes every second, so what each position
// means is worked out once per list (a plan) and kept: a few lists at once
// (one per device, a netvsc device and its VF, a list that changed shape
// after a channel change), most recently used first. A list is matched name by
// name, so a stat can never land on the wrong queue; the model sends the same
// name strings every tick, so each check is a pointer comparison.
import type {Stat} from '../../types.js';

export type NamedPlan = {readonly names: readonly string[]};

function sameNames(names: readonly string[], stats: readonly Stat[]): boolean {
	if (names.length !== stats.length) {
		return false;
	}

	for (let i = 0; i < names.length; i++) {
		if (stats[i]![0] !== names[i]) {
			return false;
		}
	}

	return true;
}

/** A plan lookup by (key, name list) that makes and keeps at most `limit` plans. */
export function planCache<P extends NamedPlan>(limit: number, make: (stats: readonly Stat[], key: string) => P): (stats: readonly Stat[], key: string) => P {
	const plans: Array<{key: string; plan: P}> = [];
	return (stats, key) => {
		for (let p = 0; p < plans.length; p++) {
			const entry = plans[p]!;
			if (entry.key === key && sameNames(entry.plan.names, stats)) {
				if (p > 0) {
					plans.splice(p, 1);
					plans.unshift(entry);
				}

				return entry.plan;
			}
		}

		const plan = make(stats, key);
		plans.unshift({key, plan});
		if (plans.length > limit) {
			plans.length = limit;
		}

		return plan;
	};
}
