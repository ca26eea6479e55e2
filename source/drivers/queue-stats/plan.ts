// What each position of one `ethtool -S` name list is, worked out once per
// layout (the same names come every second; a 64-queue list is over a
// thousand): for each queue and direction the positions whose values add up
// to packets, bytes and drops, and the positions of the device counters.
import type {QueueRole} from '../../types.js';
import {maxQueues} from '../limits.js';
import type {BlockShape, Direction, Family, FieldNames, NamedShape, QueueField, QueueLayout} from './shapes.js';

/** Positions whose values add up to each field (absent: the driver has no such counter). */
export type PlanFields = Readonly<Partial<Record<QueueField, Int32Array>>>;

export type {QueueRole} from '../../types.js';

export type PlanQueue = {
	readonly index: number;
	readonly role: QueueRole;
	readonly rx?: PlanFields;
	readonly tx?: PlanFields;
};

export type Plan = {
	readonly names: readonly string[];
	/** The family that named the queues ('' when none did: totals only). */
	readonly family: string;
	readonly queues: readonly PlanQueue[];
	readonly totals: Int32Array;
};

// Driver strings are at most 31 characters (ETH_GSTRING_LEN); a longer name is
// not matched against any shape. A list longer than maxStats is classified up
// to there; the rest are device counters.
const maxNameLength = 64;
export const maxStats = 65_536;

const fields: readonly QueueField[] = ['packets', 'bytes', 'drops'];

/** What the queues of one family are being built from: per queue, per direction, per field, counter → position. */
type Draft = Map<number, {dirs: Set<Direction | 'channel'>; rx: Map<QueueField, Map<string, number>>; tx: Map<QueueField, Map<string, number>>}>;

function fieldOf(names: FieldNames | undefined, counter: string): QueueField | undefined {
	return names === undefined ? undefined : fields.find(field => names[field]?.includes(counter));
}

function add(draft: Draft, index: number, dir: Direction | 'channel', field: QueueField | undefined, counter: string, position: number): void {
	let queue = draft.get(index);
	if (queue === undefined) {
		queue = {dirs: new Set(), rx: new Map(), tx: new Map()};
		draft.set(index, queue);
	}

	queue.dirs.add(dir);
	if (field !== undefined && dir !== 'channel') {
		let counters = queue[dir].get(field);
		if (counters === undefined) {
			counters = new Map();
			queue[dir].set(field, counters);
		}

		// A repeated name is the same counter: the last one counts once.
		counters.set(counter, position);
	}
}

function matchNamed(shape: NamedShape, name: string): {index: number; dir: Direction | 'channel'; counter: string} | undefined {
	const groups = shape.pattern.exec(name)?.groups;
	const index = Number(groups?.['q']);
	const dir = (groups?.['dir'] as Direction | undefined) ?? shape.direction;
	if (groups === undefined || !(index < maxQueues) || dir === undefined) {
		return undefined;
	}

	return {index, dir, counter: groups['counter'] ?? ''};
}

/** Claims the positions of `names` one family's named shapes match; returns how many. */
function draftNamed(shapes: readonly NamedShape[], names: readonly string[], draft: Draft, claimed: Uint8Array): number {
	let count = 0;
	for (let i = 0; i < names.length && i < maxStats; i++) {
		const name = names[i]!;
		if (name.length > maxNameLength) {
			continue;
		}

		for (const shape of shapes) {
			const match = matchNamed(shape, name);
			if (match !== undefined) {
				const names = match.dir === 'channel' ? undefined : shape[match.dir];
				add(draft, match.index, match.dir, fieldOf(names, match.counter), match.counter, i);
				claimed[i] = 1;
				count++;
				break;
			}
		}
	}

	return count;
}

/** Claims the positions inside vmxnet3-style blocks; returns how many. */
function draftBlocks(shape: BlockShape, names: readonly string[], draft: Draft, claimed: Uint8Array): number {
	const seen = {rx: 0, tx: 0};
	let current: {dir: Direction; index: number} | undefined;
	let count = 0;
	for (let i = 0; i < names.length && i < maxStats; i++) {
		const name = names[i]!;
		const header = shape.headers.get(name);
		if (header !== undefined) {
			current = seen[header] < maxQueues ? {dir: header, index: seen[header]++} : undefined;
		} else if (shape.ends.has(name)) {
			current = undefined;
		}

		if (current === undefined || name.length > maxNameLength) {
			continue;
		}

		add(draft, current.index, current.dir, header === undefined ? fieldOf(shape[current.dir], name) : undefined, name, i);
		claimed[i] = 1;
		count++;
	}

	return count;
}

const positions = (counters: Map<string, number> | undefined): Int32Array | undefined =>
	counters === undefined ? undefined : Int32Array.from([...counters.values()].sort((a, b) => a - b));

function planFields(byField: Map<QueueField, Map<string, number>>): PlanFields {
	const out: Partial<Record<QueueField, Int32Array>> = {};
	for (const field of fields) {
		const at = positions(byField.get(field));
		if (at !== undefined) {
			out[field] = at;
		}
	}

	return out;
}

function toQueues(draft: Draft): PlanQueue[] {
	return [...draft.entries()].sort((a, b) => a[0] - b[0]).map(([index, queue]) => {
		const rx = queue.dirs.has('rx');
		const tx = queue.dirs.has('tx');
		const role: QueueRole = rx && !tx && !queue.dirs.has('channel') ? 'rx' : (tx && !rx && !queue.dirs.has('channel') ? 'tx' : 'combined');
		return {
			index,
			role,
			...(rx ? {rx: planFields(queue.rx)} : {}),
			...(tx ? {tx: planFields(queue.tx)} : {}),
		};
	});
}

function draftFamily(family: Family, names: readonly string[]): {draft: Draft; claimed: Uint8Array; count: number} {
	const draft: Draft = new Map();
	const claimed = new Uint8Array(names.length);
	const named = family.shapes.filter((shape): shape is NamedShape => shape.kind === 'named');
	let count = draftNamed(named, names, draft, claimed);
	for (const shape of family.shapes) {
		if (shape.kind === 'blocks') {
			count += draftBlocks(shape, names, draft, claimed);
		}
	}

	return {draft, claimed, count};
}

/**
 * The plan for one name list. Layouts are tried in order and the first that
 * matches anything wins; within it, the family that claims the most names
 * names the queues. Every name it does not claim is a device counter.
 */
export function makePlan(names: readonly string[], layouts: readonly QueueLayout[]): Plan {
	for (const layout of layouts) {
		let best: (ReturnType<typeof draftFamily> & {name: string}) | undefined;
		for (const family of layout.families) {
			const attempt = draftFamily(family, names);
			if (attempt.count > (best?.count ?? 0)) {
				best = {...attempt, name: family.name};
			}
		}

		if (best !== undefined) {
			const totals: number[] = [];
			for (let i = 0; i < names.length; i++) {
				if (best.claimed[i] === 0) {
					totals.push(i);
				}
			}

			return {names, family: best.name, queues: toQueues(best.draft), totals: Int32Array.from(totals)};
		}
	}

	return {names, family: '', queues: [], totals: Int32Array.from(names.keys())};
}
