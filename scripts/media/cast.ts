// asciicast v2 (docs.asciinema.org/manual/asciicast/v2): a header line, then
// one `[seconds, "o", data]` line per output event. Times are virtual
// milliseconds in memory and seconds in the file.

/** [virtual ms, output]. */
export type CastEvent = readonly [number, string];

export type CastHeader = {
	readonly version: 2;
	readonly width: number;
	readonly height: number;
	readonly title?: string;
	readonly env?: Readonly<Record<string, string>>;
};

export type Cast = {
	readonly header: CastHeader;
	readonly events: readonly CastEvent[];
};

/** No timestamp, no duration: nothing that differs between two recordings of the same thing. */
export function formatCast(cast: Cast): string {
	const lines = [JSON.stringify(cast.header)];
	for (const [ms, data] of cast.events) {
		lines.push(JSON.stringify([ms / 1000, 'o', data]));
	}

	return `${lines.join('\n')}\n`;
}

export function parseCast(text: string): Cast {
	const [first, ...rest] = text.split('\n').filter(line => line.trim() !== '');
	if (first === undefined) {
		throw new Error('empty cast');
	}

	const header = JSON.parse(first) as CastHeader;
	if (header.version !== 2 || !Number.isInteger(header.width) || !Number.isInteger(header.height)) {
		throw new Error('not an asciicast v2 header');
	}

	const events: CastEvent[] = [];
	for (const line of rest) {
		const event = JSON.parse(line) as unknown;
		if (!Array.isArray(event) || typeof event[0] !== 'number' || typeof event[2] !== 'string') {
			throw new TypeError(`bad cast event: ${line}`);
		}

		if (event[1] === 'o') {
			events.push([Math.round(event[0] * 1000), event[2]]);
		}
	}

	return {header, events};
}
