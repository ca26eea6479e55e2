// Each metric's label sets, made once and handed out again scrape after
// scrape. prom-client formats a set's labels once per object (a WeakMap), so
// one object per series means a steady machine's ~1500 series are formatted
// once, not at every scrape; and a scrape that makes no label objects for
// series it has seen leaves little alive long enough to be promoted to V8's
// old generation (what grew the exporter's heap between full collections).
import {catalogue, type Labels, type LabelValues, type MetricKey} from './catalogue.js';

export type LabelSets = {
	/** The one labels object of this metric's series with these values. */
	of<K extends MetricKey>(key: K, values: LabelValues<K>): Labels;
	/** Lets go of the sets not asked for since the last sweep (a device or queue that is gone). */
	sweep(): void;
};

type Entry = {readonly labels: Labels; seen: boolean};

export function createLabelSets(): LabelSets {
	const known = new Map<MetricKey, Map<string, Entry>>();
	return {
		of(key, values) {
			const names: readonly string[] = catalogue[key].labels;
			const list = values as readonly string[];
			let sets = known.get(key);
			if (!sets) {
				sets = new Map();
				known.set(key, sets);
			}

			// JSON keeps any two different tuples apart, whatever characters the values hold.
			const id = list.length === 1 ? list[0]! : JSON.stringify(list);
			const entry = sets.get(id);
			if (entry) {
				entry.seen = true;
				return entry.labels;
			}

			const labels: Record<string, string> = {};
			for (const [index, name] of names.entries()) {
				labels[name] = list[index]!;
			}

			sets.set(id, {labels: Object.freeze(labels), seen: true});
			return labels;
		},
		sweep() {
			for (const sets of known.values()) {
				// Deleting the entry being visited is defined for Map#forEach, and it makes no entry pairs.
				sets.forEach((entry, id) => {
					if (entry.seen) {
						entry.seen = false;
					} else {
						sets.delete(id);
					}
				});
			}
		},
	};
}
