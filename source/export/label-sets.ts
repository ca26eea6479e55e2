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

/** A series seen since the last sweep or not; its labels are the object the Registry keeps formatted. */
type Leaf = {readonly labels: Labels; seen: boolean};
/**
 * One label value's place in a metric's tree: the series whose values end here,
 * and the next value's places. Looking a series up walks one Map per value and
 * makes nothing (a key built of the values was ~170 KB of garbage a scrape).
 */
type Node = {leaf?: Leaf; readonly next: Map<string, Node>};

const newNode = (): Node => ({next: new Map()});

/** Drops the series not seen since the last sweep, and the places left empty; true when this one is empty. */
function sweepNode(node: Node): boolean {
	if (node.leaf?.seen === false) {
		delete node.leaf;
	} else if (node.leaf) {
		node.leaf.seen = false;
	}

	// One callback for every node (the node is its `this`): a closure per node would be
	// garbage at every scrape. Deleting the entry being visited is defined for Map#forEach.
	// eslint-disable-next-line unicorn/no-array-method-this-argument -- a Map's forEach, not an array's
	node.next.forEach(sweepChild, node);
	return node.leaf === undefined && node.next.size === 0;
}

function sweepChild(this: Node, child: Node, value: string): void {
	if (sweepNode(child)) {
		this.next.delete(value);
	}
}

export function createLabelSets(): LabelSets {
	const roots = new Map<MetricKey, Node>();
	return {
		of(key, values) {
			const list = values as readonly string[];
			let node = roots.get(key);
			if (!node) {
				node = newNode();
				roots.set(key, node);
			}

			// An index loop: before V8 optimizes this, for…of makes an iterator result per value.
			for (let index = 0; index < list.length; index++) {
				const value = list[index]!;
				let child: Node | undefined = node.next.get(value);
				if (!child) {
					child = newNode();
					node.next.set(value, child);
				}

				node = child;
			}

			if (node.leaf) {
				node.leaf.seen = true;
				return node.leaf.labels;
			}

			const names: readonly string[] = catalogue[key].labels;
			const labels: Record<string, string> = {};
			for (const [index, name] of names.entries()) {
				labels[name] = list[index]!;
			}

			node.leaf = {labels: Object.freeze(labels), seen: true};
			return node.leaf.labels;
		},
		sweep() {
			for (const root of roots.values()) {
				sweepNode(root);
			}
		},
	};
}
