// `-l` and `-g` share a layout: a `Pre-set maximums:` block and a `Current
// hardware settings:` block of `Label:<TABs>value` lines. Values are read by
// (block, label) because labels repeat between blocks and lines were added
// over the years (RX Buf Len, TX push buff len…); unknown labels are skipped.
import {parseCount, splitLabel, toLines} from './text.js';

export type Block = 'max' | 'current';

const blockHeaders = new Map<string, Block>([
	['Pre-set maximums:', 'max'],
	['Current hardware settings:', 'current'],
]);

/** `n/a` (netlink: driver reports nothing) is read as 0, like the ioctl path's 0. */
export type BlockValue = number | 'invalid';

/** (block, label) → value for the wanted labels; the first occurrence wins. */
export function readBlocks(text: string, wanted: ReadonlySet<string>): Map<string, BlockValue> {
	const values = new Map<string, BlockValue>();
	let block: Block | undefined;
	for (const line of toLines(text)) {
		const header = blockHeaders.get(line.trim());
		if (header) {
			block = header;
			continue;
		}

		const pair = splitLabel(line);
		if (!block || !pair || !wanted.has(pair.label)) {
			continue;
		}

		const key = blockKey(block, pair.label);
		if (!values.has(key)) {
			values.set(key, pair.value === 'n/a' ? 0 : parseCount(pair.value) ?? 'invalid');
		}
	}

	return values;
}

export function blockKey(block: Block, label: string): string {
	return `${block}/${label}`;
}
