// The `/` filter of the queue and CPU tables: which queues or CPUs to show,
// as numbers and ranges ("0-3,8"), the way taskset and smp_affinity_list
// write CPU lists.

export type NumberFilter =
	| {readonly ok: true; readonly has: (n: number) => boolean; readonly text: string}
	| {readonly ok: false; readonly text: string; readonly message: string};

/** Undefined for an empty filter (everything shows). */
export function parseNumberFilter(text: string | undefined): NumberFilter | undefined {
	const trimmed = (text ?? '').trim();
	if (trimmed === '') {
		return undefined;
	}

	const ranges: Array<readonly [number, number]> = [];
	for (const part of trimmed.split(/[,\s]+/).filter(Boolean)) {
		const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
		if (!match) {
			return {ok: false, text: trimmed, message: `"${trimmed}" is not numbers and ranges (e.g. 0-3,8): nothing filtered`};
		}

		const from = Number(match[1]);
		const to = match[2] === undefined ? from : Number(match[2]);
		ranges.push(from <= to ? [from, to] : [to, from]);
	}

	return {ok: true, text: trimmed, has: n => ranges.some(([from, to]) => n >= from && n <= to)};
}

/** The note under a filtered table: what it shows of what, or why it shows everything. */
export function filterNote(filter: NumberFilter | undefined, shown: number, total: number, noun: string): string {
	if (!filter) {
		return '';
	}

	return filter.ok ? `filter ${filter.text}: ${shown} of ${total} ${noun} (/ to change, Esc there clears)` : filter.message;
}
