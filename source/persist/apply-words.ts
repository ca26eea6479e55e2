// The values `hvtop persist-apply KIND DEV FIELD=VALUE…` is given, as words a
// udev RUN+= line can carry (no quotes, no spaces, no `$` or `%`): a list is
// its numbers joined by commas, a word or number as it is. Which fields are
// lists is said here once, so the words read back as the values they were.
import type {FieldValue, ValueField, Values} from '../tuning/types.js';

const listFields: ReadonlySet<string> = new Set<ValueField>(['table', 'channelCpus', 'channelRelids']);
const wordFields: ReadonlySet<string> = new Set<ValueField>(['key', 'flowHashTcp4', 'flowHashTcp6', 'flowHashUdp4', 'flowHashUdp6', 'irqAffinity']);
const numberFields: ReadonlySet<string> = new Set<ValueField>(['combined', 'rx', 'tx', 'rxCqeFrames', 'rssQueues']);

/** At most this many entries in a list (MANA's table has 64, mlx5's up to 256, VMBus channels 64). */
const maxList = 4096;

export function valueWords(values: Values): string[] {
	return Object.entries(values).flatMap(([field, value]) => {
		if (value === undefined) {
			return [];
		}

		return [`${field}=${Array.isArray(value) ? (value as readonly number[]).join(',') : String(value as string | number)}`];
	});
}

type Parsed = {readonly value: FieldValue} | {readonly error: string};

function fieldValue(field: string, text: string): Parsed {
	if (listFields.has(field)) {
		const entries = text.split(',');
		return entries.length <= maxList && entries.every(entry => /^\d{1,9}$/.test(entry)) ? {value: entries.map(Number)} : {error: `${field}: a list of numbers joined by commas, got ${JSON.stringify(text)}`};
	}

	if (numberFields.has(field)) {
		return /^\d{1,9}$/.test(text) ? {value: Number(text)} : {error: `${field}: a number, got ${JSON.stringify(text)}`};
	}

	return /^[\w:.-]{1,1024}$/.test(text) ? {value: text} : {error: `${field}: a word of letters, digits and colons, got ${JSON.stringify(text)}`};
}

/** Words back to values; a string says which word is wrong. */
export function parseValueWords(words: readonly string[]): Values | string {
	const values: Record<string, FieldValue> = {};
	for (const word of words) {
		const equals = word.indexOf('=');
		const field = word.slice(0, Math.max(0, equals));
		if (equals <= 0 || !(listFields.has(field) || wordFields.has(field) || numberFields.has(field))) {
			return `${JSON.stringify(word)} is not FIELD=VALUE with a known field`;
		}

		const parsed = fieldValue(field, word.slice(equals + 1));
		if ('error' in parsed) {
			return parsed.error;
		}

		values[field] = parsed.value;
	}

	return values as Values;
}
